using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;
using Sagebrush.Algorithms.XGBoost.Native;

namespace Sagebrush.Algorithms.XGBoost;

/// <summary>
/// SageMaker's XGBoost algorithm (images sagemaker-xgboost 1.5-1/1.7-1 in algorithm mode, and xgboost) on Debian's
/// libxgboost 1.7 through its C API: <see cref="XGBoostTrainer"/> trains, <see cref="XGBoostPredictor"/> serves.
/// </summary>
public sealed class XGBoostAlgorithm : IBuiltInAlgorithm
{
    public string Name => "xgboost";

    public void Train(TrainingContext context) => XGBoostTrainer.Train(context);

    public IPredictor Load(string modelDirectory)
    {
        var path = ModelFile(modelDirectory);
        Booster booster;
        try
        {
            booster = Booster.Load(path);
        }
        catch (XGBoostException exception)
        {
            throw new AlgorithmException($"ClientError: Model at {path} cannot be loaded (only XGBoost's own model formats are read, not pickles): {exception.Message}");
        }

        // As the container: one thread per prediction; concurrency comes from serving requests in parallel.
        booster.SetParam("nthread", "1");
        return Predictor(new BoosterModel(booster));
    }

    /// <summary>The container's invocation handling over any XGBoost model (libxgboost's or a Neo-compiled one).</summary>
    internal static IPredictor Predictor(IDenseModel model)
    {
        var batch = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SAGEMAKER_BATCH"));
        var accept = Environment.GetEnvironmentVariable("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT") is { Length: > 0 } configured ? configured : MediaType.Csv;
        return new XGBoostPredictor(model, batch, accept);
    }

    /// <summary>xgboost-model, else the directory's only file (the container loads whatever model file it finds).</summary>
    internal static string FindModelFile(string modelDirectory) => ModelFile(modelDirectory);

    /// <summary>xgboost-model, else the directory's only file (the container loads whatever model file it finds).</summary>
    private static string ModelFile(string modelDirectory)
    {
        var named = Path.Combine(modelDirectory, XGBoostTrainer.ModelFileName);
        if (File.Exists(named))
        {
            return named;
        }

        var files = Directory.Exists(modelDirectory) ? Directory.GetFiles(modelDirectory) : [];
        return files.Length == 1
            ? files[0]
            : throw new AlgorithmException($"ClientError: No XGBoost model in {modelDirectory}: expected {XGBoostTrainer.ModelFileName}.");
    }
}
