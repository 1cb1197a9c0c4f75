using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.S3;

/// <summary>S3 through Debian's AWS CLI v2, the way a user types it.</summary>
public sealed class AwsCliS3Tests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>, IDisposable
{
    private readonly AwsCli aws = new(server);
    private readonly TempFiles files = new();

    [Fact]
    public async Task SmallAndMultipartFilesRoundTripByteForByte()
    {
        (await aws.RunAsync("s3", "mb", "s3://roundtrip")).EnsureSuccess();
        var small = files.Create("small.bin", 1024, seed: 1);
        var large = files.Create("large.bin", 40L * 1024 * 1024, seed: 2);

        (await aws.RunAsync("s3", "cp", small, "s3://roundtrip/dir/small.bin")).EnsureSuccess();
        (await aws.RunAsync("s3", "cp", large, "s3://roundtrip/dir/large.bin")).EnsureSuccess();
        (await aws.RunAsync("s3", "cp", "s3://roundtrip/dir/small.bin", files.Path("small.back"))).EnsureSuccess();
        (await aws.RunAsync("s3", "cp", "s3://roundtrip/dir/large.bin", files.Path("large.back"))).EnsureSuccess();

        Assert.True(TempFiles.SameBytes(small, files.Path("small.back")));
        Assert.True(TempFiles.SameBytes(large, files.Path("large.back")));
        var head = (await aws.RunAsync("s3api", "head-object", "--bucket", "roundtrip", "--key", "dir/large.bin")).EnsureSuccess();
        Assert.Contains("-5\\\"", head.StandardOutput, StringComparison.Ordinal); // 40 MiB in 8 MiB parts: a multipart ETag
    }

    [Fact]
    public async Task ACopyOverTheMultipartThresholdIsMadeWithUploadPartCopyAndKeepsEveryByte()
    {
        (await aws.RunAsync("s3", "mb", "s3://partcopy")).EnsureSuccess();
        var large = files.Create("source.bin", 20L * 1024 * 1024, seed: 7);
        (await aws.RunAsync("s3", "cp", large, "s3://partcopy/source.bin")).EnsureSuccess();

        // Over the CLI's 8 MiB threshold, an S3-to-S3 copy is CreateMultipartUpload + UploadPartCopy per 8 MiB range.
        (await aws.RunAsync("s3", "cp", "s3://partcopy/source.bin", "s3://partcopy/copy.bin")).EnsureSuccess();
        (await aws.RunAsync("s3", "cp", "s3://partcopy/copy.bin", files.Path("copy.back"))).EnsureSuccess();

        Assert.True(TempFiles.SameBytes(large, files.Path("copy.back")));
        var head = (await aws.RunAsync("s3api", "head-object", "--bucket", "partcopy", "--key", "copy.bin")).EnsureSuccess();
        Assert.Contains("-3\\\"", head.StandardOutput, StringComparison.Ordinal); // 20 MiB in 8 MiB parts
    }

