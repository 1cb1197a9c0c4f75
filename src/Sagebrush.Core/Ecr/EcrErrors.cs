using Sagebrush.Core.Common;

namespace Sagebrush.Core.Ecr;

/// <summary>ECR's errors, worded as ECR words them.</summary>
public static class EcrErrors
{
    public static AwsException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static AwsException RepositoryNotFound(string name, string registry) =>
        new("RepositoryNotFoundException", $"The repository with name '{name}' does not exist in the registry with id '{registry}'");

    public static AwsException RepositoryExists(string name, string registry) =>
        new("RepositoryAlreadyExistsException", $"The repository with name '{name}' already exists in the registry with id '{registry}'");

    public static AwsException RepositoryNotEmpty(string name, string registry) =>
        new("RepositoryNotEmptyException", $"The repository with name '{name}' in registry with id '{registry}' cannot be deleted because it still contains images");

    public static AwsException RegistryUnavailable(string reason) => new("ServerException", "The image registry is not available: " + reason, 500);
}
