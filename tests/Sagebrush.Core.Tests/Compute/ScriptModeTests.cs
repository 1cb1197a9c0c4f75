using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Tests.Compute;

public sealed class ScriptModeTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(100000.0, "100000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(123.456e-10, "1.23456e-08")]
    public void FloatsPrintAsPythonReprPrintsThem(double value, string expected) =>
        Assert.Equal(expected, PythonJson.FloatRepr(value));

    [Fact]
    public void DumpsSortsKeysAndEscapesNonAsciiAsPythonDoes() =>
        Assert.Equal("""{"a":[1,2.0,null,true],"b":"caf\u00e9 \"q\""}""", PythonJson.Dumps(PythonJson.LoadsOrRaw("""{"b": "café \"q\"", "a": [1, 2.0, null, true]}""")));

    [Fact]
    public void ReprQuotesStringsAsPythonDoes() =>
        Assert.Equal("""['a', "it's", {'k': None}]""", PythonJson.Repr(PythonJson.LoadsOrRaw("""["a", "it's", {"k": null}]""")));

    [Fact]
    public void SageMakerKeysAreSplitFromTheUsersAndTheEntryPointIsDecoded()
    {
        var hps = ScriptModeHyperParameters.Parse(new Dictionary<string, string>
        {
            ["sagemaker_program"] = "\"train.py\"",
            ["sagemaker_submit_directory"] = "\"s3://b/src.tar.gz\"",
            ["sagemaker_mpi_enabled"] = "false",
            ["sagemaker_container_log_level"] = "10",
            ["alpha"] = "0.5",
        });

        Assert.Equal("train.py", hps.Program);
        Assert.Equal("s3://b/src.tar.gz", hps.SubmitDirectory);
        Assert.Equal(["alpha"], hps.User.Keys);
        Assert.Equal(["sagemaker_mpi_enabled"], hps.Framework.Keys);
        Assert.Equal("10", hps.LogLevel.ToJsonString());
        Assert.Equal(["--alpha", "0.5"], hps.ToArguments());
    }

    [Fact]
    public void TheEntryPointFallsBackToTheSageMakerProgramVariable()
    {
        var run = ExecutorScope.Run("j", "s3://b/k") with { HyperParameters = new Dictionary<string, string>(), Environment = new Dictionary<string, string> { ["SAGEMAKER_PROGRAM"] = "run.sh" } };
        var hps = ScriptModeHyperParameters.Parse(run.HyperParameters);

        var command = ScriptModeCommand.Create(run, hps, ScriptModeCommand.EntryPoint(run, hps)!, "algo-1", "/opt/ml", "/usr/bin/python3");

        Assert.Equal(["/bin/sh", "run.sh"], command.Command);
        Assert.Equal("/opt/ml/code", command.WorkingDirectory);
        Assert.Equal("/opt/ml/code", command.Environment["SM_MODULE_DIR"]);
    }
}
