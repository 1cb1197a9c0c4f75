using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Account.Billing;

/// <summary>How AWS's bill names SageMaker usage: the service, and usage types such as <c>USE1-Train:ml.m5.large</c>.</summary>
public static class UsageTypes
{
    public const string ServiceName = "Amazon SageMaker";

    private static readonly Dictionary<string, string> RegionPrefixes = new(StringComparer.Ordinal)
    {
        ["us-east-1"] = "USE1", ["us-east-2"] = "USE2", ["us-west-1"] = "USW1", ["us-west-2"] = "USW2",
        ["eu-west-1"] = "EU", ["eu-west-2"] = "EUW2", ["eu-central-1"] = "EUC1", ["ap-northeast-1"] = "APN1",
        ["ap-southeast-1"] = "APS1", ["ap-southeast-2"] = "APS2",
    };

    public static string Of(string region, InstanceUsage usage, string instanceType) =>
        $"{RegionPrefixes.GetValueOrDefault(region, region.ToUpperInvariant())}-{usage.UsageTypeName()}:{instanceType}";
}
