using Sagebrush.Algorithms.Hosting;
using Sagebrush.Algorithms.Training;

namespace Sagebrush.Algorithms;

/// <summary>
/// The command line: <c>Sagebrush.Algorithms &lt;algorithm&gt; train</c> reads /opt/ml (paths from the SM_* variables
/// when set) and writes model/ and output/failure; <c>Sagebrush.Algorithms &lt;algorithm&gt; serve</c> answers GET /ping
/// and POST /invocations on 127.0.0.1:$SAGEMAKER_BIND_TO_PORT (8080 when unset) with the model in $SM_MODEL_DIR
/// (/opt/ml/model when unset); <c>Sagebrush.Algorithms xgboost-neo compile</c> is a compilation job (docs/neo.md).
/// </summary>
public static class AlgorithmProgram
{
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 2 && args[1] == "train" && !AlgorithmRegistry.Names.Contains(args[0]))
        {
            // A built-in image the platform accepts but this build does not implement: a FailureReason, not a usage line.
            return TrainCommand.Fail(TrainingPaths.FromEnvironment(), $"ClientError: The built-in algorithm '{args[0]}' is not implemented in this Sagebrush build.", TrainCommand.ClientErrorExit);
        }

        if (args.Length != 2 || !AlgorithmRegistry.TryCreate(args[0], out var algorithm))
        {
            Console.Error.WriteLine($"usage: Sagebrush.Algorithms <{string.Join('|', AlgorithmRegistry.Names)}> <train|serve>");
            return 2;
        }

        return args[1] switch
        {
            "train" => TrainCommand.Run(algorithm, TrainingPaths.FromEnvironment()),
            "compile" when algorithm is Neo.NeoXGBoostAlgorithm => Neo.NeoCompiler.Run(TrainingPaths.FromEnvironment()),
            "serve" => ServeCommand.Run(algorithm, ServeSettings.FromEnvironment()),
            _ => Usage(args[1]),
        };
    }

    private static int Usage(string mode)
    {
        Console.Error.WriteLine($"Unknown mode '{mode}': use train or serve.");
        return 2;
    }
}
