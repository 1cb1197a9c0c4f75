namespace Sagebrush.Core.Compute.Jobs;

/// <summary>
/// The observer as the executor uses it: one call at a time, timestamps from the executor's clock, and an
/// observer that throws never takes the job down (it is told not to, but a log sink is no reason to fail a job).
/// </summary>
public sealed class JobLog(IJobObserver observer, TimeProvider time)
{
    private readonly Lock _gate = new();

    public void Line(string host, string line) => Guard(() => observer.OnLogLine(host, time.GetUtcNow(), line));

    public void Status(string status, string message) => Guard(() => observer.OnSecondaryStatus(status, message));

    private void Guard(Action report)
    {
        lock (_gate)
        {
            try
            {
                report();
            }
#pragma warning disable CA1031 // a failing observer must not fail the job
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
