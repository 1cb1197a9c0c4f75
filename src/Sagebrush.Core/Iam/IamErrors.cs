using Sagebrush.Core.Common;

namespace Sagebrush.Core.Iam;

/// <summary>The errors IAM answers, in its words and with its HTTP statuses.</summary>
public static class IamErrors
{
    public static AwsException NoSuchRole(string name) => new("NoSuchEntity", $"The role with name {name} cannot be found.", 404);

    public static AwsException NoSuchRolePolicy(string role, string policy) => new("NoSuchEntity", $"The role policy with name {policy} cannot be found.", 404);

    public static AwsException RoleExists(string name) => new("EntityAlreadyExists", $"Role with name {name} already exists.", 409);

    public static AwsException DeleteConflict() => new("DeleteConflict", "Cannot delete entity, must detach all policies first.", 409);

    public static AwsException Validation(string message) => new("ValidationError", message);

    public static AwsException MalformedPolicy(string message) => new("MalformedPolicyDocument", message);
}
