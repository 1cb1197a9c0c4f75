using System.Globalization;
using System.Text;
using System.Text.Json;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.PCA;
using Sagebrush.Algorithms.Tests.Support;

namespace Sagebrush.Algorithms.Tests;

/// <summary>
/// PCA against scikit-learn's PCA (svd_solver="full") run in the same test: in regular mode the explained variance
/// of every component within 1e-6 relative, and the same projections up to sign; randomized mode close to it; the
/// inference formats (principal component last, as SageMaker returns it) and hyperparameter validation.
/// </summary>
public sealed class PcaTests
{
    // The reference: PCA on data/train/data.csv (features only), or on correlated data it generates there first.
    private const string Reference = """
        import sys, json, os, numpy as np
        from sklearn.decomposition import PCA
        root, k, mode = sys.argv[1], int(sys.argv[2]), (sys.argv[3:] or [""])[0]
        if mode == "generate":
            rng = np.random.default_rng(12)
            latent = rng.normal(size=(20000, 8)) * np.array([9, 7, 5, 4, 3, 2, 1.5, 1.0])
            X = latent @ rng.normal(size=(8, 40)) + 0.1 * rng.normal(size=(20000, 40)) + 3.0
            os.makedirs(f"{root}/data/train", exist_ok=True)
            np.savetxt(f"{root}/data/train/data.csv", X.astype(np.float32), delimiter=",", fmt="%.9g")
        X = np.loadtxt(f"{root}/data/train/data.csv", delimiter=",", ndmin=2)
        if mode == "labelled":
            X = X[:, 1:]
        pca = PCA(n_components=k, svd_solver="full").fit(X)
        print(json.dumps({"explained_variance": pca.explained_variance_.tolist(), "projection": pca.transform(X[:5]).tolist()}))
        """;

    [Theory]
    [InlineData("breast_cancer.csv", 5)]
    [InlineData("wine_data.csv", 4)]
    [InlineData("iris.csv", 2)]
    public void RegularModeMatchesScikitLearnsExplainedVarianceOnItsDatasets(string file, int components)
    {
        using var workspace = new AlgorithmWorkspace();
        var features = SklearnDatasets.LabelLast(file).Select(r => r[1..]).ToList();
        workspace.WriteChannel("train", features, "text/csv;label_size=0");
        AssertMatchesReference(workspace, components, features, []);
    }

    [Fact]
    public void RegularModeMatchesScikitLearnsExplainedVarianceOnDiabetes()
    {
        using var workspace = new AlgorithmWorkspace();
        var rows = SklearnDatasets.Diabetes();
        workspace.WriteChannel("train", rows, "text/csv"); // label_size=1 (the default): the target column is skipped
        var reference = PythonReference.Run(Reference, workspace.Root, "6", "labelled");
        var features = rows.Select(r => r[1..]).ToList();
        AssertMatches(reference, Train(workspace, 6, features[0].Length, []), workspace, features);
    }

    [Fact]
    public void RegularModeMatchesScikitLearnsExplainedVarianceOnGeneratedData()
    {
        using var workspace = new AlgorithmWorkspace();
        var reference = PythonReference.Run(Reference, workspace.Root, "8", "generate");
        workspace.UseChannel("train", "text/csv;label_size=0");
        var features = Csv.Read(Path.Combine(workspace.Root, "data", "train", "data.csv"));
        AssertMatches(reference, Train(workspace, 8, features[0].Length, []), workspace, features);
    }

