using Amazon.S3.Model;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Durability;

/// <summary>The server stops cleanly on SIGTERM and comes back with what it stored.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task SigtermStopsTheServerCleanlyAndARestartServesTheSameObjects()
    {
        await using var server = await ServerProcess.StartAsync();
        using (var s3 = server.CreateS3Client())
        {
            await s3.PutBucketAsync("kept");
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "kept", Key = "k", ContentBody = "still here" });
        }

        var exitCode = await server.TerminateAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("Sagebrush stopped.", server.Output, StringComparison.Ordinal);
        await server.RestartAsync();
        using var again = server.CreateS3Client();
        using var got = await again.GetObjectAsync("kept", "k");
        using var reader = new StreamReader(got.ResponseStream);
        Assert.Equal("still here", await reader.ReadToEndAsync());
    }
}
