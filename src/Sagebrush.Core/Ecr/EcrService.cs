using System.Globalization;
using System.Text.RegularExpressions;
using Sagebrush.Core.Common;
using Sagebrush.Core.Containers;
using Sagebrush.Core.Ecr.Shapes;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Ecr;

/// <summary>
/// ECR: repositories kept in the metadata store, their images in the registry (<see cref="RegistryServer"/>) behind the
/// server's port. A repository's URI is the server's own address (<c>127.0.0.1:&lt;port&gt;/&lt;name&gt;</c>), which docker
/// pushes to after <c>docker login</c> with GetAuthorizationToken's password; SageMaker's image fields also take the
/// <c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com/&lt;name&gt;:&lt;tag&gt;</c> form (<see cref="ResolveAsync"/>).
/// Not supported: lifecycle and repository policies, replication, pull-through caches, image scanning (scanOnPush is
/// kept), KMS encryption (every repository is AES256 at rest in the sense that the data directory is the server's).
/// </summary>
public sealed partial class EcrService(IMetadataStore metadata, AccountSettings account, RegistryServer registry, EcrTokens tokens, Func<Uri> serverAddress, TimeProvider time)
    : IContainerRegistry
{
    private const int DefaultPage = 100;

    private readonly DocumentStore<Repository> repositories = new(metadata, account, "ecr-repository", EcrJsonContext.Default.Repository, "repository");
    private readonly RegistryContents contents = new(registry);

    public RegistryServer Registry => registry;

    public EcrTokens Tokens => tokens;

    public string AccountId => account.AccountId;

    /// <summary>A repository's tags, from the registry.</summary>
    public Task<IReadOnlyList<string>> TagsAsync(string repository, CancellationToken cancellationToken) => contents.TagsAsync(repository, cancellationToken);

    /// <summary>Where docker reaches the registry: the server's own address.</summary>
    public string RegistryHost
    {
        get
        {
            var address = serverAddress();
            return string.Create(CultureInfo.InvariantCulture, $"{address.Host}:{address.Port}");
        }
    }

    public async Task<RepositoryResponse> CreateRepositoryAsync(CreateRepositoryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = CheckName(request.RepositoryName);
        CheckRegistry(request.RegistryId);
        var mutability = request.ImageTagMutability ?? "MUTABLE";
        if (mutability is not ("MUTABLE" or "IMMUTABLE"))
        {
            throw EcrErrors.InvalidParameter($"Invalid parameter at 'imageTagMutability' failed to satisfy constraint: 'Member must satisfy enum value set: [MUTABLE, IMMUTABLE]'");
        }

        var encryption = request.EncryptionConfiguration ?? new EncryptionConfiguration("AES256");
        if (encryption.EncryptionType is not ("AES256" or "KMS"))
        {
            throw EcrErrors.InvalidParameter("Invalid parameter at 'encryptionConfiguration.encryptionType' failed to satisfy constraint: 'Member must satisfy enum value set: [AES256, KMS]'");
        }

        var repository = new Repository(
            $"arn:aws:ecr:{account.Region}:{account.AccountId}:repository/{name}",
            account.AccountId,
            name,
            RegistryHost + "/" + name,
            time.GetUtcNow(),
            mutability,
            request.ImageScanningConfiguration ?? new ImageScanningConfiguration(false),
            encryption);
        if (!await repositories.TryInsertAsync(name, repository, cancellationToken))
        {
            throw EcrErrors.RepositoryExists(name, account.AccountId);
        }

        return new RepositoryResponse(Current(repository));
    }

    public async Task<DescribeRepositoriesResponse> DescribeRepositoriesAsync(DescribeRepositoriesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckRegistry(request.RegistryId);
        if (request.RepositoryNames is { Count: > 0 } names)
        {
            if (request.NextToken is not null || request.MaxResults is not null)
            {
                throw EcrErrors.InvalidParameter("When repositoryNames are specified, maxResults and nextToken must not be specified.");
            }

            var found = new List<Repository>();
            foreach (var name in names)
            {
                found.Add(Current(await repositories.GetAsync(name, cancellationToken) ?? throw EcrErrors.RepositoryNotFound(name, account.AccountId)));
            }

            return new DescribeRepositoriesResponse(found, null);
        }

        var all = (await repositories.ListAsync(cancellationToken)).OrderBy(r => r.RepositoryName, StringComparer.Ordinal).Select(Current).ToList();
        var (page, next) = Page(all, request.NextToken, request.MaxResults);
        return new DescribeRepositoriesResponse(page, next);
    }

    public async Task<RepositoryResponse> DeleteRepositoryAsync(DeleteRepositoryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = CheckName(request.RepositoryName);
        CheckRegistry(request.RegistryId);
        var repository = await repositories.GetAsync(name, cancellationToken) ?? throw EcrErrors.RepositoryNotFound(name, account.AccountId);
        if (registry.Unavailable is null)
        {
            var digests = contents.Digests(name);
            if (digests.Count > 0 && request.Force != true)
            {
                throw EcrErrors.RepositoryNotEmpty(name, account.AccountId);
            }

            foreach (var (digest, _) in digests)
            {
                await contents.DeleteManifestAsync(name, digest, cancellationToken);
            }

            // The registry has no call that removes a repository; its directory is the server's own.
            Compute.Files.WorkDirectories.TryDelete(contents.RepositoryDirectory(name));
        }

        await repositories.DeleteAsync(name, cancellationToken);
        return new RepositoryResponse(Current(repository));
    }

    public GetAuthorizationTokenResponse GetAuthorizationToken(GetAuthorizationTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var id in request.RegistryIds ?? [])
        {
            CheckRegistry(id);
        }

        var (password, expires) = tokens.Issue();
        return new GetAuthorizationTokenResponse([new AuthorizationData(EcrTokens.AuthorizationToken(password), expires, "http://" + RegistryHost)]);
    }

    public async Task<ListImagesResponse> ListImagesAsync(ListImagesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var images = await ImagesAsync(request.RepositoryName, request.RegistryId, request.Filter, cancellationToken);
        var ids = images.SelectMany(i => i.Tags.Count == 0 ? [new ImageIdentifier(i.Digest, null)] : i.Tags.Select(t => new ImageIdentifier(i.Digest, t))).ToList();
        var (page, next) = Page(ids, request.NextToken, request.MaxResults);
        return new ListImagesResponse(page, next);
    }

    public async Task<DescribeImagesResponse> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = CheckName(request.RepositoryName);
        var images = await ImagesAsync(name, request.RegistryId, request.Filter, cancellationToken);
        if (request.ImageIds is { Count: > 0 } wanted)
        {
            var chosen = new List<StoredImage>();
            foreach (var id in wanted)
            {
                chosen.Add(Find(images, id) ?? throw new AwsException(
                    "ImageNotFoundException",
                    $"The image with imageId {{imageDigest:'{id.ImageDigest ?? "null"}', imageTag:'{id.ImageTag ?? "null"}'}} does not exist within the repository with name '{name}' in the registry with id '{account.AccountId}'"));
            }

            images = chosen;
        }

        var details = new List<ImageDetail>();
        foreach (var image in images)
        {
            var manifest = await contents.ManifestAsync(name, image.Digest, null, cancellationToken);
            details.Add(new ImageDetail(
                account.AccountId, name, image.Digest, image.Tags.Count > 0 ? image.Tags : null, manifest?.ImageSize ?? 0, image.PushedAt,
                manifest?.MediaType ?? RegistryContents.ManifestTypes[^1], ArtifactType(manifest)));
        }

        var (page, next) = Page(details, request.NextToken, request.MaxResults);
        return new DescribeImagesResponse(page, next);
    }

    public async Task<BatchDeleteImageResponse> BatchDeleteImageAsync(BatchImageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = CheckName(request.RepositoryName);
        var images = await ImagesAsync(name, request.RegistryId, null, cancellationToken);
        var deleted = new List<ImageIdentifier>();
        var failures = new List<ImageFailure>();
        foreach (var id in RequireIds(request.ImageIds))
        {
            if (Find(images, id) is not { } image)
            {
                failures.Add(new ImageFailure(id, "ImageNotFound", "Requested image not found"));
                continue;
            }

            // Deleting a manifest removes every tag on it, as ECR does when the last tag goes; a tag alone is untagged.
            if (id.ImageTag is { } tag && image.Tags.Count > 1)
            {
                var tagLink = Path.Combine(contents.RepositoryDirectory(name), "_manifests", "tags", tag);
                Compute.Files.WorkDirectories.TryDelete(tagLink);
            }
            else
            {
                await contents.DeleteManifestAsync(name, image.Digest, cancellationToken);
            }

            deleted.Add(new ImageIdentifier(image.Digest, id.ImageTag));
        }

        return new BatchDeleteImageResponse(deleted, failures);
    }

    public async Task<BatchGetImageResponse> BatchGetImageAsync(BatchImageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = CheckName(request.RepositoryName);
        var images = await ImagesAsync(name, request.RegistryId, null, cancellationToken);
        var found = new List<EcrImage>();
        var failures = new List<ImageFailure>();
        foreach (var id in RequireIds(request.ImageIds))
        {
            var manifest = Find(images, id) is { } image ? await contents.ManifestAsync(name, image.Digest, request.AcceptedMediaTypes, cancellationToken) : null;
            if (manifest is null)
            {
                failures.Add(new ImageFailure(id, "ImageNotFound", "Requested image not found"));
                continue;
            }

            found.Add(new EcrImage(account.AccountId, name, new ImageIdentifier(manifest.Digest, id.ImageTag), manifest.Body, manifest.MediaType));
        }

        return new BatchGetImageResponse(found, failures);
    }

    /// <summary>Whether a repository of that name exists (the registry proxy admits only those).</summary>
    public async Task<Repository?> FindAsync(string name, CancellationToken cancellationToken) => await repositories.GetAsync(name, cancellationToken);

    public async Task<RegistryImage?> ResolveAsync(string image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var host = RegistryHost;
        string path;
        var match = EcrUri().Match(image);
        if (match.Success)
        {
            if (match.Groups["account"].Value != account.AccountId)
            {
                return null;
            }

            path = match.Groups["path"].Value;
        }
        else if (image.StartsWith(host + "/", StringComparison.Ordinal))
        {
            path = image[(host.Length + 1)..];
        }
        else
        {
            return null;
        }

        // A digest pins the image (name@sha256:...); otherwise a tag, latest by default.
        var at = path.IndexOf('@', StringComparison.Ordinal);
        var (name, tag) = at >= 0 ? (path[..at], "") : ImageReferences.Split(path);
        if (await repositories.GetAsync(name, cancellationToken) is null)
        {
            return null;
        }

        var (password, _) = tokens.Issue();
        var reference = at >= 0 ? $"{host}/{path}" : $"{host}/{name}:{tag}";
        return new RegistryImage(reference, host, EcrTokens.UserName, password);
    }

    private async Task<List<StoredImage>> ImagesAsync(string? repositoryName, string? registryId, ListImagesFilter? filter, CancellationToken cancellationToken)
    {
        var name = CheckName(repositoryName);
        CheckRegistry(registryId);
        _ = await repositories.GetAsync(name, cancellationToken) ?? throw EcrErrors.RepositoryNotFound(name, account.AccountId);
        if (registry.Unavailable is { } reason)
        {
            throw EcrErrors.RegistryUnavailable(reason);
        }

        var digests = contents.Digests(name);
        var tagsByDigest = digests.ToDictionary(d => d.Digest, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var tag in await contents.TagsAsync(name, cancellationToken))
        {
            if (await contents.ManifestAsync(name, tag, null, cancellationToken) is { } manifest && tagsByDigest.TryGetValue(manifest.Digest, out var tags))
            {
                tags.Add(tag);
            }
        }

        var images = digests.Select(d => new StoredImage(d.Digest, tagsByDigest[d.Digest], d.PushedAt)).ToList();
        return filter?.TagStatus switch
        {
            "TAGGED" => [.. images.Where(i => i.Tags.Count > 0)],
            "UNTAGGED" => [.. images.Where(i => i.Tags.Count == 0)],
            null or "ANY" => images,
            _ => throw EcrErrors.InvalidParameter("Invalid parameter at 'filter.tagStatus' failed to satisfy constraint: 'Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]'"),
        };
    }

    private static StoredImage? Find(List<StoredImage> images, ImageIdentifier id) => images.FirstOrDefault(i =>
        (id.ImageDigest is null || i.Digest == id.ImageDigest) && (id.ImageTag is null || i.Tags.Contains(id.ImageTag)) && (id.ImageDigest ?? id.ImageTag) is not null);

    private static IReadOnlyList<ImageIdentifier> RequireIds(IReadOnlyList<ImageIdentifier>? ids) => ids is { Count: > 0 and <= 100 }
        ? ids
        : throw EcrErrors.InvalidParameter("1 validation error detected: Value at 'imageIds' failed to satisfy constraint: Member must have length between 1 and 100");

    private static string? ArtifactType(Manifest? manifest) =>
        manifest?.Body.Contains("application/vnd.docker.container.image.v1+json", StringComparison.Ordinal) == true
            ? "application/vnd.docker.container.image.v1+json"
            : null;

    /// <summary>The stored repository with the URI of the address the server has now (its port may change between runs).</summary>
    private Repository Current(Repository repository) => repository with { RepositoryUri = RegistryHost + "/" + repository.RepositoryName };

    private void CheckRegistry(string? registryId)
    {
        if (registryId is not null && registryId != account.AccountId)
        {
            throw EcrErrors.InvalidParameter($"Invalid parameter at 'registryId' failed to satisfy constraint: 'The registry {registryId} is not this account's ({account.AccountId})'");
        }
    }

    private static string CheckName(string? name)
    {
        if (name is null)
        {
            throw EcrErrors.InvalidParameter("1 validation error detected: Value null at 'repositoryName' failed to satisfy constraint: Member must not be null");
        }

        if (name.Length is < 2 or > 256 || !RepositoryName().IsMatch(name))
        {
            throw EcrErrors.InvalidParameter(
                $"Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''");
        }

        return name;
    }

    private static (List<T> Page, string? Next) Page<T>(List<T> all, string? token, int? maxResults)
    {
        var size = maxResults ?? DefaultPage;
        if (size is < 1 or > 1000)
        {
            throw EcrErrors.InvalidParameter("1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 1000");
        }

        var start = 0;
        if (token is not null && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > all.Count))
        {
            throw EcrErrors.InvalidParameter("Invalid parameter at 'nextToken' failed to satisfy constraint: 'The token is not valid'");
        }

        var page = all.Skip(start).Take(size).ToList();
        return (page, start + size < all.Count ? (start + size).ToString(CultureInfo.InvariantCulture) : null);
    }

    [GeneratedRegex(@"^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\z")]
    private static partial Regex RepositoryName();

    [GeneratedRegex(@"^(?<account>\d{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/(?<path>.+)\z")]
    private static partial Regex EcrUri();

    private sealed record StoredImage(string Digest, List<string> Tags, DateTimeOffset PushedAt);
}
