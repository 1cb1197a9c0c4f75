namespace Sagebrush.Core.Tuning;

/// <summary>Where created tuning jobs go to run, and where StopHyperParameterTuningJob reaches a running one. The orchestrator implements it.</summary>
public interface ITuningJobRunner
{
    void Start(string tuningJobName);

    /// <summary>Wakes the job's loop (it was already marked Stopping) so it stops its training jobs now.</summary>
    void RequestStop(string tuningJobName);
}
