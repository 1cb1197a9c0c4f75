namespace Sagebrush.Core.Notebooks;

/// <summary>How notebook instances run here; tests shorten the waits.</summary>
public sealed record NotebookOptions
{
    /// <summary>SageMaker stops a lifecycle script after 5 minutes and fails the instance.</summary>
    public TimeSpan LifecycleScriptTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long Jupyter has to answer after it starts.</summary>
    public TimeSpan JupyterStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a git clone or pull may take.</summary>
    public TimeSpan GitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A presigned URL is good for one sign-in within 5 minutes, as SageMaker's is.</summary>
    public TimeSpan PresignedUrlLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the temporary credentials a notebook gets last (they are issued again at each start).</summary>
    public TimeSpan CredentialLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>The Jupyter notebook server (Debian's jupyter-notebook).</summary>
    public string JupyterPath { get; init; } = "/usr/bin/jupyter-notebook";

    public string GitPath { get; init; } = "/usr/bin/git";
}
