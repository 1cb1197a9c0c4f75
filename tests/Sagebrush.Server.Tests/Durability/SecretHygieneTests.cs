using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Durability;

/// <summary>The secret key never reaches the server's output, not even when signatures fail.</summary>
public sealed class SecretHygieneTests
{
    [Fact]
    public async Task TheSecretKeyNeverAppearsInTheServerLog()
    {
        await using var server = await ServerProcess.StartAsync(logLevel: "Debug");
        using (var s3 = server.CreateS3Client())
        {
            await s3.PutBucketAsync("logged");
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "logged", Key = "k", ContentBody = "x" });
            await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync("logged", "missing"));
        }

        using (var wrong = new AmazonS3Client(
            new BasicAWSCredentials(SagebrushServerFixture.Credentials.AccessKeyId, "wrong-secret"),
            new AmazonS3Config { ServiceURL = server.Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 }))
        {
            await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => wrong.ListBucketsAsync());
        }

        await server.TerminateAsync();

        Assert.Contains("PUT /logged/k", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(SagebrushServerFixture.Credentials.SecretAccessKey, server.Output, StringComparison.Ordinal);
    }
}