    [Fact]
    public void RandomizedModeIsCloseToTheExactComponents()
    {
        using var workspace = new AlgorithmWorkspace();
        var reference = PythonReference.Run(Reference, workspace.Root, "4", "generate");
        workspace.UseChannel("train", "text/csv;label_size=0");
        var model = Train(workspace, 4, 40, new() { ["algorithm_mode"] = "randomized" });
        var expected = reference.GetProperty("explained_variance").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var actual = model.ExplainedVariance.Reverse().ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-3 * expected[i], $"component {i}: {actual[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void ProjectionsAnswerCsvJsonAndJsonLinesWithThePrincipalComponentLast()
    {
        using var workspace = new AlgorithmWorkspace();
        var features = SklearnDatasets.LabelLast("iris.csv").Select(r => r[1..]).ToList();
        workspace.WriteChannel("train", features, "text/csv;label_size=0");
        var algorithm = new PcaAlgorithm();
        algorithm.Train(workspace.Context(Settings(3, 4, [])));
        var predictor = algorithm.Load(workspace.ModelDirectory);
        var sample = features.Take(2).ToArray();

        var fromCsv = Encoding.UTF8.GetString(predictor.Invoke(Csv.Utf8(Csv.Rows(sample)), "text/csv", null).Body.Span);
        var body = JsonSerializer.Serialize(new { instances = sample.Select(f => new { features = f }) });
        var fromJson = Encoding.UTF8.GetString(predictor.Invoke(Encoding.UTF8.GetBytes(body), "application/json", "application/json").Body.Span);
        var lines = predictor.Invoke(Encoding.UTF8.GetBytes(string.Concat(sample.Select(f => JsonSerializer.Serialize(new { features = f }) + "\n"))), "application/jsonlines", "application/jsonlines");

        Assert.Equal(fromCsv, fromJson);
        var projections = JsonDocument.Parse(fromCsv).RootElement.GetProperty("projections");
        Assert.Equal(2, projections.GetArrayLength());
        var first = projections[0].GetProperty("projection").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(3, first.Length);
        Assert.True(Math.Abs(first[2]) > Math.Abs(first[0]), "the principal component comes last");
        var jsonLines = Encoding.UTF8.GetString(lines.Body.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("application/jsonlines", lines.ContentType);
        Assert.Equal(projections[0].GetRawText(), jsonLines[0]);
        Assert.Equal(415, Assert.Throws<InvocationException>(() => predictor.Invoke(Csv.Utf8("1,2,3,4"), "text/plain", null)).StatusCode);
        Assert.Equal(406, Assert.Throws<InvocationException>(() => predictor.Invoke(Csv.Utf8("1,2,3,4"), "text/csv", "text/csv")).StatusCode);
    }

    [Theory]
    [InlineData("num_components", null, "num_components")]
    [InlineData("num_components", "5", "num_components")]
    [InlineData("feature_dim", null, "feature_dim")]
    [InlineData("feature_dim", "3", "feature_dim")]
    [InlineData("mini_batch_size", null, "mini_batch_size")]
    [InlineData("algorithm_mode", "fast", "algorithm_mode")]
    [InlineData("subtract_mean", "yes please", "subtract_mean")]
    [InlineData("extra_components", "-2", "extra_components")]
    public void AWrongOrMissingHyperParameterFailsTheJobNamingIt(string name, string? value, string expected)
    {
        using var workspace = new AlgorithmWorkspace();
        workspace.WriteChannel("train", SklearnDatasets.LabelLast("iris.csv"));
        var hyperParameters = Settings(2, 4, []);
        if (value is null)
        {
            hyperParameters.Remove(name);
        }
        else
        {
            hyperParameters[name] = value;
        }

        var error = Assert.Throws<AlgorithmException>(() => new PcaAlgorithm().Train(workspace.Context(hyperParameters)));
        Assert.StartsWith($"ClientError: Hyperparameter '{expected}' ", error.Message, StringComparison.Ordinal);
    }

    private static void AssertMatchesReference(AlgorithmWorkspace workspace, int components, List<float[]> features, Dictionary<string, string> settings)
    {
        var reference = PythonReference.Run(Reference, workspace.Root, components.ToString(CultureInfo.InvariantCulture));
        AssertMatches(reference, Train(workspace, components, features[0].Length, settings), workspace, features);
    }

    // Explained variance within 1e-6 relative; projections of the first rows equal up to each component's sign.
    private static void AssertMatches(JsonElement reference, PcaModel model, AlgorithmWorkspace workspace, List<float[]> features)
    {
        var expected = reference.GetProperty("explained_variance").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var actual = model.ExplainedVariance.Reverse().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-6 * expected[i], $"component {i}: explained variance {actual[i]} vs scikit-learn {expected[i]}");
        }

        var predictor = new PcaAlgorithm().Load(workspace.ModelDirectory);
        var result = predictor.Invoke(Csv.Utf8(Csv.Rows(features.Take(5))), "text/csv", null);
        var projections = JsonDocument.Parse(result.Body).RootElement.GetProperty("projections").EnumerateArray().ToArray();
        var expectedProjections = reference.GetProperty("projection").EnumerateArray().ToArray();
        for (var r = 0; r < 5; r++)
        {
            var ours = projections[r].GetProperty("projection").EnumerateArray().Select(v => v.GetDouble()).Reverse().ToArray();
            var theirs = expectedProjections[r].EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (var j = 0; j < theirs.Length; j++)
            {
                var scale = Math.Sqrt(expected[j]);
                Assert.True(Math.Abs(Math.Abs(ours[j]) - Math.Abs(theirs[j])) <= 1e-4 * scale, $"row {r} component {j}: {ours[j]} vs {theirs[j]}");
            }
        }
    }

    private static PcaModel Train(AlgorithmWorkspace workspace, int components, int featureDim, Dictionary<string, string> settings)
    {
        new PcaAlgorithm().Train(workspace.Context(Settings(components, featureDim, settings)));
        return PcaModel.Load(workspace.ModelDirectory);
    }

    private static Dictionary<string, string> Settings(int components, int featureDim, Dictionary<string, string> extra) =>
        new(extra)
        {
            ["num_components"] = components.ToString(CultureInfo.InvariantCulture),
            ["feature_dim"] = featureDim.ToString(CultureInfo.InvariantCulture),
            ["mini_batch_size"] = "500",
        };
}
