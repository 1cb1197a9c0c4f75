using System.Text;
using System.Text.Json;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.LinearLearner;
using Sagebrush.Algorithms.Tests.Support;

namespace Sagebrush.Algorithms.Tests;

/// <summary>
/// Linear Learner against scikit-learn run in the same test (LogisticRegression on standardised features,
/// LinearRegression), on scikit-learn's shipped CSVs and on fixed-seed generated data; its metric lines, inference
/// formats and hyperparameter validation.
/// </summary>
public sealed class LinearLearnerTests
{
    // The reference: fit on data/train/data.csv, score data/test/data.csv (label first in both).
    private const string Reference = """
        import sys, json, numpy as np
        from sklearn.linear_model import LogisticRegression, LinearRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler
        root, kind = sys.argv[1], sys.argv[2]
        if len(sys.argv) > 3:
            from sklearn.datasets import make_classification, make_regression
            from sklearn.model_selection import train_test_split
            import os
            if kind == "regressor":
                X, y = make_regression(n_samples=20000, n_features=20, n_informative=12, noise=10.0, random_state=11)
            else:
                X, y = make_classification(n_samples=20000, n_features=20, n_informative=10, n_classes=3 if kind == "multiclass" else 2, random_state=7)
            Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=3)
            for name, (a, b) in {"train": (Xtr, ytr), "test": (Xte, yte)}.items():
                os.makedirs(f"{root}/data/{name}", exist_ok=True)
                np.savetxt(f"{root}/data/{name}/data.csv", np.column_stack([b, a]), delimiter=",", fmt="%.9g")
        train = np.loadtxt(f"{root}/data/train/data.csv", delimiter=",", ndmin=2)
        test = np.loadtxt(f"{root}/data/test/data.csv", delimiter=",", ndmin=2)
        if kind == "regressor":
            model = LinearRegression().fit(train[:, 1:], train[:, 0])
            print(json.dumps({"mse": float(np.mean((model.predict(test[:, 1:]) - test[:, 0]) ** 2))}))
        else:
            model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(train[:, 1:], train[:, 0])
            print(json.dumps({"accuracy": float(np.mean(model.predict(test[:, 1:]) == test[:, 0]))}))
        """;

    private static readonly Dictionary<string, string> SmallDataSettings = new()
    {
        ["mini_batch_size"] = "16",
        ["epochs"] = "40",
        ["early_stopping_patience"] = "10",
    };

    [Fact]
    public void BinaryClassifierOnBreastCancerIsWithinOnePointOfLogisticRegression() =>
        AssertAccuracyWithinOnePoint(SklearnDatasets.LabelLast("breast_cancer.csv"), "binary_classifier", SmallDataSettings);

    [Fact]
    public void MulticlassClassifierOnWineIsWithinOnePointOfLogisticRegression() =>
        AssertAccuracyWithinOnePoint(SklearnDatasets.LabelLast("wine_data.csv"), "multiclass_classifier",
            new(SmallDataSettings) { ["num_classes"] = "3" });

    [Fact]
    public void MulticlassClassifierOnIrisIsWithinOnePointOfLogisticRegression() =>
        AssertAccuracyWithinOnePoint(SklearnDatasets.LabelLast("iris.csv"), "multiclass_classifier",
            new(SmallDataSettings) { ["num_classes"] = "3" });

    [Fact]
    public void RegressorOnDiabetesIsWithinFivePercentOfLinearRegressionMse()
    {
        using var workspace = new AlgorithmWorkspace();
        var (train, test) = SklearnDatasets.Split(SklearnDatasets.Diabetes(), 0.25, seed: 5);
        workspace.WriteChannel("train", train);
        workspace.WriteChannel("test", test);
        var reference = PythonReference.Run(Reference, workspace.Root, "regressor").GetProperty("mse").GetDouble();
        var mse = TrainAndScore(workspace, "regressor", SmallDataSettings, test).Mse;
        Assert.True(mse <= reference * 1.05, $"linear-learner test MSE {mse} vs scikit-learn {reference}");
    }

