namespace Sagebrush.Core.Common;

/// <summary>
/// The one shape of what carries out a resource family's work in the background: the training scheduler, the tuning
/// orchestrator, the endpoint supervisor, and the processing and transform job controllers (notebooks next). Its service begins
/// work on a resource (a job to run, an endpoint to create) and requests a stop; the server's host recovers, when it
/// starts, what the last run left (a job it was running is Failed, an endpoint that was up starts again), and shuts
/// everything down when it stops (running work is stopped and left for that recovery to find).
/// </summary>
public interface IBackgroundController
{
    /// <summary>What it runs, for the server's log ("training jobs").</summary>
    string Runs { get; }

    /// <summary>How long shutdown waits for work in flight before leaving it to the next start's recovery.</summary>
    TimeSpan ShutdownGrace { get; }

    Task RecoverAsync(CancellationToken cancellationToken);

    Task ShutdownAsync(TimeSpan grace);
}
