using System.Net;
using System.Text.Json;

namespace Sagebrush.Core.Tests.Hosting.ModelServer;

/// <summary>An xgboost-model file served with no inference script: the xgboost default handlers do everything.</summary>
public sealed class XGBoostModelServerTests : IDisposable
{
    // Trains a small booster with fixed seeds, saves it as xgboost-model (saved or pickled), and prints test rows
    // with Python xgboost's own predictions for them.
    private const string Train = """
        import json, pickle, sys, numpy as np, xgboost as xgb
        rng = np.random.RandomState(11)
        X = rng.randn(300, 5)
        y = (X[:, 0] + X[:, 1] * X[:, 2] > 0).astype(int)
        params = {"objective": "binary:logistic", "max_depth": 3, "eta": 0.3, "seed": 0, "nthread": 1}
        booster = xgb.train(params, xgb.DMatrix(X, label=y), num_boost_round=20)
        if sys.argv[1] == "pickle":
            with open("xgboost-model", "wb") as f:
                pickle.dump(booster, f)
        else:
            booster.save_model("xgboost-model")
        rows = np.round(rng.randn(15, 5), 4)
        print(json.dumps({"rows": rows.tolist(), "predictions": booster.predict(xgb.DMatrix(rows)).tolist()}))
        """;

    private readonly ModelDirectory model = new();

    [Theory]
    [InlineData("save_model")]
    [InlineData("pickle")]
    public async Task TheDefaultModelFnLoadsXGBoostModelAndPredictsAsPythonXGBoost(string format)
    {
        var expected = await model.RunPythonAsync($"import sys; sys.argv = ['train', '{format}']\n" + Train);
        await using var server = await model.StartServerAsync("xgboost", program: null);
        using var client = Invocations.Client(server);
        var csv = Invocations.Csv(expected.GetProperty("rows"));

        using var asCsv = await Invocations.PostAsync(client, csv, "text/csv", accept: "text/csv");
        using var asJson = await Invocations.PostAsync(client, csv, "text/csv");

        Assert.Equal(HttpStatusCode.OK, asCsv.StatusCode);
        Assert.Equal("text/csv", asCsv.Content.Headers.ContentType?.MediaType);
        var want = Invocations.Numbers(expected.GetProperty("predictions"));
        AssertClose(want, Invocations.CsvColumn(await asCsv.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, asJson.StatusCode);
        AssertClose(want, Invocations.Numbers(JsonDocument.Parse(await asJson.Content.ReadAsStringAsync()).RootElement));
    }

    [Fact]
    public async Task LibsvmRowsArePredictedLikeTheirDenseCsv()
    {
        var expected = await model.RunPythonAsync("import sys; sys.argv = ['train', 'save_model']\n" + Train);
        await using var server = await model.StartServerAsync("xgboost", program: null);
        using var client = Invocations.Client(server);
        var libsvm = string.Join('\n', expected.GetProperty("rows").EnumerateArray().Select(row =>
            "0 " + string.Join(' ', row.EnumerateArray().Select((cell, index) => $"{index}:{cell.GetRawText()}"))));

        using var response = await Invocations.PostAsync(client, libsvm, "text/libsvm", accept: "text/csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertClose(Invocations.Numbers(expected.GetProperty("predictions")), Invocations.CsvColumn(await response.Content.ReadAsStringAsync()));
    }

    // The server predicts from float32 rows, as the container does; Python xgboost's own DMatrix is float32 too.
    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 6);
        }
    }

    public void Dispose() => model.Dispose();
}
