using System.Globalization;
using System.Net;
using System.Text.Json;
using Sagebrush.Algorithms.Tests.Support;

namespace Sagebrush.Algorithms.Tests.Hosting;

/// <summary>
/// Linear Learner, K-Means and PCA through the program as the platform runs it: <c>train</c> as a process on an
/// /opt/ml-like workspace (scikit-learn's shipped datasets), then <c>serve</c> as a process on a free port with the
/// model directory train wrote, answering /invocations in SageMaker's formats.
/// </summary>
public sealed class BuiltInServeProgramTests : IDisposable
{
    private static readonly List<float[]> BreastCancer = SklearnDatasets.LabelLast("breast_cancer.csv");
    private static readonly List<float[]> Iris = SklearnDatasets.LabelLast("iris.csv");

    private readonly Workspace _workspace = new();

    [Fact]
    public async Task LinearLearnerServesTheBinaryClassifierItTrained()
    {
        await TrainAsync("linear-learner", new() { ["predictor_type"] = "binary_classifier", ["epochs"] = "5" }, "text/csv", BreastCancer);
        await using var server = await ServeProcess.StartAsync("linear-learner", _workspace.Paths.Model);
        var rows = BreastCancer.Where((_, i) => i % 10 == 0).ToList();

        var (status, type, body) = await server.InvokeAsync(Csv.Rows(rows.Select(r => r[1..])), "text/csv", "application/json");
        var (linesStatus, linesType, lines) = await server.InvokeAsync(string.Concat(rows.Take(2).Select(r => Json(r[1..]) + "\n")), "application/jsonlines", "application/jsonlines");
        var (unsupported, _, _) = await server.InvokeAsync("1,2", "text/plain", null);

        Assert.Equal((HttpStatusCode.OK, "application/json"), (status, type));
        var predictions = JsonDocument.Parse(body).RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(rows.Count, predictions.Count);
        Assert.All(predictions, p => Assert.InRange(p.GetProperty("score").GetDouble(), 0, 1));
        var correct = rows.Zip(predictions).Count(pair => pair.First[0] == pair.Second.GetProperty("predicted_label").GetInt32());
        Assert.True(correct >= 0.9 * rows.Count, $"{correct} of {rows.Count} right");
        Assert.Equal((HttpStatusCode.OK, "application/jsonlines"), (linesStatus, linesType));
        Assert.Equal(2, lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported);
    }

    [Fact]
    public async Task KMeansServesTheClosestClusterOfTheCentersItTrained()
    {
        await TrainAsync("kmeans", new() { ["k"] = "3", ["feature_dim"] = "4", ["init_method"] = "kmeans++" }, "text/csv;label_size=0", Iris.Select(r => r[1..]));
        await using var server = await ServeProcess.StartAsync("kmeans", _workspace.Paths.Model);
        var setosa = Iris.Where(r => r[0] == 0).Take(5).Select(r => r[1..]).ToList();

        var (status, type, body) = await server.InvokeAsync($"{{\"instances\": [{string.Join(", ", setosa.Select(r => Json(r)))}]}}", "application/json", null);
        var (csvStatus, csvType, csv) = await server.InvokeAsync(Csv.Rows(setosa), "text/csv", "text/csv");

        Assert.Equal((HttpStatusCode.OK, "application/json"), (status, type));
        var predictions = JsonDocument.Parse(body).RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Single(predictions.Select(p => p.GetProperty("closest_cluster").GetDouble()).Distinct());
        Assert.All(predictions, p => Assert.InRange(p.GetProperty("distance_to_cluster").GetDouble(), 0, 2));
        Assert.Equal((HttpStatusCode.OK, "text/csv"), (csvStatus, csvType));
        Assert.Matches(@"^([0-2]\.0,[0-9.e-]+\n){5}$", csv);
    }

    [Fact]
    public async Task PcaServesProjectionsOnTheComponentsItTrained()
    {
        await TrainAsync("pca", new() { ["num_components"] = "2", ["feature_dim"] = "4", ["mini_batch_size"] = "50" }, "text/csv;label_size=0", Iris.Select(r => r[1..]));
        await using var server = await ServeProcess.StartAsync("pca", _workspace.Paths.Model);

        var (status, type, body) = await server.InvokeAsync(Csv.Rows(Iris.Take(3).Select(r => r[1..])), "text/csv", null);
        var (linesStatus, _, lines) = await server.InvokeAsync(Json(Iris[0][1..]), "application/jsonlines", "application/jsonlines");
        var (narrow, _, _) = await server.InvokeAsync("1,2,3", "text/csv", null);

        Assert.Equal((HttpStatusCode.OK, "application/json"), (status, type));
        var projections = JsonDocument.Parse(body).RootElement.GetProperty("projections").EnumerateArray().ToList();
        Assert.Equal(3, projections.Count);
        Assert.All(projections, p => Assert.Equal(2, p.GetProperty("projection").GetArrayLength()));
        Assert.Equal(HttpStatusCode.OK, linesStatus);
        Assert.Equal(projections[0].GetRawText(), lines.TrimEnd('\n'));
        Assert.Equal(HttpStatusCode.BadRequest, narrow);
    }

    public void Dispose() => _workspace.Dispose();

    private static string Json(float[] features) =>
        $"{{\"features\": [{string.Join(", ", features.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]}}";

    private async Task TrainAsync(string algorithm, Dictionary<string, string> hyperParameters, string contentType, IEnumerable<float[]> rows)
    {
        _workspace.HyperParameters(hyperParameters).Channel("train", contentType, new Dictionary<string, string> { ["train.csv"] = Csv.Rows(rows) });

        var (exitCode, output, errors) = await AlgorithmsProcess.TrainAsync(algorithm, _workspace.Environment);

        Assert.True(exitCode == 0, $"{algorithm} train exited {exitCode}: {_workspace.Failure}\n{errors}\n{output}");
    }
}