    [Fact]
    public void BinaryClassifierOnGeneratedDataIsWithinOnePointOfLogisticRegressionWithDefaults() =>
        AssertGenerated("binary_classifier", "binary", []);

    [Fact]
    public void MulticlassClassifierOnGeneratedDataIsWithinOnePointOfLogisticRegressionWithDefaults() =>
        AssertGenerated("multiclass_classifier", "multiclass", new() { ["num_classes"] = "3" });

    [Fact]
    public void RegressorOnGeneratedDataIsWithinFivePercentOfLinearRegressionWithDefaults()
    {
        using var workspace = new AlgorithmWorkspace();
        var reference = PythonReference.Run(Reference, workspace.Root, "regressor", "generate").GetProperty("mse").GetDouble();
        workspace.UseChannel("train");
        var test = Csv.Read(Path.Combine(workspace.Root, "data", "test", "data.csv"));
        var mse = TrainAndScore(workspace, "regressor", [], test).Mse;
        Assert.True(mse <= reference * 1.05, $"linear-learner test MSE {mse} vs scikit-learn {reference}");
    }

    [Fact]
    public void TrainingLogsEpochMetricsForValidationAndTestScoresAtTheEnd()
    {
        using var workspace = new AlgorithmWorkspace();
        var (train, test) = SklearnDatasets.Split(SklearnDatasets.LabelLast("breast_cancer.csv"), 0.25, seed: 1);
        workspace.WriteChannel("train", train);
        workspace.WriteChannel("validation", test);
        workspace.WriteChannel("test", test);
        new LinearLearnerAlgorithm().Train(workspace.Context(Settings("binary_classifier", new() { ["epochs"] = "3", ["mini_batch_size"] = "50" })));

        var lines = workspace.Log.Lines;
        Assert.Contains(lines, l => l.StartsWith("#quality_metric: host=algo-1, epoch=0, train objective_loss <loss>=", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("#quality_metric: host=algo-1, epoch=2, validation binary_classification_accuracy <score>=", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("#quality_metric: host=algo-1, epoch=0, validation objective_loss <loss>=", StringComparison.Ordinal));
        foreach (var metric in new[] { "objective_loss", "binary_classification_accuracy", "binary_f_beta", "precision", "recall" })
        {
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^#test_score \(algo-1\) : \('{metric}', [0-9.eE+-]+\)$"));
        }
    }

    [Fact]
    public void RegressorLogsMseAndRmseForTheTestChannel()
    {
        using var workspace = new AlgorithmWorkspace();
        var (train, test) = SklearnDatasets.Split(SklearnDatasets.Diabetes(), 0.25, seed: 5);
        workspace.WriteChannel("train", train);
        workspace.WriteChannel("test", test);
        new LinearLearnerAlgorithm().Train(workspace.Context(Settings("regressor", new() { ["epochs"] = "2" })));
        Assert.Contains(workspace.Log.Lines, l => l.StartsWith("#test_score (algo-1) : ('mse', ", StringComparison.Ordinal));
        Assert.Contains(workspace.Log.Lines, l => l.StartsWith("#test_score (algo-1) : ('rmse', ", StringComparison.Ordinal));
        Assert.Contains(workspace.Log.Lines, l => l.StartsWith("#test_score (algo-1) : ('absolute_loss', ", StringComparison.Ordinal));
    }

    [Fact]
    public void TrainingTwiceGivesTheSameModel()
    {
        var models = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var workspace = new AlgorithmWorkspace();
            workspace.WriteChannel("train", SklearnDatasets.LabelLast("breast_cancer.csv"));
            new LinearLearnerAlgorithm().Train(workspace.Context(Settings("binary_classifier", new() { ["epochs"] = "3" })));
            models.Add(File.ReadAllText(Path.Combine(workspace.ModelDirectory, LinearLearnerModel.FileName)));
        }

        Assert.Equal(models[0], models[1]);
    }

    [Fact]
    public void BinaryPredictionsAnswerCsvJsonAndJsonLinesRequestsInSageMakersJsonShape()
    {
        using var workspace = new AlgorithmWorkspace();
        var rows = SklearnDatasets.LabelLast("breast_cancer.csv");
        workspace.WriteChannel("train", rows);
        var algorithm = new LinearLearnerAlgorithm();
        algorithm.Train(workspace.Context(Settings("binary_classifier", new() { ["epochs"] = "3" })));
        var predictor = algorithm.Load(workspace.ModelDirectory);
        var features = rows.Take(3).Select(r => r[1..]).ToArray();

        var fromCsv = predictor.Invoke(Csv.Utf8(Csv.Rows(features)), "text/csv", "application/json");
        var json = JsonSerializer.Serialize(new { instances = features.Select(f => new { features = f }) });
        var fromJson = predictor.Invoke(Encoding.UTF8.GetBytes(json), "application/json", null);
        var sparseForm = JsonSerializer.Serialize(new { instances = features.Select(f => new { data = new { features = new { values = f } } }) });
        var fromDataForm = predictor.Invoke(Encoding.UTF8.GetBytes(sparseForm), "application/json; charset=utf-8", "application/json");
        var lines = string.Concat(features.Select(f => JsonSerializer.Serialize(new { features = f }) + "\n"));
        var fromJsonLines = predictor.Invoke(Encoding.UTF8.GetBytes(lines), "application/jsonlines", "application/json");

        Assert.Equal("application/json", fromCsv.ContentType);
        var expected = Encoding.UTF8.GetString(fromCsv.Body.Span);
        Assert.Equal(expected, Encoding.UTF8.GetString(fromJson.Body.Span));
        Assert.Equal(expected, Encoding.UTF8.GetString(fromDataForm.Body.Span));
        Assert.Equal(expected, Encoding.UTF8.GetString(fromJsonLines.Body.Span));
        var predictions = JsonDocument.Parse(expected).RootElement.GetProperty("predictions");
        Assert.Equal(3, predictions.GetArrayLength());
        foreach (var prediction in predictions.EnumerateArray())
        {
            var score = prediction.GetProperty("score").GetDouble();
            Assert.InRange(score, 0, 1);
            Assert.Contains(prediction.GetProperty("predicted_label").GetInt32(), new[] { 0, 1 });
        }
    }

    [Fact]
    public void JsonLinesAcceptGivesOneRecordPerLine()
    {
        using var workspace = new AlgorithmWorkspace();
        workspace.WriteChannel("train", SklearnDatasets.Diabetes());
        var algorithm = new LinearLearnerAlgorithm();
        algorithm.Train(workspace.Context(Settings("regressor", new() { ["epochs"] = "2" })));
        var body = Csv.Utf8(Csv.Rows(SklearnDatasets.Diabetes().Take(2).Select(r => r[1..])));

        var result = algorithm.Load(workspace.ModelDirectory).Invoke(body, "text/csv", "application/jsonlines");

        Assert.Equal("application/jsonlines", result.ContentType);
        var lines = Encoding.UTF8.GetString(result.Body.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            var record = JsonDocument.Parse(line).RootElement;
            Assert.Equal(JsonValueKind.Number, record.GetProperty("score").ValueKind);
            Assert.False(record.TryGetProperty("predicted_label", out _)); // a regressor has a score only
        }
    }

    [Fact]
    public void MulticlassScoreIsTheListOfClassProbabilities()
    {
        using var workspace = new AlgorithmWorkspace();
        var rows = SklearnDatasets.LabelLast("iris.csv");
        workspace.WriteChannel("train", rows);
        var algorithm = new LinearLearnerAlgorithm();
        algorithm.Train(workspace.Context(Settings("multiclass_classifier", new() { ["num_classes"] = "3", ["mini_batch_size"] = "10" })));

        var result = algorithm.Load(workspace.ModelDirectory).Invoke(Csv.Utf8(Csv.Rows([rows[0][1..]])), "text/csv", null);

        var prediction = JsonDocument.Parse(result.Body).RootElement.GetProperty("predictions")[0];
        var scores = prediction.GetProperty("score").EnumerateArray().Select(s => s.GetDouble()).ToArray();
        Assert.Equal(3, scores.Length);
        Assert.Equal(1.0, scores.Sum(), 4);
        Assert.Equal(Array.IndexOf(scores, scores.Max()), prediction.GetProperty("predicted_label").GetInt32());
    }

    [Fact]
    public void RequestsTheModelCannotAnswerAreRefusedWithTheirStatus()
    {
        using var workspace = new AlgorithmWorkspace();
        workspace.WriteChannel("train", SklearnDatasets.LabelLast("iris.csv").Select(r => r[0] == 0 ? r : [1, .. r[1..]]));
        var algorithm = new LinearLearnerAlgorithm();
        algorithm.Train(workspace.Context(Settings("binary_classifier", new() { ["epochs"] = "1" })));
        var predictor = algorithm.Load(workspace.ModelDirectory);

        Assert.Equal(415, Assert.Throws<InvocationException>(() => predictor.Invoke(Csv.Utf8("1,2,3,4"), "application/x-image", null)).StatusCode);
        Assert.Equal(406, Assert.Throws<InvocationException>(() => predictor.Invoke(Csv.Utf8("1,2,3,4"), "text/csv", "text/html")).StatusCode);
        Assert.Equal(400, Assert.Throws<InvocationException>(() => predictor.Invoke(Csv.Utf8("1,2,3"), "text/csv", null)).StatusCode);
        Assert.Equal(400, Assert.Throws<InvocationException>(() => predictor.Invoke(Csv.Utf8("{\"instances\": 3}"), "application/json", null)).StatusCode);
        Assert.Equal(400, Assert.Throws<InvocationException>(() => predictor.Invoke(Csv.Utf8("1,x,3,4"), "text/csv", null)).StatusCode);
    }

    [Theory]
    [InlineData(null, null, "predictor_type")]
    [InlineData("predictor_type", "classifier", "predictor_type")]
    [InlineData("epochs", "0", "epochs")]
    [InlineData("epochs", "many", "epochs")]
    [InlineData("mini_batch_size", "-5", "mini_batch_size")]
    [InlineData("learning_rate", "0", "learning_rate")]
    [InlineData("optimizer", "lbfgs", "optimizer")]
    [InlineData("loss", "squared_loss", "loss")]
    [InlineData("wd", "-1", "wd")]
    [InlineData("normalize_data", "maybe", "normalize_data")]
    [InlineData("early_stopping_patience", "0", "early_stopping_patience")]
    [InlineData("binary_classifier_model_selection_criteria", "auc", "binary_classifier_model_selection_criteria")]
    [InlineData("feature_dim", "7", "feature_dim")]
    [InlineData("learning_rat", "0.1", "learning_rat")]
    public void AWrongOrMissingHyperParameterFailsTheJobNamingIt(string? name, string? value, string expected)
    {
        using var workspace = new AlgorithmWorkspace();
        workspace.WriteChannel("train", SklearnDatasets.LabelLast("breast_cancer.csv"));
        var hyperParameters = new Dictionary<string, string> { ["predictor_type"] = "binary_classifier" };
        if (name is null)
        {
            hyperParameters.Clear();
        }
        else
        {
            hyperParameters[name] = value!;
        }

        var error = Assert.Throws<AlgorithmException>(() => new LinearLearnerAlgorithm().Train(workspace.Context(hyperParameters)));
        Assert.StartsWith($"ClientError: Hyperparameter '{expected}' ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MulticlassWithoutNumClassesFailsNamingIt()
    {
        using var workspace = new AlgorithmWorkspace();
        workspace.WriteChannel("train", SklearnDatasets.LabelLast("iris.csv"));
        var error = Assert.Throws<AlgorithmException>(() => new LinearLearnerAlgorithm().Train(workspace.Context(new Dictionary<string, string> { ["predictor_type"] = "multiclass_classifier" })));
        Assert.StartsWith("ClientError: Hyperparameter 'num_classes' is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HyperParametersAreCheckedBeforeAnyDataIsRead()
    {
        using var workspace = new AlgorithmWorkspace();
        workspace.WriteChannelText("train", "this is not csv\n");
        var error = Assert.Throws<AlgorithmException>(() => new LinearLearnerAlgorithm().Train(workspace.Context(new Dictionary<string, string> { ["predictor_type"] = "binary_classifier", ["epochs"] = "x" })));
        Assert.Contains("'epochs'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsOutsideTheClassesFailTheJobNamingTheChannel()
    {
        using var workspace = new AlgorithmWorkspace();
        workspace.WriteChannel("train", SklearnDatasets.LabelLast("iris.csv")); // labels 0, 1, 2
        var error = Assert.Throws<AlgorithmException>(() => new LinearLearnerAlgorithm().Train(workspace.Context(Settings("binary_classifier", []))));
        Assert.StartsWith("ClientError: Channel 'train' row ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARecordIoChannelIsRefusedNamingTheChannel()
    {
        using var workspace = new AlgorithmWorkspace();
        workspace.WriteChannel("train", SklearnDatasets.LabelLast("breast_cancer.csv"), "application/x-recordio-protobuf");
        var error = Assert.Throws<AlgorithmException>(() => new LinearLearnerAlgorithm().Train(workspace.Context(Settings("binary_classifier", []))));
        Assert.StartsWith("ClientError: Channel 'train' has ContentType 'application/x-recordio-protobuf'", error.Message, StringComparison.Ordinal);
    }

    private static void AssertAccuracyWithinOnePoint(List<float[]> rows, string predictorType, Dictionary<string, string> settings)
    {
        using var workspace = new AlgorithmWorkspace();
        var (train, test) = SklearnDatasets.Split(rows, 0.25, seed: 1);
        workspace.WriteChannel("train", train);
        workspace.WriteChannel("test", test);
        var reference = PythonReference.Run(Reference, workspace.Root, "classifier").GetProperty("accuracy").GetDouble();
        var accuracy = TrainAndScore(workspace, predictorType, settings, test).Accuracy;
        Assert.True(accuracy >= reference - 0.01, $"linear-learner test accuracy {accuracy} vs scikit-learn {reference}");
    }

    private static void AssertGenerated(string predictorType, string kind, Dictionary<string, string> settings)
    {
        using var workspace = new AlgorithmWorkspace();
        var reference = PythonReference.Run(Reference, workspace.Root, kind, "generate").GetProperty("accuracy").GetDouble();
        workspace.UseChannel("train");
        var test = Csv.Read(Path.Combine(workspace.Root, "data", "test", "data.csv"));
        var accuracy = TrainAndScore(workspace, predictorType, settings, test).Accuracy;
        Assert.True(accuracy >= reference - 0.01, $"linear-learner test accuracy {accuracy} vs scikit-learn {reference}");
    }

    // Trains on the workspace's train channel, then scores the test rows through the predictor (CSV in, JSON out).
    private static (double Accuracy, double Mse) TrainAndScore(AlgorithmWorkspace workspace, string predictorType, Dictionary<string, string> settings, List<float[]> test)
    {
        workspace.RemoveChannel("test");
        var algorithm = new LinearLearnerAlgorithm();
        algorithm.Train(workspace.Context(Settings(predictorType, settings)));
        var result = algorithm.Load(workspace.ModelDirectory).Invoke(Csv.Utf8(Csv.Rows(test.Select(r => r[1..]))), "text/csv", "application/json");
        var predictions = JsonDocument.Parse(result.Body).RootElement.GetProperty("predictions").EnumerateArray().ToArray();
        double correct = 0, squared = 0;
        for (var i = 0; i < test.Count; i++)
        {
            if (predictions[i].TryGetProperty("predicted_label", out var label))
            {
                correct += label.GetInt32() == (int)test[i][0] ? 1 : 0;
            }
            else
            {
                var error = predictions[i].GetProperty("score").GetDouble() - test[i][0];
                squared += error * error;
            }
        }

        return (correct / test.Count, squared / test.Count);
    }

    private static Dictionary<string, string> Settings(string predictorType, Dictionary<string, string> extra) =>
        new(extra) { ["predictor_type"] = predictorType };
}
