using Sagebrush.Core.Common;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Hosting.Instances;

/// <summary>
/// Fills a variant's model directory from the object store: ModelDataUrl names a model.tar.gz (unpacked with
/// <see cref="SafeTarExtractor"/>, bounded by the volume) or, when no object has that key, a prefix whose objects
/// are copied as they are, each key mapped to a relative path (<see cref="ObjectPaths"/>). A script-mode model's
/// SAGEMAKER_SUBMIT_DIRECTORY naming an s3:// sourcedir.tar.gz is unpacked into <c>&lt;model dir&gt;/code</c>.
/// Whatever goes wrong is a <see cref="DeploymentException"/> with a FailureReason a user can act on.
/// </summary>
public sealed class ModelArtifacts(IObjectStore store, long maxBytes = long.MaxValue)
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
                await SafeTarExtractor.ExtractAsync(content.Body, modelDirectory, maxBytes, cancellationToken);
            }
            else
            {
                CheckSize(content.Info.Size, modelDataUrl);
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
        catch (Exception broken) when (broken is IOException or InvalidDataException or FormatException)
        {
            throw new DeploymentException(DeploymentException.Trim($"Failed to extract model data archive from URL \"{modelDataUrl}\". Please ensure that the object located at the URL is a valid tar.gz archive: {broken.Message}"));
        }

        await CopyPrefixAsync(modelDataUrl, location, modelDirectory, cancellationToken);
    }

    /// <summary>Unpacks an s3:// sourcedir.tar.gz into the model's code directory; returns that directory.</summary>
    public async Task<string> StageCodeAsync(string submitDirectory, string modelDirectory, CancellationToken cancellationToken)
    {
        var location = S3Location.Parse(submitDirectory);
        var code = Path.Combine(modelDirectory, CodeDirectory);
        try
        {
            await using var content = await store.GetObjectAsync(location.Bucket, location.Key, cancellationToken: cancellationToken);
            await SafeTarExtractor.ExtractAsync(content.Body, code, maxBytes, cancellationToken);
        }
        catch (AwsException missing)
        {
            throw new DeploymentException(DeploymentException.Trim($"Failed to download the inference code from \"{submitDirectory}\" (SAGEMAKER_SUBMIT_DIRECTORY): {missing.Message}"));
        }
        catch (Exception broken) when (broken is IOException or InvalidDataException or FormatException)
        {
            throw new DeploymentException(DeploymentException.Trim($"The inference code at \"{submitDirectory}\" (SAGEMAKER_SUBMIT_DIRECTORY) is not a valid tar.gz archive that unpacks safely: {broken.Message}"));
        }

        return code;
    }

    private async Task CopyPrefixAsync(string modelDataUrl, S3Location location, string modelDirectory, CancellationToken cancellationToken)
    {
        var copied = 0;
        long bytes = 0;
        try
        {
            using var directory = ConfinedDirectory.Open(modelDirectory);
            await foreach (var item in ChannelStager.ListAsync(store, location.Bucket, location.FolderPrefix, cancellationToken))
            {
                if (ObjectPaths.RelativePath(item.Key[location.FolderPrefix.Length..]) is not { } relative)
                {
                    continue;
                }

                bytes += item.Size;
                CheckSize(bytes, modelDataUrl);
                await using var content = await store.GetObjectAsync(location.Bucket, item.Key, cancellationToken: cancellationToken);
                await using var file = directory.CreateFile(relative);
                await content.Body.CopyToAsync(file, cancellationToken);
                copied++;
            }
        }
        catch (AwsException other)
        {
            throw DownloadFailed(modelDataUrl, location, other.Message);
        }
        catch (IOException clash)
        {
            throw new DeploymentException(DeploymentException.Trim($"Failed to copy the model data under \"{modelDataUrl}\": {clash.Message}"));
        }

        if (copied == 0)
        {
            throw DownloadFailed(modelDataUrl, location);
        }
    }

    private void CheckSize(long bytes, string modelDataUrl)
    {
        if (bytes > maxBytes)
        {
            throw new DeploymentException(DeploymentException.Trim($"The model data at \"{modelDataUrl}\" is larger than the instance's volume ({maxBytes:N0} bytes). Please use a larger VolumeSizeInGB."));
        }
    }

    private static bool IsTarball(string key) =>
        key.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || key.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    private static DeploymentException DownloadFailed(string url, S3Location location, string? detail = null) => new(DeploymentException.Trim(
        $"Failed to download model data(bucket: {location.Bucket}, key: {location.Key}). Please ensure that there is an object located at the URL " +
        $"\"{url}\" and that the role passed to CreateModel has permissions to download the model." + (detail is null ? "" : " " + detail)));
}
