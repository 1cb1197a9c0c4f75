using Sagebrush.Core.Hosting.Zones;

namespace Sagebrush.Core.Tests.Hosting.Zones;

public class AvailabilityZonesTests
{
    [Fact]
    public void InstancesSpreadOverTheRegionsZonesFewestFirst()
    {
        var zones = new AvailabilityZones("us-east-1");
        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c"], zones.Names);
        var placed = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            placed.Add(zones.Place(placed));
        }

        Assert.Equal(["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1a", "us-east-1b"], placed);
    }

    [Fact]
    public void AnImpairedZoneTakesNothingUntilRestored()
    {
        var zones = new AvailabilityZones("eu-west-1");
        Assert.True(zones.Impair("eu-west-1b"));
        Assert.False(zones.Impair("eu-west-1b"));
        Assert.False(zones.IsAvailable("eu-west-1b"));
        Assert.Equal("eu-west-1c", zones.Place(["eu-west-1a"]));
        Assert.Equal("eu-west-1a", zones.Place(["eu-west-1b", "eu-west-1b"]));
        zones.Impair("eu-west-1a");
        zones.Impair("eu-west-1c");
        Assert.Contains("--restore", Assert.Throws<InvalidOperationException>(() => zones.Place([])).Message, StringComparison.Ordinal);
        Assert.True(zones.Restore("eu-west-1b"));
        Assert.Equal("eu-west-1b", zones.Place([]));
        Assert.Throws<ArgumentException>(() => zones.Impair("us-east-1a"));
    }
}
