using System.Net;
using System.Text.Json;

namespace Sagebrush.Core.Tests.Hosting.ModelServer;

/// <summary>A scikit-learn LogisticRegression served through user handlers and the scikit-learn defaults.</summary>
public sealed class ScikitLearnModelServerTests : IDisposable
{
    // Trains with a fixed seed, saves model.joblib, and prints test rows with what scikit-learn predicts for them:
    // labels for float32 rows (what the default input_fn passes), labels and probabilities for float64 rows.
    private const string Train = """
        import json, joblib, numpy as np
        from sklearn.linear_model import LogisticRegression
        rng = np.random.RandomState(7)
        X = rng.randn(200, 4)
        y = (X[:, 0] - 2 * X[:, 1] + 0.5 * X[:, 2] > 0).astype(int)
        model = LogisticRegression().fit(X, y)
        joblib.dump(model, "model.joblib")
        rows = np.round(rng.randn(20, 4), 3)
        print(json.dumps({
            "rows": rows.tolist(),
            "labels32": model.predict(rows.astype(np.float32)).tolist(),
            "labels64": model.predict(rows).tolist(),
            "probabilities": model.predict_proba(rows).tolist(),
        }))
        """;

    private const string ModelFn = """
        import os, joblib

        def model_fn(model_dir):
            return joblib.load(os.path.join(model_dir, "model.joblib"))

        """;

    private readonly ModelDirectory model = new();

