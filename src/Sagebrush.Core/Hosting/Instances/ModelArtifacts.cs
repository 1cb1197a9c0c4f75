using System.Formats.Tar;
using System.IO.Compression;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Hosting.Instances;

/// <summary>
/// Fills a variant's model directory from the object store: ModelDataUrl names a model.tar.gz (unpacked) or, when no
/// object has that key, a prefix whose objects are copied as they are. A script-mode model's
/// SAGEMAKER_SUBMIT_DIRECTORY naming an s3:// sourcedir.tar.gz is unpacked into <c>&lt;model dir&gt;/code</c>.
/// A missing object fails the deployment with SageMaker's own FailureReason.
/// </summary>
public sealed class ModelArtifacts(IObjectStore store)
{
    public const string CodeDirectory = "code";

    public async Task StageModelAsync(string modelDataUrl, string modelDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modelDataUrl);
        Directory.CreateDirectory(modelDirectory);
        var location = S3Location.TryParse(modelDataUrl, out var parsed) ? parsed : throw DownloadFailed(modelDataUrl, default);
        try
        {
            await using var content = await store.GetObjectAsync(location.Bucket, location.Key, cancellationToken: cancellationToken);
            if (IsTarball(location.Key))
            {
                await ExtractAsync(content.Body, modelDirectory, cancellationToken);
            }
            else
            {
                await using var file = File.Create(Path.Combine(modelDirectory, Path.GetFileName(location.Key)));
                await content.Body.CopyToAsync(file, cancellationToken);
            }

            return;
        }
        catch (AwsException missing) when (missing.Code is S3ErrorCodes.NoSuchKey)
        {
            // Not an object: a prefix, below.
        }
        catch (AwsException other)
        {
            throw DownloadFailed(modelDataUrl, location, other.Message);
        }
        catch (Exception broken) when (broken is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DeploymentException(DeploymentException.Trim($"Failed to extract model data archive from URL \"{modelDataUrl}\". Please ensure that the object located at the URL is a valid tar.gz archive: {broken.Message}"));
        }

        var copied = 0;
        try
        {
            await foreach (var item in ChannelStager.ListAsync(store, location.Bucket, location.FolderPrefix, cancellationToken))
            {
                var relative = item.Key[location.FolderPrefix.Length..];
                if (relative.Length == 0 || relative.EndsWith('/') || relative.Split('/').Any(s => s is "." or ".."))
                {
                    continue;
                }

                await ChannelStager.DownloadAsync(store, new S3Location(location.Bucket, item.Key), Path.Combine(modelDirectory, relative), cancellationToken);
                copied++;
            }
        }
        catch (AwsException other)
        {
            throw DownloadFailed(modelDataUrl, location, other.Message);
        }

        if (copied == 0)
        {
            throw DownloadFailed(modelDataUrl, location);
        }
    }

    /// <summary>Unpacks an s3:// sourcedir.tar.gz into the model's code directory; returns that directory.</summary>
    public async Task<string> StageCodeAsync(string submitDirectory, string modelDirectory, CancellationToken cancellationToken)
    {
        var location = S3Location.Parse(submitDirectory);
        var code = Path.Combine(modelDirectory, CodeDirectory);
        Directory.CreateDirectory(code);
        try
        {
            await using var content = await store.GetObjectAsync(location.Bucket, location.Key, cancellationToken: cancellationToken);
            await ExtractAsync(content.Body, code, cancellationToken);
        }
        catch (AwsException missing)
        {
            throw new DeploymentException(DeploymentException.Trim($"Failed to download the inference code from \"{submitDirectory}\" (SAGEMAKER_SUBMIT_DIRECTORY): {missing.Message}"));
        }
        catch (Exception broken) when (broken is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new DeploymentException(DeploymentException.Trim($"The inference code at \"{submitDirectory}\" (SAGEMAKER_SUBMIT_DIRECTORY) is not a valid tar.gz archive: {broken.Message}"));
        }

        return code;
    }

    private static bool IsTarball(string key) =>
        key.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || key.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    private static async Task ExtractAsync(Stream body, string directory, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(body, CompressionMode.Decompress);
        await TarFile.ExtractToDirectoryAsync(gzip, directory, overwriteFiles: true, cancellationToken);
    }

    private static DeploymentException DownloadFailed(string url, S3Location location, string? detail = null) => new(DeploymentException.Trim(
        $"Failed to download model data(bucket: {location.Bucket}, key: {location.Key}). Please ensure that there is an object located at the URL " +
        $"\"{url}\" and that the role passed to CreateModel has permissions to download the model." + (detail is null ? "" : " " + detail)));
}