    [Fact]
    public async Task ListingShowsPrefixesAndDelimitedFolders()
    {
        (await aws.RunAsync("s3", "mb", "s3://listing")).EnsureSuccess();
        var one = files.Create("one.txt", 10, seed: 3);
        foreach (var key in new[] { "a/1.txt", "a/2.txt", "a/deep/3.txt", "b/4.txt", "top.txt" })
        {
            (await aws.RunAsync("s3", "cp", one, $"s3://listing/{key}")).EnsureSuccess();
        }

        var root = (await aws.RunAsync("s3", "ls", "s3://listing/")).EnsureSuccess().StandardOutput;
        Assert.Contains("PRE a/", root, StringComparison.Ordinal);
        Assert.Contains("PRE b/", root, StringComparison.Ordinal);
        Assert.Contains("top.txt", root, StringComparison.Ordinal);
        Assert.DoesNotContain("1.txt", root, StringComparison.Ordinal);

        var folder = (await aws.RunAsync("s3", "ls", "s3://listing/a/")).EnsureSuccess().StandardOutput;
        Assert.Contains("PRE deep/", folder, StringComparison.Ordinal);
        Assert.Contains("1.txt", folder, StringComparison.Ordinal);
        Assert.Contains("2.txt", folder, StringComparison.Ordinal);

        var recursive = (await aws.RunAsync("s3", "ls", "--recursive", "s3://listing/")).EnsureSuccess().StandardOutput;
        Assert.Equal(5, recursive.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var buckets = (await aws.RunAsync("s3", "ls")).EnsureSuccess().StandardOutput;
        Assert.Contains("listing", buckets, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncUploadsADirectoryAndRecursiveRemoveEmptiesIt()
    {
        (await aws.RunAsync("s3", "mb", "s3://syncing")).EnsureSuccess();
        for (var i = 0; i < 12; i++)
        {
            files.Create($"tree/sub{i % 3}/file{i}.bin", 1000 + i, seed: 10 + i);
        }

        (await aws.RunAsync("s3", "sync", files.Path("tree"), "s3://syncing/tree")).EnsureSuccess();
        var second = (await aws.RunAsync("s3", "sync", files.Path("tree"), "s3://syncing/tree")).EnsureSuccess();
        Assert.Equal(string.Empty, second.StandardOutput.Trim()); // nothing changed, nothing copied

        (await aws.RunAsync("s3", "sync", "s3://syncing/tree", files.Path("back"))).EnsureSuccess();
        for (var i = 0; i < 12; i++)
        {
            var relative = $"sub{i % 3}/file{i}.bin";
            Assert.True(TempFiles.SameBytes(files.Path("tree/" + relative), files.Path("back/" + relative)), relative);
        }

        (await aws.RunAsync("s3", "rm", "--recursive", "s3://syncing/tree")).EnsureSuccess();
        var after = (await aws.RunAsync("s3", "ls", "--recursive", "s3://syncing/")).StandardOutput;
        Assert.Equal(string.Empty, after.Trim());
        (await aws.RunAsync("s3", "rb", "s3://syncing")).EnsureSuccess();
    }

    [Fact]
    public async Task PresignedUrlDownloadsWithCurl()
    {
        (await aws.RunAsync("s3", "mb", "s3://presigned")).EnsureSuccess();
        var file = files.Create("shared.bin", 5000, seed: 4);
        (await aws.RunAsync("s3", "cp", file, "s3://presigned/shared.bin")).EnsureSuccess();

        var url = (await aws.RunAsync("s3", "presign", "s3://presigned/shared.bin", "--expires-in", "300")).EnsureSuccess().StandardOutput.Trim();
        var download = files.Path("curl.bin");
        (await ExternalProcess.RunAsync("curl", ["-sf", "-o", download, url], new Dictionary<string, string?>())).EnsureSuccess();
        Assert.True(TempFiles.SameBytes(file, download));

        var tampered = url.Replace("shared.bin", "other.bin", StringComparison.Ordinal);
        var refused = await ExternalProcess.RunAsync("curl", ["-s", "-w", "\n%{http_code}", tampered], new Dictionary<string, string?>());
        Assert.EndsWith("403", refused.StandardOutput.Trim(), StringComparison.Ordinal);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", refused.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingANonEmptyBucketIsBucketNotEmpty()
    {
        (await aws.RunAsync("s3", "mb", "s3://keepme")).EnsureSuccess();
        (await aws.RunAsync("s3", "cp", files.Create("x.txt", 3, seed: 5), "s3://keepme/x.txt")).EnsureSuccess();

        var refused = await aws.RunAsync("s3api", "delete-bucket", "--bucket", "keepme");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("BucketNotEmpty", refused.StandardError, StringComparison.Ordinal);
        (await aws.RunAsync("s3api", "head-object", "--bucket", "keepme", "--key", "x.txt")).EnsureSuccess();
    }

    public void Dispose() => files.Dispose();
}
