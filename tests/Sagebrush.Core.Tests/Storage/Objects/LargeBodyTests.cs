using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Storage.Objects;

/// <summary>Runs alone so the process-wide allocation count measures this PUT only.</summary>
[Collection(nameof(LargeBodyTests))]
public sealed class LargeBodyTests : IDisposable
{
    private const long BodyLength = 256L * 1024 * 1024;
    private readonly ObjectStoreScope _scope = new();

    [Fact]
    public async Task AVeryLargePutStreamsThroughASmallBuffer()
    {
        await _scope.WithBucketAsync();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var put = await _scope.Store.PutObjectAsync("bucket", "big", new PatternStream(BodyLength), ObjectWrite.Plain() with { Check = new BodyCheck(ChecksumAlgorithm.Crc32C, null) });

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(BodyLength, put.Size);
        Assert.True(allocated < 16 * 1024 * 1024, $"allocated {allocated} bytes");

        await using var content = await _scope.Store.GetObjectAsync("bucket", "big", new ByteRange(BodyLength - 3, null));
        var tail = new byte[3];
        await content.Body.ReadExactlyAsync(tail);
        Assert.Equal([PatternStream.ByteAt(BodyLength - 3), PatternStream.ByteAt(BodyLength - 2), PatternStream.ByteAt(BodyLength - 1)], tail);
    }

    public void Dispose() => _scope.Dispose();
}
