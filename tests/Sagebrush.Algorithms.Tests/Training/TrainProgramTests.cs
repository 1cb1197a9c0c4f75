using Sagebrush.Algorithms.Tests.Support;

namespace Sagebrush.Algorithms.Tests.Training;

/// <summary>The <c>train</c> contract as the platform sees it: a process, the SM_* paths, output/failure and the exit code.</summary>
public sealed class TrainProgramTests : IDisposable
{
    private readonly Workspace _workspace = new();

    [Fact]
    public async Task AMissingHyperParameterFailsAtOnceWithAClientErrorAndExitCode1()
    {
        _workspace.HyperParameters(new Dictionary<string, string> { ["objective"] = "binary:logistic" })
            .Channel("train", "text/csv", new Dictionary<string, string> { ["data.csv"] = "1,2\n0,3\n" });

        var (exitCode, _, _) = await AlgorithmsProcess.TrainAsync("xgboost", _workspace.Environment);

        Assert.Equal(1, exitCode);
        Assert.Equal("ClientError: Hyperparameter 'num_round' is required.", _workspace.Failure);
        Assert.False(File.Exists(_workspace.ModelFile));
    }

    [Fact]
    public async Task DataThatIsNotNumericIsAClientErrorNamingTheChannelAndLine()
    {
        _workspace.HyperParameters(new Dictionary<string, string> { ["num_round"] = "2" })
            .Channel("train", "text/csv", new Dictionary<string, string> { ["data.csv"] = "1,2\n0,abc\n" });

        var (exitCode, _, _) = await AlgorithmsProcess.TrainAsync("xgboost", _workspace.Environment);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("ClientError: Channel 'train' could not be read as text/csv:", _workspace.Failure, StringComparison.Ordinal);
        Assert.Contains("line 2", _workspace.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutATrainChannelTheJobFailsNamingIt()
    {
        _workspace.HyperParameters(new Dictionary<string, string> { ["num_round"] = "2" })
            .Channel("validation", "text/csv", new Dictionary<string, string> { ["data.csv"] = "1,2\n" });

        var (exitCode, _, _) = await AlgorithmsProcess.TrainAsync("xgboost", _workspace.Environment);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("ClientError: Channel 'train' is required", _workspace.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecordIoProtobufIsRefusedNamingTheContentType()
    {
        _workspace.HyperParameters(new Dictionary<string, string> { ["num_round"] = "2" })
            .Channel("train", "application/x-recordio-protobuf", new Dictionary<string, string> { ["data.rec"] = "x" });

        var (exitCode, _, _) = await AlgorithmsProcess.TrainAsync("xgboost", _workspace.Environment);

        Assert.Equal(1, exitCode);
        Assert.Contains("'application/x-recordio-protobuf'", _workspace.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabelsOutsideTheObjectivesRangeAreTheUsersError()
    {
        _workspace.HyperParameters(new Dictionary<string, string> { ["num_round"] = "2", ["objective"] = "binary:logistic" })
            .Channel("train", "text/csv", new Dictionary<string, string> { ["data.csv"] = "3,2\n0,3\n" });

        var (exitCode, _, _) = await AlgorithmsProcess.TrainAsync("xgboost", _workspace.Environment);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("ClientError: XGBoost: ", _workspace.Failure, StringComparison.Ordinal);
        Assert.Contains("label", _workspace.Failure, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TrainingLogsTheContainersEvaluationLinesAndWritesXGBoostModel()
    {
        _workspace.HyperParameters(new Dictionary<string, string> { ["num_round"] = "3", ["max_depth"] = "2" })
            .Channel("train", null, new Dictionary<string, string> { ["data.libsvm"] = "1 0:1 1:2\n0 0:2\n1 1:3\n0 0:0.5 1:0.5\n" });

        var (exitCode, output, errors) = await AlgorithmsProcess.TrainAsync("xgboost", _workspace.Environment);

        Assert.True(exitCode == 0, errors);
        Assert.Matches(@"(?m)^\[0\]#011train-rmse:[0-9]+\.[0-9]{5}$", output);
        Assert.Matches(@"(?m)^\[2\]#011train-rmse:[0-9]+\.[0-9]{5}$", output);
        Assert.True(File.Exists(_workspace.ModelFile));
        Assert.Null(_workspace.Failure);
    }

    public void Dispose() => _workspace.Dispose();
}
