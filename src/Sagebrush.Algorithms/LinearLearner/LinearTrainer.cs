using System.Numerics.Tensors;
using Sagebrush.Algorithms.Common;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>
/// Mini-batch training of num_models linear models side by side on the same batches, each with its own learning
/// rate around the chosen one, as SageMaker's Linear Learner does. Every epoch each model is scored (on the
/// validation channel when there is one, else by its training loss), the best weights of each are kept, the epoch's
/// metrics are logged for the best model, and training stops early when the best score stops improving by
/// early_stopping_tolerance for early_stopping_patience epochs. Models train in parallel (one per core).
/// </summary>
internal sealed class LinearTrainer(LinearLearnerHyperParameters hp, int columns, int cpuCount, IAlgorithmLog log)
{
    /// <summary>Linear Learner has no seed hyperparameter; a fixed seed makes every run of a job the same.</summary>
    public const int Seed = 17;

    private static readonly double[] LearningRateFactors = [1, 1 / 3.0, 3, 0.1, 10, 1 / 30.0, 30, 0.01, 100];

    private readonly Loss _loss = Loss.For(hp);
    private readonly LinearEvaluator _evaluator = new(hp, columns);

    /// <summary>Trains on scaled features; <paramref name="scaledLabels"/> are the labels in training units.</summary>
    public ModelRun Train(DenseDataset train, float[] scaledLabels, FeatureScaler scaler, DenseDataset? validation)
    {
        var classes = hp.Classes;
        var baseRate = hp.LearningRate ?? hp.Optimizer switch { "sgd" => 0.1, "rmsprop" => 0.01, _ => 0.02 };
        var runs = Enumerable.Range(0, hp.NumModels)
            .Select(m => new ModelRun(classes, columns, baseRate * LearningRateFactors[m % LearningRateFactors.Length] / Math.Pow(1.7, m / LearningRateFactors.Length), hp, Seed + m))
            .ToArray();
        var weights = RowWeights(train.Labels!);
        var batches = (train.Rows + hp.MiniBatchSize - 1) / hp.MiniBatchSize;
        var random = new Random(Seed);
        var bestStoppingValue = double.PositiveInfinity;
        var epochsWithoutImprovement = 0;
        for (var epoch = 0; epoch < hp.Epochs; epoch++)
        {
            var order = Enumerable.Range(0, batches).ToArray();
            random.Shuffle(order);
            Parallel.ForEach(runs, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, cpuCount) }, run =>
            {
                TrainEpoch(run, train, scaledLabels, weights, order, scaler, batches);
                if (validation is not null)
                {
                    run.EpochEvaluation = _evaluator.Evaluate(run.W, run.B, validation, scaler.LabelScale, scaler.LabelShift, threshold: null);
                    run.EpochScore = _evaluator.SelectionScore(run.EpochEvaluation);
                }
                else
                {
                    run.EpochScore = double.IsNaN(run.EpochLoss) ? double.PositiveInfinity : run.EpochLoss;
                }

                run.KeepIfBest();
            });

