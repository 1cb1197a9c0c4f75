using System.Numerics.Tensors;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>
/// Scores a data set with weights <c>w</c> (classes x features, row-major) and biases <c>b</c>, and computes the
/// metrics Linear Learner reports. <c>labelScale</c>/<c>labelShift</c> map the raw output back to label units (a
/// regressor trained on normalised labels).
/// </summary>
internal sealed class LinearEvaluator(LinearLearnerHyperParameters hp, int columns)
{
    private readonly Loss _loss = Loss.For(hp);

    public float[] Outputs(float[] w, float[] b, DenseDataset data, double labelScale, double labelShift)
    {
        var classes = b.Length;
        var outputs = new float[data.Rows * classes];
        Parallel.For(0, (data.Rows + 4095) / 4096, block =>
        {
            var end = Math.Min((block + 1) * 4096, data.Rows);
            for (var r = block * 4096; r < end; r++)
            {
                var x = data.Features.AsSpan(r * columns, columns);
                for (var c = 0; c < classes; c++)
                {
                    var f = TensorPrimitives.Dot(x, w.AsSpan(c * columns, columns)) + b[c];
                    outputs[(r * classes) + c] = (float)((f * labelScale) + labelShift);
                }
            }
        });
        return outputs;
    }

    /// <summary>Binary: <paramref name="threshold"/> null tunes it for the selection criterion on this data.</summary>
    public Evaluation Evaluate(float[] w, float[] b, DenseDataset data, double labelScale, double labelShift, double? threshold)
    {
        var outputs = Outputs(w, b, data, labelScale, labelShift);
        var labels = data.Labels!;
        var n = data.Rows;
        switch (hp.PredictorType)
        {
            case PredictorType.MulticlassClassifier:
                double crossEntropy = 0;
                long correct = 0;
                var classes = b.Length;
                for (var r = 0; r < n; r++)
                {
                    var logits = outputs.AsSpan(r * classes, classes);
                    var label = (int)labels[r];
                    var max = TensorPrimitives.Max(logits);
                    double sum = 0;
                    foreach (var logit in logits)
                    {
                        sum += Math.Exp(logit - max);
                    }

                    crossEntropy += Math.Log(sum) + max - logits[label];
                    correct += TensorPrimitives.IndexOfMax(logits) == label ? 1 : 0;
                }

                return new Evaluation(crossEntropy / n, null, correct / (double)n, 0, 0);
            case PredictorType.BinaryClassifier:
                double loss = 0;
                var scores = new float[n];
                for (var r = 0; r < n; r++)
                {
                    loss += _loss.Value(outputs[r], labels[r]);
                    scores[r] = Score(outputs[r]);
                }

                var metrics = threshold is { } t
                    ? BinaryMetrics.At(scores, labels, t, hp.FBeta)
                    : UsesTunedThreshold ? BinaryMetrics.Tune(scores, labels, hp) : BinaryMetrics.At(scores, labels, DefaultThreshold, hp.FBeta);
                return new Evaluation(loss / n, metrics, 0, 0, 0);
            default:
                double objective = 0, squared = 0, absolute = 0;
                for (var r = 0; r < n; r++)
                {
                    var error = outputs[r] - (double)labels[r];
                    objective += _loss.Value(outputs[r], labels[r]);
                    squared += error * error;
                    absolute += Math.Abs(error);
                }

                return new Evaluation(objective / n, null, 0, squared / n, absolute / n);
        }
    }

    /// <summary>Lower is better: the model selection criterion (binary) or the objective loss.</summary>
    public double SelectionScore(Evaluation evaluation)
    {
        var score = evaluation.Binary is { } m && UsesTunedThreshold
            ? -(hp.SelectionCriteria switch
            {
                "f_beta" => m.FBeta,
                "precision_at_target_recall" => m.Precision,
                "recall_at_target_precision" => m.Recall,
                _ => m.Accuracy,
            })
            : evaluation.ObjectiveLoss;
        return double.IsNaN(score) ? double.PositiveInfinity : score;
    }

    public bool UsesTunedThreshold => hp.SelectionCriteria is not ("cross_entropy_loss" or "loss_function");

    /// <summary>The score a binary classifier reports: a probability for logistic loss, the raw margin for hinge.</summary>
    public float Score(float output) => hp.Loss == LossKind.Logistic ? (float)Loss.Sigmoid(output) : output;

    public double DefaultThreshold => hp.Loss == LossKind.Logistic ? 0.5 : 0;
}
