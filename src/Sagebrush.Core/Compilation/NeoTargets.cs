using Sagebrush.Core.Compilation.Shapes;

namespace Sagebrush.Core.Compilation;

/// <summary>
/// The targets Sagebrush compiles for: the x86-64 ml_* CPU families (code tuned for their processor with gcc's
/// <c>-mtune</c>, runnable on any x86-64, since the model is served on this machine) and LINUX/X86_64. GPU, Inferentia,
/// Elastic Inference and edge devices need compilers this machine does not have.
/// </summary>
public static class NeoTargets
{
    public const string InferenceImageName = Compute.SageMakerImageName.NeoXGBoost;

    // SageMaker Neo's inference images' account in us-east-1 (and, here, in every region).
    private const string NeoAccount = "785573368785";

    private static readonly Dictionary<string, string> TuneByDevice = new(StringComparer.Ordinal)
    {
        ["ml_m4"] = "broadwell",
        ["ml_c4"] = "haswell",
        ["ml_m5"] = "skylake-avx512",
        ["ml_c5"] = "skylake-avx512",
    };

    public static IReadOnlyCollection<string> Devices => TuneByDevice.Keys;

    /// <summary>gcc's -mtune for the output's target, or null when Sagebrush cannot compile for it.</summary>
    public static string? Tune(NeoOutputConfig output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (output.TargetDevice is { } device)
        {
            return TuneByDevice.GetValueOrDefault(device);
        }

        return output.TargetPlatform is { Os: "LINUX", Arch: "X86_64", Accelerator: null } ? "generic" : null;
    }

    /// <summary>The target's name in the artifact's key: the device, or os_arch.</summary>
    public static string Name(NeoOutputConfig output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.TargetDevice ?? $"{output.TargetPlatform!.Os!.ToLowerInvariant()}_{output.TargetPlatform.Arch!.ToLowerInvariant()}";
    }

    public static string InferenceImage(string region) => $"{NeoAccount}.dkr.ecr.{region}.amazonaws.com/{InferenceImageName}:latest";
}
