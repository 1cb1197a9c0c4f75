using Sagebrush.Core.AutoScaling;
using Sagebrush.Core.Hosting.Invocations;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.AutoScaling;

public sealed class InvocationRatesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void CountsTheVariantsCallsInTheWindowOnly()
    {
        var clock = new ManualTimeProvider(Start);
        var rates = new InvocationRates(clock);
        for (var second = 0; second < 120; second++)
        {
            rates.Record(Call("ep", "a", Start.AddSeconds(second)));
            rates.Record(Call("ep", "a", Start.AddSeconds(second)));
            rates.Record(Call("ep", "b", Start.AddSeconds(second)));
        }

        clock.Advance(TimeSpan.FromSeconds(119));

        Assert.Equal(120, rates.Count("ep", "a", TimeSpan.FromMinutes(1)));
        Assert.Equal(60, rates.Count("ep", "b", TimeSpan.FromMinutes(1)));
        Assert.Equal(6, rates.Count("ep", "a", TimeSpan.FromSeconds(3)));
        Assert.Equal(0, rates.Count("other", "a", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void CallsOlderThanTheRingAreForgotten()
    {
        var clock = new ManualTimeProvider(Start);
        var rates = new InvocationRates(clock);
        rates.Record(Call("ep", "a", Start));

        clock.Advance(TimeSpan.FromMinutes(10));
        rates.Record(Call("ep", "a", clock.GetUtcNow())); // the same slot of the ring, ten minutes later

        Assert.Equal(1, rates.Count("ep", "a", TimeSpan.FromMinutes(9)));
    }

    private static InvocationRecord Call(string endpoint, string variant, DateTimeOffset time) =>
        new(endpoint, variant, "i-0", 1, time, "e", null, null, null, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, null, 200, 200, TimeSpan.Zero, TimeSpan.Zero);
}
