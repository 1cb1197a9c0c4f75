using System.Globalization;

namespace Sagebrush.Bench.S3;

/// <summary>One timed transfer. MB is 10^6 bytes, as throughput is usually quoted.</summary>
public sealed record Timing(string Operation, long Bytes, TimeSpan Elapsed, string? Detail = null)
{
    public double MegabytesPerSecond => Bytes / 1e6 / Elapsed.TotalSeconds;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Operation} {Bytes} {Elapsed.TotalSeconds:F4} {MegabytesPerSecond:F1}{(Detail is null ? "" : " " + Detail)}");
}
