using Sagebrush.Core.Common;

namespace Sagebrush.Core.Storage.Metadata;

/// <summary>
/// The resource (or the ARN being tagged) does not exist. Carries the key so a service can rethrow in the exact
/// words its operation uses on AWS.
/// </summary>
public sealed class ResourceNotFoundException(string message, ResourceKey? key = null)
    : AwsException(ErrorCode, message, 400)
{
    public const string ErrorCode = "ResourceNotFound";

    public ResourceKey? Key { get; } = key;

    public static ResourceNotFoundException For(ResourceKey key) =>
        new($"{key.Type} with name {key.Name} does not exist.", key);
}
