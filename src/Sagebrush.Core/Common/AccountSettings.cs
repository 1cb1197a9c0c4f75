namespace Sagebrush.Core.Common;

/// <summary>The single account and region this server answers for.</summary>
public sealed record AccountSettings(string AccountId = AccountSettings.DefaultAccountId, string Region = AccountSettings.DefaultRegion)
{
    public const string DefaultAccountId = "000000000000";
    public const string DefaultRegion = "us-east-1";
}
