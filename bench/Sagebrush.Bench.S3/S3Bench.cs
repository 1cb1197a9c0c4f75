using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Sagebrush.Bench.S3;

/// <summary>
/// Drives one Sagebrush S3 endpoint with AWSSDK.S3 as a user would: PutObject from a FileStream (one request for
/// the whole file), GetObject into a file, and a multipart upload whose CompleteMultipartUpload is timed apart.
/// </summary>
public sealed class S3Bench : IDisposable
{
    // The AWS CLI's defaults (8 MiB parts, 10 in flight), so the two clients' multipart numbers are comparable.
    private const long PartSize = 8L * 1024 * 1024;
    private const int PartsInFlight = 10;
    private const int CopyBufferSize = 1024 * 1024;

    private readonly AmazonS3Client _client;
    private readonly string _bucket;

    public S3Bench(string endpoint, string bucket)
    {
        var accessKey = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") ?? throw new InvalidOperationException("AWS_ACCESS_KEY_ID is not set");
        var secretKey = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY") ?? throw new InvalidOperationException("AWS_SECRET_ACCESS_KEY is not set");
        _client = new AmazonS3Client(
            new BasicAWSCredentials(accessKey, secretKey),
            new AmazonS3Config
            {
                ServiceURL = endpoint,
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                Timeout = TimeSpan.FromMinutes(10),
            });
        _bucket = bucket;
    }

    public async Task WarmUpAsync()
    {
        const string key = "bench-warm-up";
        using var body = new MemoryStream(new byte[1024]);
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = body });
        using var response = await _client.GetObjectAsync(_bucket, key);
        await response.ResponseStream.CopyToAsync(Stream.Null);
    }

    public async Task<Timing> PutAsync(string key, string path)
    {
        var watch = Stopwatch.StartNew();
        await using var file = OpenRead(path);
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = file, AutoCloseStream = false });
        return new Timing("sdk-put", file.Length, watch.Elapsed);
    }

    public async Task<Timing> GetAsync(string key, string path)
    {
        var watch = Stopwatch.StartNew();
        using var response = await _client.GetObjectAsync(_bucket, key);
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
        {
            await response.ResponseStream.CopyToAsync(file, CopyBufferSize);
        }

        return new Timing("sdk-get", response.ContentLength, watch.Elapsed);
    }

    public async Task<Timing> MultipartAsync(string key, string path)
    {
        var watch = Stopwatch.StartNew();
        var length = new FileInfo(path).Length;
        var upload = await _client.InitiateMultipartUploadAsync(_bucket, key);
        var parts = new PartETag[(int)((length + PartSize - 1) / PartSize)];
        await Parallel.ForAsync(0, parts.Length, new ParallelOptions { MaxDegreeOfParallelism = PartsInFlight }, async (i, cancellationToken) =>
        {
            var response = await _client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _bucket,
                Key = key,
                UploadId = upload.UploadId,
                PartNumber = i + 1,
                FilePath = path,
                FilePosition = i * PartSize,
                PartSize = Math.Min(PartSize, length - (i * PartSize)),
            }, cancellationToken);
            parts[i] = new PartETag(i + 1, response.ETag);
        });
        var partsDone = watch.Elapsed;
        await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _bucket,
            Key = key,
            UploadId = upload.UploadId,
            PartETags = [.. parts],
        });
        var complete = watch.Elapsed - partsDone;
        return new Timing("sdk-multipart", length, watch.Elapsed, string.Create(
            CultureInfo.InvariantCulture, $"parts={partsDone.TotalSeconds:F4}s complete={complete.TotalSeconds:F4}s"));
    }

    public void Dispose() => _client.Dispose();

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
