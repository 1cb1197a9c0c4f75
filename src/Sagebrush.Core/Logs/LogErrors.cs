using Sagebrush.Core.Common;

namespace Sagebrush.Core.Logs;

/// <summary>CloudWatch Logs' error codes and messages, worded as AWS words them. Every one is a 400.</summary>
public static class LogErrors
{
    public const string ResourceNotFound = "ResourceNotFoundException";
    public const string ResourceAlreadyExists = "ResourceAlreadyExistsException";
    public const string InvalidParameter = "InvalidParameterException";

    public static AwsException GroupNotFound() => new(ResourceNotFound, "The specified log group does not exist.");

    public static AwsException StreamNotFound() => new(ResourceNotFound, "The specified log stream does not exist.");

    public static AwsException GroupAlreadyExists() => new(ResourceAlreadyExists, "The specified log group already exists");

    public static AwsException StreamAlreadyExists() => new(ResourceAlreadyExists, "The specified log stream already exists");

    public static AwsException InvalidToken() => new(InvalidParameter, "The specified nextToken is invalid.");

    public static AwsException Invalid(string message) => new(InvalidParameter, message);

    /// <summary>The wording of AWS's model validation (the first failing member only).</summary>
    public static AwsException Constraint(string member, object? value, string constraint) =>
        new(InvalidParameter, $"1 validation error detected: Value {(value is null ? "null" : $"'{value}'")} at '{member}' failed to satisfy constraint: {constraint}");
}
