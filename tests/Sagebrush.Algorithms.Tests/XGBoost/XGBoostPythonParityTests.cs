using System.Globalization;
using System.Text;
using System.Text.Json;
using Sagebrush.Algorithms.Tests.Support;
using Sagebrush.Algorithms.XGBoost;

namespace Sagebrush.Algorithms.Tests.XGBoost;

/// <summary>
/// Sagebrush's XGBoost against Python xgboost 1.7.4 (the same libxgboost), on fixed-seed data and scikit-learn's
/// shipped datasets: the same predictions, the same last evaluation line, and a model file Python loads and predicts
/// the same with.
/// </summary>
public sealed class XGBoostPythonParityTests : IDisposable
{
    private const string SklearnData = "/usr/lib/python3/dist-packages/sklearn/datasets/data/";
    private const double Tolerance = 1e-6;
    private readonly Workspace _workspace = new();

    [Fact]
    public async Task RegressionOnGeneratedDataPredictsAsPythonXGBoost()
    {
        var random = new Random(20240601);
        string Rows(int count)
        {
            var text = new StringBuilder();
            for (var i = 0; i < count; i++)
            {
                var x = Enumerable.Range(0, 6).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
                var y = (float)((3 * x[0]) - (x[1] * x[2]) + Math.Sin(x[3]) + (random.NextDouble() * 0.1));
                var missing = random.Next(10) == 0 ? "" : F(x[5]);
                text.Append(CultureInfo.InvariantCulture, $"{F(y)},{string.Join(',', x[..5].Select(F))},{missing}\n");
            }

            return text.ToString();
        }

        _workspace.Channel("train", "text/csv", new Dictionary<string, string> { ["part-1.csv"] = Rows(1500), ["part-2.csv"] = Rows(1500) })
            .Channel("validation", "text/csv", new Dictionary<string, string> { ["validation.csv"] = Rows(500) });
        var test = WriteTest("test.csv", string.Join('\n', Rows(200).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.IndexOf(',', StringComparison.Ordinal) + 1)..])));

        await AssertSameAsPythonAsync(new Dictionary<string, string>
        {
            ["num_round"] = "40",
            ["max_depth"] = "5",
            ["eta"] = "0.3",
            ["subsample"] = "0.8",
            ["colsample_bytree"] = "0.9",
            ["tree_method"] = "hist",
            ["eval_metric"] = "rmse,mae",
            ["early_stopping_rounds"] = "5",
            ["seed"] = "7",
            ["nthread"] = "2",
        }, "csv", test, "text/csv");
    }

    [Fact]
    public async Task BreastCancerClassificationPredictsAsPythonXGBoost()
    {
        // breast_cancer.csv: a header line with counts, then 30 features and the target last; the channel wants it first.
        var rows = File.ReadAllLines(SklearnData + "breast_cancer.csv").Skip(1)
            .Select(l => l.Split(','))
            .Select(f => $"{f[^1]},{string.Join(',', f[..^1])}")
            .ToList();
        _workspace.Channel("train", "text/csv", new Dictionary<string, string> { ["train.csv"] = string.Join('\n', rows.Where((_, i) => i % 5 != 0)) + "\n" })
            .Channel("validation", "text/csv; label_size=1", new Dictionary<string, string> { ["validation.csv"] = string.Join("\r\n", rows.Where((_, i) => i % 5 == 0)) + "\r\n" });
        var test = WriteTest("test.csv", string.Join('\n', rows.Where((_, i) => i % 5 == 0).Select(l => l[(l.IndexOf(',', StringComparison.Ordinal) + 1)..])));

        await AssertSameAsPythonAsync(new Dictionary<string, string>
        {
            ["num_round"] = "25",
            ["objective"] = "binary:logistic",
            ["max_depth"] = "3",
            ["eta"] = "0.2",
            ["min_child_weight"] = "2",
            ["gamma"] = "0.1",
            ["lambda"] = "2",
            ["alpha"] = "0.5",
            ["scale_pos_weight"] = "1.5",
            ["eval_metric"] = "error,logloss,auc",
            ["nthread"] = "2",
        }, "csv", test, "text/csv");
    }

    [Fact]
    public async Task IrisMultiClassFromLibSvmPredictsAsPythonXGBoost()
    {
        // iris.csv: header with counts, 4 features, class last. Written as libsvm without a ContentType (the default).
        var rows = File.ReadAllLines(SklearnData + "iris.csv").Skip(1)
            .Select(l => l.Split(','))
            .Select(f => $"{f[^1]} {string.Join(' ', f[..^1].Select((v, i) => (v, i)).Where(p => p.i != 2 || p.v != "1.4").Select(p => $"{p.i}:{p.v}"))}")
            .ToList();
        _workspace.Channel("train", null, new Dictionary<string, string>
        {
            ["a.libsvm"] = string.Join('\n', rows.Where((_, i) => i % 3 == 0)) + "\n",
            ["b.libsvm"] = string.Join('\n', rows.Where((_, i) => i % 3 == 1)) + "\n",
        }).Channel("validation", "text/libsvm", new Dictionary<string, string> { ["validation.libsvm"] = string.Join('\n', rows.Where((_, i) => i % 3 == 2)) + "\n" });
        var test = WriteTest("test.libsvm", string.Join('\n', rows.Where((_, i) => i % 3 == 2)) + "\n");

        await AssertSameAsPythonAsync(new Dictionary<string, string>
        {
            ["num_round"] = "15",
            ["objective"] = "multi:softprob",
            ["num_class"] = "3",
            ["max_depth"] = "3",
            ["nthread"] = "2",
        }, "libsvm", test, "text/libsvm");
    }

    public void Dispose() => _workspace.Dispose();

    private static string F(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private string WriteTest(string name, string content)
    {
        var path = Path.Combine(_workspace.Root, name);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task AssertSameAsPythonAsync(Dictionary<string, string> hyperParameters, string format, string testFile, string contentType)
    {
        _workspace.HyperParameters(hyperParameters);
        var (exitCode, output, errors) = await AlgorithmsProcess.TrainAsync("xgboost", _workspace.Environment);
        Assert.True(exitCode == 0, $"{_workspace.Failure}\n{errors}");

        var reference = await PythonReference.RunAsync(_workspace, hyperParameters, format, testFile);

        // The training log's last round is Python's last round, metric by metric.
        var lastLine = output.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith('[') && l.Contains("#011", StringComparison.Ordinal));
        Assert.Equal(reference.LastEvaluationLine, lastLine);

        // Python loads Sagebrush's model and predicts as the model it trained itself.
        AssertClose(reference.Predictions, reference.LoadedModelPredictions);

        // Sagebrush serves the same predictions.
        var predictor = new XGBoostAlgorithm().Load(_workspace.Paths.Model);
        var result = predictor.Invoke(File.ReadAllBytes(testFile), contentType, "application/json");
        (predictor as IDisposable)?.Dispose();
        using var json = JsonDocument.Parse(result.Body);
        var served = json.RootElement.GetProperty("predictions").EnumerateArray()
            .SelectMany(p => p.GetProperty("score") is { ValueKind: JsonValueKind.Array } scores ? scores.EnumerateArray().Select(s => s.GetDouble()) : [p.GetProperty("score").GetDouble()])
            .ToArray();
        AssertClose(reference.Predictions, served);
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance, $"prediction {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
