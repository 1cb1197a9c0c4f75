using System.Text.Json;
using Sagebrush.Algorithms.Neo;
using Sagebrush.Algorithms.Tests.Support;
using Sagebrush.Algorithms.Training;
using Sagebrush.Algorithms.XGBoost.Native;

namespace Sagebrush.Algorithms.Tests.Neo;

/// <summary>
/// The Neo compiler on models Python xgboost trained (seeded, with missing values): the compiled library answers what
/// libxgboost answers for every objective the built-in XGBoost supports, on rows the compiler never checked.
/// </summary>
public sealed class NeoCompilerTests : IDisposable
{
    private const string TrainScript = """
        import sys, numpy as np, xgboost as xgb
        out, objective = sys.argv[1], sys.argv[2]
        rng = np.random.default_rng(11)
        X = rng.normal(size=(600, 6)).astype(np.float32)
        X[rng.random(X.shape) < 0.1] = np.nan
        signal = np.nansum(X[:, :3], axis=1)
        params = {"objective": objective, "max_depth": 4, "eta": 0.3, "nthread": 1}
        if objective.startswith("multi:"):
            y, params["num_class"] = np.digitize(signal, [-1, 0, 1]).astype(np.float32), 4
        elif objective in ("count:poisson", "reg:gamma", "reg:tweedie", "reg:squaredlogerror"):
            y = np.exp(signal / 3).astype(np.float32)
        elif objective == "survival:cox":
            y = np.where(signal > 0, 1, -1) * (1 + np.abs(signal))
        elif objective.startswith(("binary:", "reg:logistic")) or objective.startswith("rank:"):
            y = (signal > 0).astype(np.float32)
        else:
            y = signal.astype(np.float32)
        d = xgb.DMatrix(X, label=y)
        if objective.startswith("rank:"):
            d.set_group([60] * 10)
        xgb.train(params, d, 20).save_model(out)
        """;

    private readonly string root = Directory.CreateTempSubdirectory("neo-tests-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    public static TheoryData<string> Objectives => [.. Sagebrush.Algorithms.XGBoost.XGBoostHyperParameters.Objectives];

    [Theory]
    [MemberData(nameof(Objectives))]
    public async Task TheCompiledModelAnswersWhatXGBoostAnswers(string objective)
    {
        var paths = await TrainAsync(objective);

        Assert.Equal(0, NeoCompiler.Run(paths));

        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(paths.Model, NeoCompiler.MetadataFile)));
        var saved = metadata.RootElement.GetProperty("objective").GetString()!;
        Assert.Equal(objective == "reg:linear" ? "reg:squarederror" : objective, saved); // XGBoost saves the alias's name
        Assert.True(metadata.RootElement.GetProperty("largestDifference").GetDouble() <= NeoCompiler.Tolerance);
        using var booster = Booster.Load(Path.Combine(paths.Model, "xgboost-model"));
        using var compiled = new CompiledModel(Path.Combine(paths.Model, NeoCompiler.LibraryFile), saved);
        var random = new Random(5);
        var rows = Enumerable.Range(0, 300 * 6).Select(_ => random.NextDouble() < 0.15 ? float.NaN : (float)(random.NextDouble() * 6 - 3)).ToArray();

        var expected = booster.PredictDense(rows, 300, 6, out var expectedPerRow);
        var actual = compiled.Predict(rows, 300, out var actualPerRow);

        Assert.Equal(expectedPerRow, actualPerRow);
        Assert.Equal(expected.Length, actual.Length);
        Assert.All(Enumerable.Range(0, expected.Length), i => Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6, $"{objective} [{i}]: {expected[i]} vs {actual[i]}"));
        for (var row = 0; row < 20; row++)
        {
            var one = compiled.Predict(rows.AsSpan(row * 6, 6), 1, out _);
            Assert.All(Enumerable.Range(0, one.Length), j => Assert.True(Math.Abs(expected[row * actualPerRow + j] - one[j]) <= 1e-6, $"{objective} row {row} alone"));
        }
    }

    [Fact]
    public void AFileThatIsNotAModelFailsTheJobWithAClientError()
    {
        var paths = Paths();
        File.WriteAllText(Path.Combine(paths.Channel("model"), "xgboost-model"), "not a model");

        Assert.Equal(1, NeoCompiler.Run(paths));

        var failure = File.ReadAllText(paths.FailureFile);
        Assert.StartsWith("ClientError: The model in the archive is not an XGBoost model", failure, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(paths.Model, NeoCompiler.LibraryFile)));
    }

    [Fact]
    public void GeneratedLiteralsReadBackToTheSameFloat()
    {
        foreach (var value in new[] { 0.1f, -1.9709091f, 1e-30f, 3.4028235e38f, float.Epsilon, 16777217f, -0f })
        {
            var literal = CSourceGenerator.Literal(value);
            Assert.EndsWith("f", literal, StringComparison.Ordinal);
            Assert.Equal(value, float.Parse(literal[..^1], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private async Task<TrainingPaths> TrainAsync(string objective)
    {
        var paths = Paths();
        await Python.RunAsync(TrainScript, Path.Combine(paths.Channel("model"), "xgboost-model"), objective);
        return paths;
    }

    private TrainingPaths Paths()
    {
        var ml = Path.Combine(root, Guid.NewGuid().ToString("N"));
        var paths = TrainingPaths.FromVariables(name => name switch
        {
            "SM_INPUT_DIR" => Path.Combine(ml, "input"),
            "SM_MODEL_DIR" => Path.Combine(ml, "model"),
            "SM_OUTPUT_DIR" => Path.Combine(ml, "output"),
            _ => null,
        });
        Directory.CreateDirectory(paths.Channel("model"));
        Directory.CreateDirectory(paths.Output);
        return paths;
    }
}
