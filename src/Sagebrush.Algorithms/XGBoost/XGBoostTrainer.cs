using System.Globalization;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.XGBoost.Native;

namespace Sagebrush.Algorithms.XGBoost;

/// <summary>
/// Trains as the SageMaker XGBoost container's algorithm mode does: the booster evaluates on train (and validation)
/// after every round, the log gets the container's evaluation line, early stopping watches the last metric of the
/// last set, and the model is saved with XGBoost's own SaveModel as <c>xgboost-model</c>.
/// </summary>
internal static class XGBoostTrainer
{
    public const string ModelFileName = "xgboost-model";

    public static void Train(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameters = XGBoostHyperParameters.Parse(context.HyperParameters);
        if (!context.Channels.TryGetValue("train", out var trainChannel))
        {
            throw AlgorithmException.Channel("train", "is required: the XGBoost algorithm trains on a channel named 'train'.");
        }

        var threads = Math.Max(1, context.CpuCount);
        using var train = XGBoostData.Load(trainChannel, parameters.CsvWeights, threads, context.Log);
        using var validation = context.Channels.TryGetValue("validation", out var validationChannel)
            ? XGBoostData.Load(validationChannel, parameters.CsvWeights, threads, context.Log)
            : null;

        // XGBoost copied the parsed arrays into its own matrices. Free them and hand their pages back to the system now
        // (large arrays go only in a full collection, and only an aggressive one decommits at once), so training's own
        // memory does not come on top of them: the peak is then XGBoost's, as the CLI's is.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        List<(DMatrix Matrix, string Name)> evals = [(train, "train")];
        if (validation is not null)
        {
            evals.Add((validation, "validation"));
        }

        using var booster = Booster.Create([.. evals.Select(e => e.Matrix)]);
        Configure(booster, parameters, threads);
        var stopping = parameters.EarlyStoppingRounds is { } rounds ? new EarlyStopping(rounds) : null;
        if (stopping is not null)
        {
            context.Log.Info(string.Create(CultureInfo.InvariantCulture,
                $"Will train until {evals[^1].Name}'s last metric hasn't improved in {parameters.EarlyStoppingRounds} rounds."));
        }

        for (var iteration = 0; iteration < parameters.NumRound; iteration++)
        {
            Run(() => booster.UpdateOneIteration(iteration, train));
            var line = EvaluationLine.Parse(Run(() => booster.EvaluateOneIteration(iteration, evals)));
            context.Log.Info(line.Format());
            if (stopping is not null)
            {
                var stop = stopping.Update(line);
                booster.SetAttribute("best_iteration", stopping.BestIteration.ToString(CultureInfo.InvariantCulture));
                booster.SetAttribute("best_score", stopping.BestScore);
                if (stop)
                {
                    context.Log.Info(string.Create(CultureInfo.InvariantCulture, $"Stopping. Best iteration: [{stopping.BestIteration}], best score {stopping.BestScore}"));
                    break;
                }
            }
        }

        if (stopping is not null)
        {
            // The Python package's train() adds this attribute after early stopping; loaders of the model may read it.
            var parallelTrees = parameters.BoosterParameters.LastOrDefault(p => p.Key == "num_parallel_tree").Value is { } trees ? int.Parse(trees, CultureInfo.InvariantCulture) : 1;
            booster.SetAttribute("best_ntree_limit", ((stopping.BestIteration + 1) * parallelTrees).ToString(CultureInfo.InvariantCulture));
        }

        booster.Save(Path.Combine(context.ModelDirectory, ModelFileName));
    }

    private static void Configure(Booster booster, XGBoostHyperParameters parameters, int threads)
    {
        var given = parameters.BoosterParameters.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in parameters.BoosterParameters)
        {
            Run(() => booster.SetParam(name, value));
        }

        if (!given.Contains("nthread"))
        {
            booster.SetParam("nthread", threads.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var metric in parameters.EvalMetrics)
        {
            Run(() => booster.SetParam("eval_metric", metric));
        }
    }

    /// <summary>
    /// Runs a libxgboost call; its failure is the user's (a ClientError) when XGBoost complains about labels or
    /// parameters, and an AlgorithmError otherwise, as the container sorts them.
    /// </summary>
    private static T Run<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (XGBoostException exception)
        {
            var message = FirstLine(exception.Message);
            if (message.Contains("label", StringComparison.OrdinalIgnoreCase) || message.Contains("parameter", StringComparison.OrdinalIgnoreCase)
                || message.Contains("num_class", StringComparison.Ordinal) || message.Contains("Check failed", StringComparison.Ordinal))
            {
                throw new AlgorithmException("ClientError: XGBoost: " + message);
            }

            throw new XGBoostException("XGB train call failed with exception: " + message);
        }
    }

    private static void Run(Action call) => Run(() =>
    {
        call();
        return 0;
    });

    // XGBoost's messages open with "[hh:mm:ss] path/file.cc:123: " and may carry a stack trace after the first line.
    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        var marker = line.IndexOf(": ", StringComparison.Ordinal);
        return line.StartsWith('[') && marker > 0 && line[..marker].Contains(".c", StringComparison.Ordinal) ? line[(marker + 2)..] : line;
    }
}
