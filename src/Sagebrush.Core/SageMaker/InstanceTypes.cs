using System.Globalization;

using Sagebrush.Core.Compute.Sandbox;

namespace Sagebrush.Core.SageMaker;

/// <summary>
/// The one catalogue of <c>ml.*</c> instance types: the botocore model's TrainingInstanceType and
/// ProductionVariantInstanceType enums (validation), and each type's vCPUs, memory and GPUs (SM_NUM_CPUS and the
/// cgroup limits every host of that type gets). vCPUs follow the size (medium 1, large 2, xlarge 4, Nxlarge 4N) and
/// memory the family's GiB per vCPU, as EC2 sizes them, with the few types that break the rule listed.
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

    /// <summary>The model's ProductionVariantInstanceType enum, in its order.</summary>
    public static IReadOnlyList<string> Hosting { get; } =
    [
        "ml.t2.medium", "ml.t2.large", "ml.t2.xlarge", "ml.t2.2xlarge", "ml.m4.xlarge", "ml.m4.2xlarge", "ml.m4.4xlarge",
        "ml.m4.10xlarge", "ml.m4.16xlarge", "ml.m5.large", "ml.m5.xlarge", "ml.m5.2xlarge", "ml.m5.4xlarge", "ml.m5.12xlarge",
        "ml.m5.24xlarge", "ml.m5d.large", "ml.m5d.xlarge", "ml.m5d.2xlarge", "ml.m5d.4xlarge", "ml.m5d.12xlarge",
        "ml.m5d.24xlarge", "ml.c4.large", "ml.c4.xlarge", "ml.c4.2xlarge", "ml.c4.4xlarge", "ml.c4.8xlarge", "ml.p2.xlarge",
        "ml.p2.8xlarge", "ml.p2.16xlarge", "ml.p3.2xlarge", "ml.p3.8xlarge", "ml.p3.16xlarge", "ml.c5.large", "ml.c5.xlarge",
        "ml.c5.2xlarge", "ml.c5.4xlarge", "ml.c5.9xlarge", "ml.c5.18xlarge", "ml.c5d.large", "ml.c5d.xlarge", "ml.c5d.2xlarge",
        "ml.c5d.4xlarge", "ml.c5d.9xlarge", "ml.c5d.18xlarge", "ml.g4dn.xlarge", "ml.g4dn.2xlarge", "ml.g4dn.4xlarge",
        "ml.g4dn.8xlarge", "ml.g4dn.12xlarge", "ml.g4dn.16xlarge", "ml.r5.large", "ml.r5.xlarge", "ml.r5.2xlarge",
        "ml.r5.4xlarge", "ml.r5.12xlarge", "ml.r5.24xlarge", "ml.r5d.large", "ml.r5d.xlarge", "ml.r5d.2xlarge", "ml.r5d.4xlarge",
        "ml.r5d.12xlarge", "ml.r5d.24xlarge", "ml.inf1.xlarge", "ml.inf1.2xlarge", "ml.inf1.6xlarge", "ml.inf1.24xlarge",
        "ml.c6i.large", "ml.c6i.xlarge", "ml.c6i.2xlarge", "ml.c6i.4xlarge", "ml.c6i.8xlarge", "ml.c6i.12xlarge",
        "ml.c6i.16xlarge", "ml.c6i.24xlarge", "ml.c6i.32xlarge", "ml.g5.xlarge", "ml.g5.2xlarge", "ml.g5.4xlarge",
        "ml.g5.8xlarge", "ml.g5.12xlarge", "ml.g5.16xlarge", "ml.g5.24xlarge", "ml.g5.48xlarge", "ml.p4d.24xlarge",
        "ml.c7g.large", "ml.c7g.xlarge", "ml.c7g.2xlarge", "ml.c7g.4xlarge", "ml.c7g.8xlarge", "ml.c7g.12xlarge",
        "ml.c7g.16xlarge", "ml.m6g.large", "ml.m6g.xlarge", "ml.m6g.2xlarge", "ml.m6g.4xlarge", "ml.m6g.8xlarge",
        "ml.m6g.12xlarge", "ml.m6g.16xlarge", "ml.m6gd.large", "ml.m6gd.xlarge", "ml.m6gd.2xlarge", "ml.m6gd.4xlarge",
        "ml.m6gd.8xlarge", "ml.m6gd.12xlarge", "ml.m6gd.16xlarge", "ml.c6g.large", "ml.c6g.xlarge", "ml.c6g.2xlarge",
        "ml.c6g.4xlarge", "ml.c6g.8xlarge", "ml.c6g.12xlarge", "ml.c6g.16xlarge", "ml.c6gd.large", "ml.c6gd.xlarge",
        "ml.c6gd.2xlarge", "ml.c6gd.4xlarge", "ml.c6gd.8xlarge", "ml.c6gd.12xlarge", "ml.c6gd.16xlarge", "ml.c6gn.large",
        "ml.c6gn.xlarge", "ml.c6gn.2xlarge", "ml.c6gn.4xlarge", "ml.c6gn.8xlarge", "ml.c6gn.12xlarge", "ml.c6gn.16xlarge",
        "ml.r6g.large", "ml.r6g.xlarge", "ml.r6g.2xlarge", "ml.r6g.4xlarge", "ml.r6g.8xlarge", "ml.r6g.12xlarge",
        "ml.r6g.16xlarge", "ml.r6gd.large", "ml.r6gd.xlarge", "ml.r6gd.2xlarge", "ml.r6gd.4xlarge", "ml.r6gd.8xlarge",
        "ml.r6gd.12xlarge", "ml.r6gd.16xlarge", "ml.p4de.24xlarge",
    ];

    /// <summary>The model's ProcessingInstanceType enum, in its order.</summary>
    public static IReadOnlyList<string> Processing { get; } =
    [
        "ml.t3.medium", "ml.t3.large", "ml.t3.xlarge", "ml.t3.2xlarge", "ml.m4.xlarge", "ml.m4.2xlarge",
        "ml.m4.4xlarge", "ml.m4.10xlarge", "ml.m4.16xlarge", "ml.c4.xlarge", "ml.c4.2xlarge", "ml.c4.4xlarge",
        "ml.c4.8xlarge", "ml.p2.xlarge", "ml.p2.8xlarge", "ml.p2.16xlarge", "ml.p3.2xlarge", "ml.p3.8xlarge",
        "ml.p3.16xlarge", "ml.c5.xlarge", "ml.c5.2xlarge", "ml.c5.4xlarge", "ml.c5.9xlarge", "ml.c5.18xlarge",
        "ml.m5.large", "ml.m5.xlarge", "ml.m5.2xlarge", "ml.m5.4xlarge", "ml.m5.12xlarge", "ml.m5.24xlarge",
        "ml.r5.large", "ml.r5.xlarge", "ml.r5.2xlarge", "ml.r5.4xlarge", "ml.r5.8xlarge", "ml.r5.12xlarge",
        "ml.r5.16xlarge", "ml.r5.24xlarge", "ml.g4dn.xlarge", "ml.g4dn.2xlarge", "ml.g4dn.4xlarge", "ml.g4dn.8xlarge",
        "ml.g4dn.12xlarge", "ml.g4dn.16xlarge",
    ];

    /// <summary>The model's TransformInstanceType enum, in its order.</summary>
    public static IReadOnlyList<string> Transform { get; } =
    [
        "ml.m4.xlarge", "ml.m4.2xlarge", "ml.m4.4xlarge", "ml.m4.10xlarge", "ml.m4.16xlarge", "ml.c4.xlarge",
        "ml.c4.2xlarge", "ml.c4.4xlarge", "ml.c4.8xlarge", "ml.p2.xlarge", "ml.p2.8xlarge", "ml.p2.16xlarge",
        "ml.p3.2xlarge", "ml.p3.8xlarge", "ml.p3.16xlarge", "ml.c5.xlarge", "ml.c5.2xlarge", "ml.c5.4xlarge",
        "ml.c5.9xlarge", "ml.c5.18xlarge", "ml.m5.large", "ml.m5.xlarge", "ml.m5.2xlarge", "ml.m5.4xlarge",
        "ml.m5.12xlarge", "ml.m5.24xlarge", "ml.g4dn.xlarge", "ml.g4dn.2xlarge", "ml.g4dn.4xlarge", "ml.g4dn.8xlarge",
        "ml.g4dn.12xlarge", "ml.g4dn.16xlarge",
    ];

    /// <summary>The most hosts one job or one production variant may have here (SageMaker's default quota per type is about this).</summary>
    public const int MaxInstanceCount = 20;

    private static readonly HashSet<string> TrainingSet = new(Training, StringComparer.Ordinal);

    // Sizes that break the "xlarge = 4, Nxlarge = 4N" rule. c4.8xlarge has 36 vCPUs, not 32; the burstable
    // mediums have 2 where Graviton mediums (m6g, c6g, ...) have 1.
    private static readonly Dictionary<string, int> Exceptions = new(StringComparer.Ordinal)
    {
        ["ml.c4.8xlarge"] = 36,
        ["ml.t2.medium"] = 2,
        ["ml.t3.medium"] = 2,
    };

    // GiB of memory per vCPU by family (the part of the name before the size).
    private static readonly Dictionary<string, double> MemoryPerVCpu = new(StringComparer.Ordinal)
    {
        ["ml.t2"] = 4, ["ml.t3"] = 4, ["ml.m4"] = 4, ["ml.m5"] = 4, ["ml.m5d"] = 4, ["ml.m6g"] = 4, ["ml.m6gd"] = 4,
        ["ml.c4"] = 1.875, ["ml.c5"] = 2, ["ml.c5d"] = 2, ["ml.c5n"] = 2.625, ["ml.c6i"] = 2, ["ml.c6g"] = 2, ["ml.c6gd"] = 2,
        ["ml.c6gn"] = 2, ["ml.c7g"] = 2, ["ml.r5"] = 8, ["ml.r5d"] = 8, ["ml.r6g"] = 8, ["ml.r6gd"] = 8,
        ["ml.g4dn"] = 4, ["ml.g5"] = 4, ["ml.p2"] = 15.25, ["ml.p3"] = 7.625, ["ml.p3dn"] = 8, ["ml.p4d"] = 12, ["ml.p4de"] = 12,
        ["ml.inf1"] = 2, ["ml.trn1"] = 4,
    };

    private static readonly Dictionary<string, double> MemoryExceptions = new(StringComparer.Ordinal)
    {
        ["ml.t2.medium"] = 4, ["ml.t3.medium"] = 4, ["ml.c4.8xlarge"] = 60, ["ml.p2.16xlarge"] = 732,
    };

    private static readonly Dictionary<string, int> GpuExceptions = new(StringComparer.Ordinal)
    {
        ["ml.g4dn.12xlarge"] = 4, ["ml.g5.12xlarge"] = 4, ["ml.g5.24xlarge"] = 4, ["ml.g5.48xlarge"] = 8,
        ["ml.p2.8xlarge"] = 8, ["ml.p2.16xlarge"] = 16, ["ml.p3.8xlarge"] = 4, ["ml.p3.16xlarge"] = 8,
        ["ml.p3dn.24xlarge"] = 8, ["ml.p4d.24xlarge"] = 8, ["ml.p4de.24xlarge"] = 8,
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

    /// <summary>GiB of memory of an ml.* type, or null for a family the catalogue does not know.</summary>
    public static double? MemoryGiB(string instanceType)
    {
        ArgumentNullException.ThrowIfNull(instanceType);
        if (MemoryExceptions.TryGetValue(instanceType, out var known))
        {
            return known;
        }

        var family = instanceType[..Math.Max(0, instanceType.LastIndexOf('.'))];
        return MemoryPerVCpu.TryGetValue(family, out var perVCpu) && VCpus(instanceType) is { } vcpus ? perVCpu * vcpus : null;
    }

    /// <summary>GPUs of an ml.* type: the g and p families have one per instance unless listed otherwise.</summary>
    public static int Gpus(string instanceType)
    {
        ArgumentNullException.ThrowIfNull(instanceType);
        if (GpuExceptions.TryGetValue(instanceType, out var known))
        {
            return known;
        }

        return instanceType.StartsWith("ml.g", StringComparison.Ordinal) || instanceType.StartsWith("ml.p", StringComparison.Ordinal) ? 1 : 0;
    }

    /// <summary>
    /// What one host of the type may use: its vCPUs (capped by this machine), its memory, a process bound, and the
    /// volume. Memory is the type's, not capped: a host may not use more than its type has, whatever this machine has.
    /// </summary>
    public static HostResources Resources(string instanceType, int volumeSizeInGB, int processorCount)
    {
        var vcpus = CpuCount(instanceType, processorCount);
        var memory = MemoryGiB(instanceType) is { } gib ? HostResources.Gibibytes(gib) : 0;
        return new HostResources(vcpus, memory, HostResources.ProcessesFor(VCpus(instanceType) ?? vcpus), HostResources.Gibibytes(volumeSizeInGB));
    }
}
