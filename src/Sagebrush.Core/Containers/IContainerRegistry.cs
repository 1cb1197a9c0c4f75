namespace Sagebrush.Core.Containers;

/// <summary>
/// Sagebrush's own registry (ECR), as the container launcher sees it: an image URI that names one of its repositories
/// (<c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com/&lt;repo&gt;:&lt;tag&gt;</c> or the repository's own URI) becomes
/// the reference the Docker engine pulls, with the credentials it pulls with.
/// </summary>
public interface IContainerRegistry
{
    /// <summary>Where to pull <paramref name="image"/> from, or null when it names none of the registry's repositories.</summary>
    Task<RegistryImage?> ResolveAsync(string image, CancellationToken cancellationToken);
}

/// <summary>An image the engine pulls: its reference on the registry, and the user name and password it signs in with.</summary>
public sealed record RegistryImage(string Reference, string ServerAddress, string UserName, string Password);
