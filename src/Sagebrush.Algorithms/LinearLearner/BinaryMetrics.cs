namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>A binary classifier's quality at one threshold (predicted positive when score &gt; threshold).</summary>
internal readonly record struct BinaryMetrics(double Threshold, double Accuracy, double Precision, double Recall, double FBeta)
{
    public static BinaryMetrics At(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, double threshold, double beta)
    {
        long tp = 0, fp = 0, positives = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var positive = labels[i] > 0.5f;
            positives += positive ? 1 : 0;
            if (scores[i] > threshold)
            {
                tp += positive ? 1 : 0;
                fp += positive ? 0 : 1;
            }
        }

        return From(threshold, tp, fp, positives, scores.Length, beta);
    }

    /// <summary>
    /// The threshold that is best for binary_classifier_model_selection_criteria on these scores: every cut between
    /// two distinct sorted scores is tried. accuracy and f_beta are maximised; precision_at_target_recall maximises
    /// precision among cuts with recall &gt;= the target (recall_at_target_precision the converse).
    /// </summary>
    public static BinaryMetrics Tune(float[] scores, float[] labels, LinearLearnerHyperParameters hp)
    {
        var n = scores.Length;
        var order = new int[n];
        var keys = new float[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            keys[i] = -scores[i];
        }

        Array.Sort(keys, order);
        long positives = 0;
        foreach (var label in labels)
        {
            positives += label > 0.5f ? 1 : 0;
        }

        // Cut 0 predicts nothing positive.
        var best = From(scores.Length == 0 ? 0 : -keys[0], 0, 0, positives, n, hp.FBeta);
        var bestValue = Objective(best, hp);
        long tp = 0, fp = 0;
        for (var i = 0; i < n; i++)
        {
            if (labels[order[i]] > 0.5f)
            {
                tp++;
            }
            else
            {
                fp++;
            }

            if (i + 1 < n && keys[i + 1] == keys[i])
            {
                continue; // only cut between distinct scores
            }

            var threshold = i + 1 < n ? (-keys[i] + -keys[i + 1]) / 2.0 : -keys[i] - Math.Max(1e-6, Math.Abs(keys[i]) * 1e-6);
            var candidate = From(threshold, tp, fp, positives, n, hp.FBeta);
            var value = Objective(candidate, hp);
            if (value > bestValue)
            {
                best = candidate;
                bestValue = value;
            }
        }

        return best;
    }

    // Constrained criteria rank feasible cuts above every infeasible one.
    private static double Objective(BinaryMetrics m, LinearLearnerHyperParameters hp) => hp.SelectionCriteria switch
    {
        "f_beta" => m.FBeta,
        "precision_at_target_recall" => m.Recall >= hp.TargetRecall ? 1 + m.Precision : m.Recall,
        "recall_at_target_precision" => m.Precision >= hp.TargetPrecision ? 1 + m.Recall : m.Precision,
        _ => m.Accuracy,
    };

    private static BinaryMetrics From(double threshold, long tp, long fp, long positives, long n, double beta)
    {
        var negatives = n - positives;
        var accuracy = n == 0 ? 0 : (tp + (negatives - fp)) / (double)n;
        var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        var recall = positives == 0 ? 0 : tp / (double)positives;
        var b2 = beta * beta;
        var fBeta = precision + recall == 0 ? 0 : (1 + b2) * precision * recall / ((b2 * precision) + recall);
        return new BinaryMetrics(threshold, accuracy, precision, recall, fBeta);
    }
}
