namespace Sagebrush.Server.Protocol.Query;

/// <summary>
/// The AWS services that speak the query protocol (from the botocore models' <c>metadata.protocol</c>), by signing
/// name, with their XML namespaces and versions: a request for any of them is answered in XML, also when Sagebrush does
/// not implement the service, so an SDK always reads the error it gets.
/// </summary>
public static class QueryServices
{
    private static readonly Dictionary<string, (string Namespace, string Version)> Known = new(StringComparer.Ordinal)
    {
        ["sts"] = ("https://sts.amazonaws.com/doc/2011-06-15/", "2011-06-15"),
        ["iam"] = ("https://iam.amazonaws.com/doc/2010-05-08/", "2010-05-08"),
        ["monitoring"] = ("http://monitoring.amazonaws.com/doc/2010-08-01/", "2010-08-01"),
        ["autoscaling"] = ("http://autoscaling.amazonaws.com/doc/2011-01-01/", "2011-01-01"),
        ["elasticloadbalancing"] = ("http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", "2015-12-01"),
        ["cloudformation"] = ("http://cloudformation.amazonaws.com/doc/2010-05-15/", "2010-05-15"),
        ["sns"] = ("http://sns.amazonaws.com/doc/2010-03-31/", "2010-03-31"),
        ["ses"] = ("http://ses.amazonaws.com/doc/2010-12-01/", "2010-12-01"),
        ["rds"] = ("http://rds.amazonaws.com/doc/2014-10-31/", "2014-10-31"),
        ["ec2"] = ("http://ec2.amazonaws.com/doc/2016-11-15/", "2016-11-15"),
    };

    public static bool IsQueryService(string? signingName) => signingName is not null && Known.ContainsKey(signingName);

    /// <summary>The namespace and version of a query service, or STS's for one Sagebrush does not know.</summary>
    public static (string Namespace, string Version) Of(string? signingName) =>
        signingName is not null && Known.TryGetValue(signingName, out var known) ? known : Known["sts"];
}
