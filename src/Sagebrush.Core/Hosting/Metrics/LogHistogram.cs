using System.Buffers.Binary;

namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>
/// Counts of values in logarithmic buckets, each 2% wider than the last, so any percentile comes back within 1% of
/// the true sample, histograms of several minutes merge exactly, and a minute of a million calls takes a few hundred
/// bytes. Like CloudWatch, which also answers percentiles from an approximation. Zero (and anything below it) has a
/// bucket of its own. Not thread-safe: the metrics sink fills it from one loop.
/// </summary>
public sealed class LogHistogram
{
    private const double Growth = 1.02;
    private const int ZeroBucket = int.MinValue;
    private const int EntryBytes = sizeof(int) + sizeof(long);

    private static readonly double LogGrowth = Math.Log(Growth);

    private readonly Dictionary<int, long> counts = [];

    public long Count { get; private set; }

    public bool IsEmpty => Count == 0;

    public void Add(double value) => Add(BucketOf(value), 1);

    public void Merge(LogHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (bucket, count) in other.counts)
        {
            Add(bucket, count);
        }
    }

    /// <summary>
    /// The nearest-rank percentile (the smallest value with at least p% of the samples at or below it), as the middle
    /// of its bucket; the caller clamps it to the true minimum and maximum it keeps. NaN when empty.
    /// </summary>
    public double Percentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (Count == 0)
        {
            return double.NaN;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * Count));
        long seen = 0;
        foreach (var bucket in counts.Keys.Order())
        {
            seen += counts[bucket];
            if (seen >= rank)
            {
                return ValueOf(bucket);
            }
        }

        return ValueOf(counts.Keys.Max());
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[counts.Count * EntryBytes];
        var offset = 0;
        foreach (var (bucket, count) in counts.OrderBy(entry => entry.Key))
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), bucket);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(offset + sizeof(int)), count);
            offset += EntryBytes;
        }

        return bytes;
    }

    public static LogHistogram FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % EntryBytes != 0)
        {
            throw new FormatException($"A histogram is a whole number of {EntryBytes}-byte entries, not {bytes.Length} bytes.");
        }

        var histogram = new LogHistogram();
        for (var offset = 0; offset < bytes.Length; offset += EntryBytes)
        {
            histogram.Add(
                BinaryPrimitives.ReadInt32LittleEndian(bytes[offset..]),
                BinaryPrimitives.ReadInt64LittleEndian(bytes[(offset + sizeof(int))..]));
        }

        return histogram;
    }

    // Bucket i holds (Growth^(i-1), Growth^i]; its middle in relative terms is 2·Growth^i / (Growth + 1).
    private static int BucketOf(double value) =>
        value <= 0 || double.IsNaN(value) ? ZeroBucket : (int)Math.Ceiling(Math.Log(value) / LogGrowth);

    private static double ValueOf(int bucket) =>
        bucket == ZeroBucket ? 0 : 2 * Math.Pow(Growth, bucket) / (Growth + 1);

    private void Add(int bucket, long count)
    {
        counts[bucket] = counts.GetValueOrDefault(bucket) + count;
        Count += count;
    }
}
