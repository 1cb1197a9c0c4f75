using System.Diagnostics;
using System.Globalization;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Training;

/// <summary>
/// <c>train</c>: reads the workspace, runs the algorithm, and reports failure as SageMaker's algorithm containers do:
/// a problem the user caused (<see cref="AlgorithmException"/>) goes to output/failure as it is, exit 1; anything
/// else goes there as <c>AlgorithmError: ...</c>, exit 2. The platform turns output/failure into the FailureReason.
/// Not supported yet: distributed training (hosts other than the first log that they wait and exit 0).
/// </summary>
internal static class TrainCommand
{
    public const int ClientErrorExit = 1;
    public const int AlgorithmErrorExit = 2;

    public static int Run(IBuiltInAlgorithm algorithm, TrainingPaths paths)
    {
        var log = new ConsoleAlgorithmLog();
        try
        {
            var config = TrainingConfig.Read(paths);
            if (!config.IsLeadHost)
            {
                log.Info($"{config.CurrentHost}: distributed training is not supported in Sagebrush; only the first host trains.");
                return 0;
            }

            Directory.CreateDirectory(paths.Model);
            Directory.CreateDirectory(paths.OutputData);
            var context = new TrainingContext(config.HyperParameters, config.Channels(paths), paths.Model, paths.OutputData, CpuCount(), log);
            var started = Stopwatch.GetTimestamp();
            algorithm.Train(context);
            log.Info(string.Create(CultureInfo.InvariantCulture, $"Sagebrush.Algorithms: {algorithm.Name} trained in {Stopwatch.GetElapsedTime(started).TotalSeconds:F2} s"));
            return 0;
        }
        catch (AlgorithmException exception)
        {
            return Fail(paths, exception.Message, ClientErrorExit);
        }
#pragma warning disable CA1031 // the contract: every failure ends up in output/failure
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine(exception);
            return Fail(paths, "AlgorithmError: " + exception.Message, AlgorithmErrorExit);
        }
    }

    public static int Fail(TrainingPaths paths, string message, int exitCode)
    {
        Console.Error.WriteLine(message);
        try
        {
            Directory.CreateDirectory(paths.Output);
            File.WriteAllText(paths.FailureFile, message);
        }
        catch (IOException exception)
        {
            Console.Error.WriteLine($"Could not write {paths.FailureFile}: {exception.Message}");
        }
        catch (UnauthorizedAccessException exception)
        {
            Console.Error.WriteLine($"Could not write {paths.FailureFile}: {exception.Message}");
        }

        return exitCode;
    }

    // SM_NUM_CPUS is what the instance type offers; the process may see fewer cores, and never more help.
    private static int CpuCount() =>
        int.TryParse(Environment.GetEnvironmentVariable("SM_NUM_CPUS"), NumberStyles.None, CultureInfo.InvariantCulture, out var cpus) && cpus > 0
            ? Math.Min(cpus, Environment.ProcessorCount)
            : Environment.ProcessorCount;
}
