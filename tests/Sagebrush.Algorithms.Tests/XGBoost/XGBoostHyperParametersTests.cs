using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.XGBoost;

namespace Sagebrush.Algorithms.Tests.XGBoost;

public sealed class XGBoostHyperParametersTests
{
    [Fact]
    public void NumRoundIsRequired()
    {
        var error = Assert.Throws<AlgorithmException>(() => XGBoostHyperParameters.Parse(new Dictionary<string, string> { ["eta"] = "0.1" }));

        Assert.Equal("ClientError: Hyperparameter 'num_round' is required.", error.Message);
    }

    [Theory]
    [InlineData("num_round", "0")]
    [InlineData("num_round", "ten")]
    [InlineData("num_round", "2.5")]
    [InlineData("eta", "1.5")]
    [InlineData("eta", "fast")]
    [InlineData("gamma", "-1")]
    [InlineData("max_depth", "-2")]
    [InlineData("min_child_weight", "-0.1")]
    [InlineData("max_delta_step", "-3")]
    [InlineData("subsample", "0")]
    [InlineData("subsample", "1.01")]
    [InlineData("colsample_bytree", "0")]
    [InlineData("colsample_bylevel", "2")]
    [InlineData("colsample_bynode", "-1")]
    [InlineData("alpha", "-1")]
    [InlineData("lambda", "-1")]
    [InlineData("scale_pos_weight", "0")]
    [InlineData("tree_method", "fastest")]
    [InlineData("tree_method", "gpu_hist")]
    [InlineData("objective", "reg:nonsense")]
    [InlineData("booster", "forest")]
    [InlineData("csv_weights", "2")]
    [InlineData("early_stopping_rounds", "0")]
    [InlineData("nthread", "0")]
    [InlineData("seed", "x")]
    [InlineData("eval_metric", "accuracy")]
    [InlineData("eval_metric", "rmse,auc@0.5")]
    [InlineData("sketch_eps", "1")]
    [InlineData("tweedie_variance_power", "2")]
    [InlineData("grow_policy", "widthwise")]
    [InlineData("num_class", "1")]
    public void AWrongValueFailsNamingItsHyperParameter(string name, string value)
    {
        var values = new Dictionary<string, string> { ["num_round"] = "10", [name] = value };
        if (name == "num_class")
        {
            values["objective"] = "multi:softmax";
        }

        var error = Assert.Throws<AlgorithmException>(() => XGBoostHyperParameters.Parse(values));

        Assert.StartsWith($"ClientError: Hyperparameter '{name}' ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiClassObjectivesNeedNumClass()
    {
        var error = Assert.Throws<AlgorithmException>(() => XGBoostHyperParameters.Parse(new Dictionary<string, string> { ["num_round"] = "5", ["objective"] = "multi:softprob" }));

        Assert.Contains("'num_class' is required for multi-classification", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NumClassWithoutAnObjectiveIsRefused()
    {
        var error = Assert.Throws<AlgorithmException>(() => XGBoostHyperParameters.Parse(new Dictionary<string, string> { ["num_round"] = "5", ["num_class"] = "3" }));

        Assert.StartsWith("ClientError: Hyperparameter 'num_class' ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AucNeedsAClassificationOrRankingObjective()
    {
        var error = Assert.Throws<AlgorithmException>(() => XGBoostHyperParameters.Parse(new Dictionary<string, string> { ["num_round"] = "5", ["eval_metric"] = "auc" }));

        Assert.Contains("'eval_metric'", error.Message, StringComparison.Ordinal);
        Assert.Contains("reg:squarederror", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownHyperParameterIsExtraneousButTheSdksOwnPass()
    {
        var error = Assert.Throws<AlgorithmException>(() => XGBoostHyperParameters.Parse(new Dictionary<string, string> { ["num_round"] = "5", ["num_rounds"] = "5" }));
        Assert.Equal("ClientError: Extraneous hyperparameter found: num_rounds", error.Message);

        XGBoostHyperParameters.Parse(new Dictionary<string, string> { ["num_round"] = "5", ["sagemaker_region"] = "\"us-east-1\"" });
    }

    [Fact]
    public void DefaultsAreSageMakersAndTheRestPassToTheBooster()
    {
        var parsed = XGBoostHyperParameters.Parse(new Dictionary<string, string>
        {
            ["num_round"] = "50",
            ["max_depth"] = "6",
            ["eta"] = "0.2",
            ["eval_metric"] = "rmse, mae",
            ["_tuning_objective_metric"] = "validation:rmsle",
            ["early_stopping_rounds"] = "5",
        });

        Assert.Equal(50, parsed.NumRound);
        Assert.Equal(5, parsed.EarlyStoppingRounds);
        Assert.Equal("reg:squarederror", parsed.Objective);
        Assert.Equal(["rmse", "mae", "rmsle"], parsed.EvalMetrics);
        Assert.Equal(
            ["objective=reg:squarederror", "eta=0.2", "max_depth=6"],
            parsed.BoosterParameters.Select(p => $"{p.Key}={p.Value}"));
    }

    [Theory]
    [InlineData("auc", true)]
    [InlineData("ndcg@5", true)]
    [InlineData("map", true)]
    [InlineData("rmse", false)]
    [InlineData("mape", false)]
    [InlineData("error@0.7", false)]
    public void EarlyStoppingMaximizesWhatXGBoostMaximizes(string metric, bool maximized) =>
        Assert.Equal(maximized, XGBoostHyperParameters.IsMaximized(metric));
}
