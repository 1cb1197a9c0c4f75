using System.Globalization;

namespace Sagebrush.Core.Training;

/// <summary>
/// ResourceConfig.InstanceType: the TrainingInstanceType enum of the botocore model, and how many vCPUs each type has
/// (SM_NUM_CPUS), capped by the machine Sagebrush runs on.
/// </summary>
public static class InstanceTypes
{
    /// <summary>The model's TrainingInstanceType enum, in the model's order (AWS lists it in its error message).</summary>
    public static IReadOnlyList<string> Training { get; } =
    [
        "ml.m4.xlarge", "ml.m4.2xlarge", "ml.m4.4xlarge", "ml.m4.10xlarge", "ml.m4.16xlarge",
        "ml.g4dn.xlarge", "ml.g4dn.2xlarge", "ml.g4dn.4xlarge", "ml.g4dn.8xlarge", "ml.g4dn.12xlarge", "ml.g4dn.16xlarge",
        "ml.m5.large", "ml.m5.xlarge", "ml.m5.2xlarge", "ml.m5.4xlarge", "ml.m5.12xlarge", "ml.m5.24xlarge",
        "ml.c4.xlarge", "ml.c4.2xlarge", "ml.c4.4xlarge", "ml.c4.8xlarge",
        "ml.p2.xlarge", "ml.p2.8xlarge", "ml.p2.16xlarge",
        "ml.p3.2xlarge", "ml.p3.8xlarge", "ml.p3.16xlarge", "ml.p3dn.24xlarge", "ml.p4d.24xlarge",
        "ml.c5.xlarge", "ml.c5.2xlarge", "ml.c5.4xlarge", "ml.c5.9xlarge", "ml.c5.18xlarge",
        "ml.c5n.xlarge", "ml.c5n.2xlarge", "ml.c5n.4xlarge", "ml.c5n.9xlarge", "ml.c5n.18xlarge",
        "ml.g5.xlarge", "ml.g5.2xlarge", "ml.g5.4xlarge", "ml.g5.8xlarge", "ml.g5.16xlarge", "ml.g5.12xlarge",
        "ml.g5.24xlarge", "ml.g5.48xlarge",
        "ml.trn1.2xlarge", "ml.trn1.32xlarge",
    ];

    private static readonly HashSet<string> TrainingSet = new(Training, StringComparer.Ordinal);

    // Sizes that break the "xlarge = 4, Nxlarge = 4N" rule. c4.8xlarge has 36 vCPUs, not 32; the burstable
    // mediums have 2 where Graviton mediums (m6g, c6g, ...) have 1.
    private static readonly Dictionary<string, int> Exceptions = new(StringComparer.Ordinal)
    {
        ["ml.c4.8xlarge"] = 36,
        ["ml.t2.medium"] = 2,
        ["ml.t3.medium"] = 2,
    };

    public static bool IsTrainingType(string instanceType) => TrainingSet.Contains(instanceType);

    /// <summary>vCPUs of an ml.* type from its size (medium 1, large 2, xlarge 4, Nxlarge 4N), or null when the size is not one of those.</summary>
    public static int? VCpus(string instanceType)
    {
        ArgumentNullException.ThrowIfNull(instanceType);
        if (Exceptions.TryGetValue(instanceType, out var known))
        {
            return known;
        }

        var size = instanceType[(instanceType.LastIndexOf('.') + 1)..];
        return size switch
        {
            "medium" => 1,
            "large" => 2,
            "xlarge" => 4,
            _ when size.EndsWith("xlarge", StringComparison.Ordinal)
                && int.TryParse(size.AsSpan(0, size.Length - "xlarge".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && n > 0 => 4 * n,
            _ => null,
        };
    }

    /// <summary>SM_NUM_CPUS for a host: the type's vCPUs, never more than this machine has.</summary>
    public static int CpuCount(string instanceType, int processorCount) =>
        Math.Max(1, Math.Min(VCpus(instanceType) ?? processorCount, processorCount));
}
