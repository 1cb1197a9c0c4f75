using System.Text;
using System.Text.Json;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.KMeans;
using Sagebrush.Algorithms.Tests.Support;

namespace Sagebrush.Algorithms.Tests;

/// <summary>
/// K-Means against scikit-learn's KMeans (same k, k-means++) run in the same test: the inertia (sum of squared
/// distances to the closest center) on the training data within 2%; its test metrics, inference formats and
/// hyperparameter validation.
/// </summary>
public sealed class KMeansTests
{
    // The reference: KMeans on data/train/data.csv (features only), or on generated blobs it writes there first.
    private const string Reference = """
        import sys, json, os, numpy as np
        from sklearn.cluster import KMeans
        root, k = sys.argv[1], int(sys.argv[2])
        if len(sys.argv) > 3:
            from sklearn.datasets import make_blobs
            centers, std = int(sys.argv[3]), float(sys.argv[4])
            X, _ = make_blobs(n_samples=20000, n_features=10, centers=centers, cluster_std=std, random_state=42)
            os.makedirs(f"{root}/data/train", exist_ok=True)
            np.savetxt(f"{root}/data/train/data.csv", X, delimiter=",", fmt="%.9g")
        X = np.loadtxt(f"{root}/data/train/data.csv", delimiter=",", ndmin=2)
        model = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=0).fit(X)
        print(json.dumps({"inertia": float(model.inertia_)}))
        """;

    [Theory]
    [InlineData("iris.csv", 3)]
    [InlineData("wine_data.csv", 3)]
    [InlineData("breast_cancer.csv", 2)]
    public void InertiaOnScikitLearnsDatasetsIsWithinTwoPercentOfKMeans(string file, int k)
    {
        using var workspace = new AlgorithmWorkspace();
        var features = SklearnDatasets.LabelLast(file).Select(r => r[1..]).ToList();
        workspace.WriteChannel("train", features, "text/csv;label_size=0");
        AssertWithinTwoPercent(workspace, k, features, []);
    }

