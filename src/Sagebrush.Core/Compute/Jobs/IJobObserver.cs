namespace Sagebrush.Core.Compute.Jobs;

/// <summary>How a job is doing, as it happens. Implementations must be quick and must not throw.</summary>
public interface IJobObserver
{
    /// <summary>A SecondaryStatus transition: Downloading, Training, Uploading (the spine does not report the final one).</summary>
    void OnSecondaryStatus(string status, string message);

    /// <summary>One line a host printed on stdout or stderr (also the spine's own notes).</summary>
    void OnLogLine(string host, DateTimeOffset timestamp, string line);
}
