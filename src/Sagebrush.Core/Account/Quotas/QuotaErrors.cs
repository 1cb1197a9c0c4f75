using Sagebrush.Core.Common;

namespace Sagebrush.Core.Account.Quotas;

/// <summary>Service Quotas' errors in its own codes and words.</summary>
public static class QuotaErrors
{
    public static AwsException NoSuchService(string? code) =>
        new("NoSuchResourceException", $"The request failed because the specified service does not exist: '{code}'. Sagebrush keeps the quotas of 'sagemaker'.");

    public static AwsException NoSuchQuota(string? code) =>
        new("NoSuchResourceException", $"The request failed because the specified quota does not exist: '{code}'.");

    public static AwsException NoSuchRequest(string? id) =>
        new("NoSuchResourceException", $"The request failed because the specified service quota increase request does not exist: '{id}'.");

    public static AwsException IllegalArgument(string message) => new("IllegalArgumentException", message);

    public static AwsException InvalidToken() =>
        new("InvalidPaginationTokenException", "Invalid input was provided: the NextToken is not one this service gave.");
}