    [Fact]
    public async Task AModelFnAloneServesCsvAsJsonThroughTheScikitLearnDefaults()
    {
        var expected = await model.RunPythonAsync(Train);
        model.WriteScript(ModelFn);
        await using var server = await model.StartServerAsync("sklearn");
        using var client = Invocations.Client(server);

        using var response = await Invocations.PostAsync(client, Invocations.Csv(expected.GetProperty("rows")), "text/csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var labels = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Invocations.Numbers(expected.GetProperty("labels32")), Invocations.Numbers(labels));
    }

    [Fact]
    public async Task CsvCanBeAskedForAndOneRowIsOneRecord()
    {
        var expected = await model.RunPythonAsync(Train);
        model.WriteScript(ModelFn);
        await using var server = await model.StartServerAsync("sklearn");
        using var client = Invocations.Client(server);
        var firstRow = Invocations.Csv(expected.GetProperty("rows")).Split('\n')[0];

        using var response = await Invocations.PostAsync(client, firstRow, "text/csv", accept: "text/csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([expected.GetProperty("labels32")[0].GetDouble()], Invocations.CsvColumn(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AllFourHandlersRunAndAHandlerWithAContextSeesTheRequestHeaders()
    {
        var expected = await model.RunPythonAsync(Train);
        model.WriteScript(ModelFn + """
            import json
            import numpy as np

            def input_fn(input_data, content_type):
                assert content_type == "application/json", content_type
                return np.array(json.loads(input_data)["instances"], dtype=np.float64)

            def predict_fn(data, model):
                return model.predict_proba(data)

            def output_fn(prediction, accept, context):
                attributes = context.get_request_header(0, "X-Amzn-SageMaker-Custom-Attributes")
                context.set_response_header(0, "X-Amzn-SageMaker-Custom-Attributes", "echo=" + attributes)
                return json.dumps({"probabilities": prediction.tolist(), "accept": accept}), "application/vnd.sagebrush+json"
            """);
        await using var server = await model.StartServerAsync("sklearn");
        using var client = Invocations.Client(server);
        var body = JsonSerializer.Serialize(new { instances = expected.GetProperty("rows") });

        using var response = await Invocations.PostAsync(
            client, body, "application/json", headers: new Dictionary<string, string> { ["X-Amzn-SageMaker-Custom-Attributes"] = "trace=1" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.sagebrush+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("echo=trace=1", Assert.Single(response.Headers.GetValues("X-Amzn-SageMaker-Custom-Attributes")));
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("application/json", answer.GetProperty("accept").GetString()); // no Accept: the default accept
        var expectedRows = expected.GetProperty("probabilities").EnumerateArray().Select(Invocations.Numbers).ToList();
        var actualRows = answer.GetProperty("probabilities").EnumerateArray().Select(Invocations.Numbers).ToList();
        Assert.Equal(expectedRows.Count, actualRows.Count);
        foreach (var (want, got) in expectedRows.Zip(actualRows))
        {
            Assert.Equal(want, got);
        }
    }

    [Fact]
    public async Task ATransformFnReplacesTheOtherHandlers()
    {
        var expected = await model.RunPythonAsync(Train);
        model.WriteScript(ModelFn + """
            import numpy as np

            def transform_fn(model, request_body, content_type, accept):
                rows = np.array([[float(v) for v in line.split(",")] for line in request_body.strip().splitlines()])
                return "\n".join(str(int(v)) for v in model.predict(rows)), "text/csv"
            """);
        await using var server = await model.StartServerAsync("sklearn");
        using var client = Invocations.Client(server);

        using var response = await Invocations.PostAsync(client, Invocations.Csv(expected.GetProperty("rows")), "text/csv", accept: "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Invocations.Numbers(expected.GetProperty("labels64")), Invocations.CsvColumn(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AScriptUsingTheInferenceToolkitsHelpersRunsAndItsErrorsChooseTheStatus()
    {
        var expected = await model.RunPythonAsync(Train);
        model.WriteScript(ModelFn + """
            from sagemaker_inference import content_types, decoder, encoder, errors

            def input_fn(input_data, content_type):
                if content_type != content_types.CSV:
                    raise errors.GenericInferenceToolkitError(400, "send text/csv")
                return decoder.decode(input_data, content_type)

            def output_fn(prediction, accept):
                return encoder.encode(prediction, content_types.JSON), content_types.JSON
            """);
        await using var server = await model.StartServerAsync("sklearn");
        using var client = Invocations.Client(server);

        using var predicted = await Invocations.PostAsync(client, Invocations.Csv(expected.GetProperty("rows")), "text/csv");
        using var refused = await Invocations.PostAsync(client, "[[1, 2, 3, 4]]", "application/json");

        Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        var labels = JsonDocument.Parse(await predicted.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(Invocations.Numbers(expected.GetProperty("labels64")), Invocations.Numbers(labels));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("send text/csv", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task APredictFnThatRaisesAnswers500WithTheExceptionAndLogsTheTraceback()
    {
        await model.RunPythonAsync(Train);
        model.WriteScript(ModelFn + """
            def predict_fn(data, model):
                raise ValueError("the model refuses this input")
            """);
        await using var server = await model.StartServerAsync("sklearn");
        using var client = Invocations.Client(server);

        using var response = await Invocations.PostAsync(client, "1,2,3,4", "text/csv");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("ValueError: the model refuses this input", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await server.TerminateAsync());
        Assert.Contains("Traceback (most recent call last)", server.StandardError, StringComparison.Ordinal);
        Assert.Contains("in predict_fn", server.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnsupportedContentTypeIs415AndAnUnsupportedAcceptIs406()
    {
        await model.RunPythonAsync(Train);
        model.WriteScript(ModelFn);
        await using var server = await model.StartServerAsync("sklearn");
        using var client = Invocations.Client(server);

        using var unsupported = await Invocations.PostAsync(client, "1,2,3,4", "application/x-parquet");
        using var unacceptable = await Invocations.PostAsync(client, "1,2,3,4", "text/csv", accept: "image/png");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        var error = JsonDocument.Parse(await unsupported.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("UnsupportedFormatError", error.GetProperty("error").GetString());
        Assert.Contains("application/x-parquet is not supported", error.GetProperty("error-message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotAcceptable, unacceptable.StatusCode);
        Assert.Contains("image/png is not supported", await unacceptable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public void Dispose() => model.Dispose();
}