            var best = runs.MinBy(r => r.EpochScore)!;
            LogEpoch(epoch, best);
            var stoppingValue = validation is not null && !hp.SelectionCriteriaGiven
                ? runs.Min(r => NotNaN(r.EpochEvaluation!.ObjectiveLoss))
                : best.EpochScore;
            if (stoppingValue < bestStoppingValue
                && (double.IsInfinity(bestStoppingValue) || (bestStoppingValue - stoppingValue) / Math.Max(Math.Abs(bestStoppingValue), 1e-12) > hp.EarlyStoppingTolerance))
            {
                bestStoppingValue = stoppingValue;
                epochsWithoutImprovement = 0;
            }
            else if (++epochsWithoutImprovement >= hp.EarlyStoppingPatience)
            {
                log.Info($"Early stopping at epoch {epoch}: no improvement larger than {hp.EarlyStoppingTolerance} (relative) for {hp.EarlyStoppingPatience} epoch(s).");
                break;
            }
        }

        return runs.MinBy(r => r.BestScore)!;
    }

    private void TrainEpoch(ModelRun run, DenseDataset train, float[] labels, float[] rowWeights, int[] order, FeatureScaler scaler, int batches)
    {
        var classes = run.B.Length;
        var features = train.Features;
        var originalLabels = train.Labels!;
        var logits = new double[classes];
        double lossSum = 0, weightSum = 0;
        var schedulerStep = hp.LrSchedulerStep ?? batches;
        foreach (var batch in order)
        {
            var start = batch * hp.MiniBatchSize;
            var count = Math.Min(hp.MiniBatchSize, train.Rows - start);
            Array.Clear(run.GradW);
            Array.Clear(run.GradB);
            for (var r = start; r < start + count; r++)
            {
                var x = features.AsSpan(r * columns, columns);
                var weight = rowWeights[r];
                if (classes == 1)
                {
                    double f = TensorPrimitives.Dot(x, run.W) + run.B[0];
                    var g = _loss.Gradient(f, labels[r]) * weight;
                    lossSum += weight * _loss.Value((f * scaler.LabelScale) + scaler.LabelShift, originalLabels[r]);
                    if (g != 0)
                    {
                        TensorPrimitives.MultiplyAdd(x, (float)g, run.GradW, run.GradW);
                        run.GradB[0] += (float)g;
                    }
                }
                else
                {
                    var label = (int)labels[r];
                    var max = double.NegativeInfinity;
                    for (var c = 0; c < classes; c++)
                    {
                        logits[c] = TensorPrimitives.Dot(x, run.W.AsSpan(c * columns, columns)) + run.B[c];
                        max = Math.Max(max, logits[c]);
                    }

                    double sum = 0;
                    for (var c = 0; c < classes; c++)
                    {
                        logits[c] = Math.Exp(logits[c] - max);
                        sum += logits[c];
                    }

                    lossSum += weight * -Math.Log(Math.Max(logits[label] / sum, 1e-300));
                    for (var c = 0; c < classes; c++)
                    {
                        var g = ((logits[c] / sum) - (c == label ? 1 : 0)) * weight;
                        TensorPrimitives.MultiplyAdd(x, (float)g, run.GradW.AsSpan(c * columns, columns), run.GradW.AsSpan(c * columns, columns));
                        run.GradB[c] += (float)g;
                    }
                }

                weightSum += weight;
            }

            Step(run, count, schedulerStep);
        }

        run.EpochLoss = lossSum / weightSum;
    }

    private void Step(ModelRun run, int count, int schedulerStep)
    {
        TensorPrimitives.Multiply(run.GradW, 1f / count, run.GradW);
        TensorPrimitives.Multiply(run.GradB, 1f / count, run.GradB);
        if (hp.Wd > 0)
        {
            TensorPrimitives.MultiplyAdd(run.W, (float)hp.Wd, run.GradW, run.GradW);
            TensorPrimitives.MultiplyAdd(run.B, (float)(hp.Wd * hp.BiasWdMult), run.GradB, run.GradB);
        }

        if (hp.L1 > 0)
        {
            for (var i = 0; i < run.W.Length; i++)
            {
                run.GradW[i] += (float)(hp.L1 * Math.Sign(run.W[i]));
            }
        }

        run.Steps++;
        var rate = run.LearningRate;
        if (hp.UseLrScheduler)
        {
            rate = Math.Max(rate * Math.Pow(hp.LrSchedulerFactor, (run.Steps - 1) / schedulerStep), Math.Min(rate, hp.LrSchedulerMinimumLr));
        }

        Optimizer.Update(hp.Optimizer, run.W, run.GradW, run.WFirst, run.WSecond, rate, run.Steps, hp.Momentum, hp.Beta1, hp.Beta2);
        if (hp.UseBias)
        {
            Optimizer.Update(hp.Optimizer, run.B, run.GradB, run.BFirst, run.BSecond, rate * hp.BiasLrMult, run.Steps, hp.Momentum, hp.Beta1, hp.Beta2);
        }
    }

    // positive_example_weight_mult for a binary classifier, balance_multiclass_weights for a multiclass one.
    private float[] RowWeights(float[] labels)
    {
        var weights = new float[labels.Length];
        Array.Fill(weights, 1f);
        if (hp.PredictorType == PredictorType.BinaryClassifier)
        {
            var positives = labels.Count(y => y > 0.5f);
            var multiplier = hp.PositiveExampleWeightMult ?? (positives == 0 ? 1 : (labels.Length - positives) / (double)positives);
            for (var i = 0; i < labels.Length; i++)
            {
                weights[i] = labels[i] > 0.5f ? (float)multiplier : 1f;
            }
        }
        else if (hp.PredictorType == PredictorType.MulticlassClassifier && hp.BalanceMulticlassWeights)
        {
            var counts = new long[hp.NumClasses];
            foreach (var y in labels)
            {
                counts[(int)y]++;
            }

            for (var i = 0; i < labels.Length; i++)
            {
                weights[i] = (float)(labels.Length / ((double)hp.NumClasses * counts[(int)labels[i]]));
            }
        }

        return weights;
    }

    private void LogEpoch(int epoch, ModelRun best)
    {
        MetricLog.Epoch(log, epoch, "train", "objective_loss", "loss", best.EpochLoss);
        if (best.EpochEvaluation is not { } e)
        {
            return;
        }

        LogEvaluation(e, (metric, kind, value) => MetricLog.Epoch(log, epoch, "validation", metric, kind, value));
    }

    /// <summary>Writes the metrics that apply to the predictor type (validation per epoch, test at the end).</summary>
    public void LogEvaluation(Evaluation e, Action<string, string, double> write)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(write);
        write("objective_loss", "loss", e.ObjectiveLoss);
        switch (hp.PredictorType)
        {
            case PredictorType.BinaryClassifier:
                var m = e.Binary!.Value;
                write("binary_classification_accuracy", "score", m.Accuracy);
                write("binary_f_beta", "score", m.FBeta);
                write("precision", "score", m.Precision);
                write("recall", "score", m.Recall);
                break;
            case PredictorType.MulticlassClassifier:
                write("multiclass_accuracy", "score", e.MulticlassAccuracy);
                break;
            default:
                write("mse", "loss", e.Mse);
                write("absolute_loss", "loss", e.AbsoluteLoss);
                write("rmse", "loss", Math.Sqrt(e.Mse));
                break;
        }
    }

    private static double NotNaN(double value) => double.IsNaN(value) ? double.PositiveInfinity : value;
}
