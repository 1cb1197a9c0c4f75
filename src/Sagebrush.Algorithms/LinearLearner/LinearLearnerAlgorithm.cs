using Sagebrush.Algorithms.Common;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>
/// SageMaker's Linear Learner (<c>linear-learner</c>): binary and multiclass classification and regression by
/// mini-batch training of several linear models side by side, with the best chosen on the validation channel.
/// Channels: train (required), validation, test; text/csv with the label first.
/// Not supported yet: application/x-recordio-protobuf data, sparse data, Pipe mode, more than one host, top-k accuracy,
/// an automatic search over wd/l1 (auto is 0), calibration on a sample (the whole validation set is used).
/// </summary>
public sealed class LinearLearnerAlgorithm : IBuiltInAlgorithm
{
    public string Name => "linear-learner";

    public void Train(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hp = LinearLearnerHyperParameters.Parse(context.HyperParameters);
        var trainChannel = ChannelReader.TrainChannel(context, labelRequired: true);
        var train = Shuffled(ReadLabelled(trainChannel, hp, hp.FeatureDim, context.CpuCount));
        var columns = train.Columns;
        var validation = context.Channels.GetValueOrDefault("validation") is { } v ? ReadLabelled(v, hp, columns, context.CpuCount) : null;
        var scaler = FeatureScaler.Fit(train, hp);
        scaler.Apply(train.Features, columns);
        if (validation is not null)
        {
            scaler.Apply(validation.Features, columns);
        }

        context.Log.Info($"linear-learner: {train.Rows} training rows x {columns} features, predictor_type {LinearLearnerHyperParameters.PredictorTypeName(hp.PredictorType)}, {hp.NumModels} model(s), {hp.Epochs} epoch(s) of mini-batches of {hp.MiniBatchSize}.");
        var trainer = new LinearTrainer(hp, columns, context.CpuCount, context.Log);
        var best = trainer.Train(train, scaler.ScaleLabels(train.Labels!), scaler, validation);

        var evaluator = new LinearEvaluator(hp, columns);
        var threshold = hp.PredictorType == PredictorType.BinaryClassifier && evaluator.UsesTunedThreshold
            ? evaluator.Evaluate(best.BestW, best.BestB, validation ?? train, scaler.LabelScale, scaler.LabelShift, threshold: null).Binary!.Value.Threshold
            : evaluator.DefaultThreshold;
        var model = Fold(best, scaler, hp, columns, threshold);
        model.Save(context.ModelDirectory);

        if (context.Channels.GetValueOrDefault("test") is { } testChannel)
        {
            var test = ReadLabelled(testChannel, hp, columns, context.CpuCount);
            var w = model.Weights.SelectMany(row => row).ToArray();
            var evaluation = evaluator.Evaluate(w, model.Bias, test, 1, 0, model.Threshold);
            trainer.LogEvaluation(evaluation, (metric, _, value) => MetricLog.Test(context.Log, metric, value));
        }
    }

    public IPredictor Load(string modelDirectory) => new LinearLearnerPredictor(LinearLearnerModel.Load(modelDirectory));

    private static DenseDataset ReadLabelled(TrainingChannelData channel, LinearLearnerHyperParameters hp, int? featureDim, int threads)
    {
        var data = ChannelReader.Read(channel, "linear-learner", labelRequired: true, featureDim, threads);
        var labels = data.Labels!;
        for (var r = 0; r < labels.Length; r++)
        {
            var y = labels[r];
            var valid = hp.PredictorType switch
            {
                PredictorType.BinaryClassifier => y is 0 or 1,
                PredictorType.MulticlassClassifier => y >= 0 && y < hp.NumClasses && y == MathF.Floor(y),
                _ => float.IsFinite(y),
            };
            if (!valid)
            {
                var expected = hp.PredictorType switch
                {
                    PredictorType.BinaryClassifier => "0 or 1",
                    PredictorType.MulticlassClassifier => $"an integer from 0 to {hp.NumClasses - 1} (num_classes - 1)",
                    _ => "a number",
                };
                throw AlgorithmException.Channel(channel.Name, $"row {r + 1} has label '{y}'; a {LinearLearnerHyperParameters.PredictorTypeName(hp.PredictorType)} label must be {expected}.");
            }
        }

        return data;
    }

    // SageMaker asks for shuffled input; shuffling once here (seeded) means sorted files still train well, and the
    // scaler's first num_point_for_scaler rows are a sample.
    private static DenseDataset Shuffled(DenseDataset data)
    {
        var order = Enumerable.Range(0, data.Rows).ToArray();
        new Random(LinearTrainer.Seed).Shuffle(order);
        var features = new float[data.Features.Length];
        var labels = new float[data.Rows];
        var columns = data.Columns;
        for (var i = 0; i < order.Length; i++)
        {
            data.Features.AsSpan(order[i] * columns, columns).CopyTo(features.AsSpan(i * columns, columns));
            labels[i] = data.Labels![order[i]];
        }

        return new DenseDataset(features, labels, data.Rows, columns);
    }

    // Weights for scaled features x' = (x - shift) / scale and label y = f' * labelScale + labelShift become weights
    // on the raw features: w = w' * labelScale / scale, b = (b' - sum(w' * shift / scale)) * labelScale + labelShift.
    private static LinearLearnerModel Fold(ModelRun run, FeatureScaler scaler, LinearLearnerHyperParameters hp, int columns, double threshold)
    {
        var classes = run.BestB.Length;
        var weights = new float[classes][];
        var bias = new float[classes];
        for (var c = 0; c < classes; c++)
        {
            weights[c] = new float[columns];
            double shifted = 0;
            for (var j = 0; j < columns; j++)
            {
                var w = run.BestW[(c * columns) + j] / scaler.Scale[j];
                shifted += w * scaler.Shift[j];
                weights[c][j] = (float)(w * scaler.LabelScale);
            }

            bias[c] = (float)(((run.BestB[c] - shifted) * scaler.LabelScale) + scaler.LabelShift);
        }

        return new LinearLearnerModel
        {
            PredictorType = LinearLearnerHyperParameters.PredictorTypeName(hp.PredictorType),
            Loss = LinearLearnerHyperParameters.LossName(hp.Loss),
            FeatureDim = columns,
            Threshold = threshold,
            Weights = weights,
            Bias = bias,
        };
    }
}