    [Theory]
    [InlineData(8, 8, 2.0)]
    [InlineData(10, 6, 4.0)]
    [InlineData(5, 12, 3.0)]
    public void InertiaOnGeneratedBlobsIsWithinTwoPercentOfKMeans(int k, int centers, double spread)
    {
        using var workspace = new AlgorithmWorkspace();
        var args = new[] { k.ToString(System.Globalization.CultureInfo.InvariantCulture), centers.ToString(System.Globalization.CultureInfo.InvariantCulture), spread.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var reference = PythonReference.Run(Reference, workspace.Root, args).GetProperty("inertia").GetDouble();
        workspace.UseChannel("train", "text/csv;label_size=0");
        var features = Csv.Read(Path.Combine(workspace.Root, "data", "train", "data.csv"));
        var inertia = TrainAndMeasure(workspace, k, features, []);
        Assert.True(inertia <= reference * 1.02, $"kmeans inertia {inertia} vs scikit-learn {reference}");
    }

    [Fact]
    public void TheTestChannelIsScoredWithMsdAndSsd()
    {
        using var workspace = new AlgorithmWorkspace();
        var rows = SklearnDatasets.LabelLast("iris.csv");
        workspace.WriteChannel("train", rows, "text/csv"); // label_size defaults to 1: the label column is skipped
        workspace.WriteChannel("test", rows.Take(50), "text/csv");
        new KMeansAlgorithm().Train(workspace.Context(Settings(3, 4, new() { ["eval_metrics"] = "[\"msd\", \"ssd\"]" })));

        var msd = TestScore(workspace, "msd");
        var ssd = TestScore(workspace, "ssd");
        Assert.Equal(ssd / 50, msd, 6);
    }

    [Fact]
    public void PredictionsAnswerCsvJsonAndJsonLinesInSageMakersShapes()
    {
        using var workspace = new AlgorithmWorkspace();
        var features = SklearnDatasets.LabelLast("iris.csv").Select(r => r[1..]).ToList();
        workspace.WriteChannel("train", features, "text/csv;label_size=0");
        var algorithm = new KMeansAlgorithm();
        algorithm.Train(workspace.Context(Settings(3, 4, [])));
        var predictor = algorithm.Load(workspace.ModelDirectory);
        var sample = features.Take(2).ToArray();

        var json = predictor.Invoke(Csv.Utf8(Csv.Rows(sample)), "text/csv", null);
        var body = JsonSerializer.Serialize(new { instances = sample.Select(f => new { features = f }) });
        var fromJson = predictor.Invoke(Encoding.UTF8.GetBytes(body), "application/json", "application/json");
        var lines = predictor.Invoke(Encoding.UTF8.GetBytes(string.Concat(sample.Select(f => JsonSerializer.Serialize(new { features = f }) + "\n"))), "application/jsonlines", "application/jsonlines");
        var csv = predictor.Invoke(Csv.Utf8(Csv.Rows(sample)), "text/csv", "text/csv");

        var text = Encoding.UTF8.GetString(json.Body.Span);
        Assert.Equal(text, Encoding.UTF8.GetString(fromJson.Body.Span));
        Assert.Matches("""^\{"predictions":\[\{"closest_cluster":[0-2]\.0,"distance_to_cluster":[0-9.eE+-]+\},\{"closest_cluster":[0-2]\.0,"distance_to_cluster":[0-9.eE+-]+\}\]\}$""", text);
        var first = JsonDocument.Parse(text).RootElement.GetProperty("predictions")[0];
        var jsonLines = Encoding.UTF8.GetString(lines.Body.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, jsonLines.Length);
        Assert.Equal(first.GetRawText(), jsonLines[0]);
        Assert.Equal("text/csv", csv.ContentType);
        var csvFirst = Encoding.UTF8.GetString(csv.Body.Span).Split('\n')[0].Split(',');
        Assert.Equal(first.GetProperty("closest_cluster").GetDouble(), double.Parse(csvFirst[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(first.GetProperty("distance_to_cluster").GetDouble(), double.Parse(csvFirst[1], System.Globalization.CultureInfo.InvariantCulture), 5);
        Assert.Equal(415, Assert.Throws<InvocationException>(() => predictor.Invoke(Csv.Utf8("1,2,3,4"), "application/x-recordio-protobuf", null)).StatusCode);
        Assert.Equal(400, Assert.Throws<InvocationException>(() => predictor.Invoke(Csv.Utf8("1,2"), "text/csv", null)).StatusCode);
    }

    [Fact]
    public void TrainingTwiceGivesTheSameCenters()
    {
        var models = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var workspace = new AlgorithmWorkspace();
            workspace.WriteChannel("train", SklearnDatasets.LabelLast("breast_cancer.csv"));
            new KMeansAlgorithm().Train(workspace.Context(Settings(4, 30, new() { ["mini_batch_size"] = "100", ["init_method"] = "kmeans++" })));
            models.Add(File.ReadAllText(Path.Combine(workspace.ModelDirectory, KMeansModel.FileName)));
        }

        Assert.Equal(models[0], models[1]);
    }

    [Theory]
    [InlineData("k", null, "k")]
    [InlineData("k", "0", "k")]
    [InlineData("feature_dim", null, "feature_dim")]
    [InlineData("feature_dim", "5", "feature_dim")]
    [InlineData("init_method", "farthest", "init_method")]
    [InlineData("local_lloyd_tol", "2", "local_lloyd_tol")]
    [InlineData("local_lloyd_max_iter", "0", "local_lloyd_max_iter")]
    [InlineData("extra_center_factor", "lots", "extra_center_factor")]
    [InlineData("eval_metrics", "[\"rmse\"]", "eval_metrics")]
    [InlineData("epochs", "-1", "epochs")]
    [InlineData("num_clusters", "3", "num_clusters")]
    public void AWrongOrMissingHyperParameterFailsTheJobNamingIt(string name, string? value, string expected)
    {
        using var workspace = new AlgorithmWorkspace();
        workspace.WriteChannel("train", SklearnDatasets.LabelLast("iris.csv"));
        var hyperParameters = Settings(3, 4, []);
        if (value is null)
        {
            hyperParameters.Remove(name);
        }
        else
        {
            hyperParameters[name] = value;
        }

        var error = Assert.Throws<AlgorithmException>(() => new KMeansAlgorithm().Train(workspace.Context(hyperParameters)));
        Assert.StartsWith($"ClientError: Hyperparameter '{expected}' ", error.Message, StringComparison.Ordinal);
    }

    private static void AssertWithinTwoPercent(AlgorithmWorkspace workspace, int k, List<float[]> features, Dictionary<string, string> settings)
    {
        var reference = PythonReference.Run(Reference, workspace.Root, k.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetProperty("inertia").GetDouble();
        var inertia = TrainAndMeasure(workspace, k, features, settings);
        Assert.True(inertia <= reference * 1.02, $"kmeans inertia {inertia} vs scikit-learn {reference}");
    }

    // Inertia of our centers on the training data, measured through the predictor's distances.
    private static double TrainAndMeasure(AlgorithmWorkspace workspace, int k, List<float[]> features, Dictionary<string, string> settings)
    {
        var algorithm = new KMeansAlgorithm();
        algorithm.Train(workspace.Context(Settings(k, features[0].Length, settings)));
        var result = algorithm.Load(workspace.ModelDirectory).Invoke(Csv.Utf8(Csv.Rows(features)), "text/csv", "application/json");
        return JsonDocument.Parse(result.Body).RootElement.GetProperty("predictions").EnumerateArray()
            .Sum(p => Math.Pow(p.GetProperty("distance_to_cluster").GetDouble(), 2));
    }

    private static double TestScore(AlgorithmWorkspace workspace, string metric)
    {
        var prefix = $"#test_score (algo-1) : ('{metric}', ";
        var line = Assert.Single(workspace.Log.Lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
        return double.Parse(line[prefix.Length..^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, string> Settings(int k, int featureDim, Dictionary<string, string> extra) =>
        new(extra) { ["k"] = k.ToString(System.Globalization.CultureInfo.InvariantCulture), ["feature_dim"] = featureDim.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
