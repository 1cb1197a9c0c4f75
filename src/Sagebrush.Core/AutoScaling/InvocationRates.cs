using System.Collections.Concurrent;
using Sagebrush.Core.Hosting.Invocations;

namespace Sagebrush.Core.AutoScaling;

/// <summary>
/// Counts every variant's invocations per second over the last ten minutes, in memory: what target tracking reads for
/// SageMakerVariantInvocationsPerInstance. Recording is a lock-free increment on the request path.
/// </summary>
public sealed class InvocationRates(TimeProvider time) : IInvocationSink
{
    private const int Seconds = 600;
    private readonly ConcurrentDictionary<(string Endpoint, string Variant), Ring> rings = new();

    public void Record(InvocationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        rings.GetOrAdd((record.EndpointName, record.VariantName), _ => new Ring()).Add(record.Time.ToUnixTimeSeconds());
    }

    /// <summary>Invocations of the variant in the last <paramref name="window"/> (whole seconds, the current one included).</summary>
    public long Count(string endpoint, string variant, TimeSpan window)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var seconds = (int)Math.Clamp(Math.Ceiling(window.TotalSeconds), 1, Seconds - 1);
        return rings.TryGetValue((endpoint, variant), out var ring) ? ring.Sum(now - seconds + 1, now) : 0;
    }

    private sealed class Ring
    {
        private readonly long[] seconds = new long[Seconds];
        private readonly long[] counts = new long[Seconds];

        public void Add(long second)
        {
            var slot = (int)(second % Seconds);
            if (Interlocked.Exchange(ref seconds[slot], second) != second)
            {
                Interlocked.Exchange(ref counts[slot], 0);
            }

            Interlocked.Increment(ref counts[slot]);
        }

        public long Sum(long from, long to)
        {
            long total = 0;
            for (var second = from; second <= to; second++)
            {
                var slot = (int)(second % Seconds);
                if (Volatile.Read(ref seconds[slot]) == second)
                {
                    total += Volatile.Read(ref counts[slot]);
                }
            }

            return total;
        }
    }
}
