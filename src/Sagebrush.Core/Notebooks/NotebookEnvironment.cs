namespace Sagebrush.Core.Notebooks;

/// <summary>
/// Where a notebook instance's processes find the platform: the server's address (once it listens: instances recovered
/// at start wait for the port to be bound), its region, and credentials for the instance's role.
/// </summary>
public sealed record NotebookEnvironment(Func<CancellationToken, Task<Uri>> Server, string Region, Func<string, CancellationToken, Task<Identity.SessionCredentials>> Credentials);
