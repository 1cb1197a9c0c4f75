namespace Sagebrush.Core.SageMaker;

/// <summary>The RoleArn / ExecutionRoleArn members: the same pattern on every operation that takes a role.</summary>
public static class RoleArns
{
    public const string Pattern = @"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$";
}
