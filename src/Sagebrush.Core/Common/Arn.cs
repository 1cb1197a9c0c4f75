namespace Sagebrush.Core.Common;

/// <summary>Formats ARNs the way AWS does.</summary>
public static class Arn
{
    public static string Format(string service, string region, string accountId, string resource) =>
        $"arn:aws:{service}:{region}:{accountId}:{resource}";

    /// <summary>
    /// SageMaker lower-cases the resource name in its ARNs (a training job named "MyJob" has the ARN
    /// <c>arn:aws:sagemaker:us-east-1:000000000000:training-job/myjob</c>), while the name itself keeps its case.
    /// </summary>
    public static string SageMaker(AccountSettings account, string resourceType, string name)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Format("sagemaker", account.Region, account.AccountId, $"{resourceType}/{name.ToLowerInvariant()}");
    }

    /// <summary>S3 ARNs carry neither region nor account.</summary>
    public static string S3(string bucket, string? key = null) =>
        key is null ? $"arn:aws:s3:::{bucket}" : $"arn:aws:s3:::{bucket}/{key}";
}
