using Sagebrush.Core.Common;

namespace Sagebrush.Core.Storage.Metadata;

/// <summary>
/// A resource of that type and name already exists. AWS words this differently per resource (training jobs say
/// "Training job names must be unique within an AWS account and region, and a training job with this name already
/// exists (arn)"; endpoints answer ValidationException "Cannot create already existing endpoint "arn"."), so the
/// store raises a generic ResourceInUse carrying the key and ARN, and a service may rethrow it in its own words.
/// </summary>
public sealed class ResourceAlreadyExistsException(ResourceKey key, string arn)
    : AwsException(ErrorCode, $"{key.Type} with name {key.Name} already exists.", 400)
{
    public const string ErrorCode = "ResourceInUse";

    public ResourceKey Key { get; } = key;

    public string Arn { get; } = arn;
}
