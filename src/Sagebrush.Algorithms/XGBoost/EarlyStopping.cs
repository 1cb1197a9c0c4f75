using Sagebrush.Algorithms.Common;

namespace Sagebrush.Algorithms.XGBoost;

/// <summary>
/// early_stopping_rounds as the XGBoost Python package's EarlyStopping callback does it (what the container uses):
/// watch the last metric of the last evaluation set (validation when there is one), stop after that many rounds
/// without improvement, and keep every tree (save_best off); best_iteration and best_score go into the model's
/// attributes as Python writes them.
/// </summary>
internal sealed class EarlyStopping(int rounds)
{
    private double? _best;
    private int _roundsWithoutImprovement;

    public int BestIteration { get; private set; }

    public string BestScore => _best is { } best ? PythonFloat.Repr(best) : "";

    /// <summary>Records the round; true when training should stop.</summary>
    public bool Update(EvaluationLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Scores.Count == 0)
        {
            return false;
        }

        var score = line.Scores[^1];
        var maximize = XGBoostHyperParameters.IsMaximized(score.Metric);
        if (_best is not { } best || (maximize ? score.Value > best : score.Value < best))
        {
            _best = score.Value;
            BestIteration = line.Iteration;
            _roundsWithoutImprovement = 0;
        }
        else
        {
            _roundsWithoutImprovement++;
        }

        return _roundsWithoutImprovement >= rounds;
    }
}
