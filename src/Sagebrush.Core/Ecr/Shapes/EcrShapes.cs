namespace Sagebrush.Core.Ecr.Shapes;

// ECR's shapes as AWS names them (camelCase on the wire: EcrJsonContext's naming policy).

public sealed record Repository(
    string RepositoryArn,
    string RegistryId,
    string RepositoryName,
    string RepositoryUri,
    DateTimeOffset CreatedAt,
    string ImageTagMutability,
    ImageScanningConfiguration ImageScanningConfiguration,
    EncryptionConfiguration EncryptionConfiguration);

public sealed record ImageScanningConfiguration(bool ScanOnPush);

public sealed record EncryptionConfiguration(string EncryptionType, string? KmsKey = null);

public sealed record EcrTag(string? Key, string? Value);

public sealed record CreateRepositoryRequest(
    string? RegistryId,
    string? RepositoryName,
    IReadOnlyList<EcrTag>? Tags,
    string? ImageTagMutability,
    ImageScanningConfiguration? ImageScanningConfiguration,
    EncryptionConfiguration? EncryptionConfiguration);

public sealed record RepositoryResponse(Repository Repository);

public sealed record DescribeRepositoriesRequest(string? RegistryId, IReadOnlyList<string>? RepositoryNames, string? NextToken, int? MaxResults);

public sealed record DescribeRepositoriesResponse(IReadOnlyList<Repository> Repositories, string? NextToken);

public sealed record DeleteRepositoryRequest(string? RegistryId, string? RepositoryName, bool? Force);

public sealed record GetAuthorizationTokenRequest(IReadOnlyList<string>? RegistryIds);

public sealed record AuthorizationData(string AuthorizationToken, DateTimeOffset ExpiresAt, string ProxyEndpoint);

public sealed record GetAuthorizationTokenResponse(IReadOnlyList<AuthorizationData> AuthorizationData);

public sealed record ImageIdentifier(string? ImageDigest, string? ImageTag);

public sealed record ListImagesFilter(string? TagStatus);

public sealed record ListImagesRequest(string? RegistryId, string? RepositoryName, string? NextToken, int? MaxResults, ListImagesFilter? Filter);

public sealed record ListImagesResponse(IReadOnlyList<ImageIdentifier> ImageIds, string? NextToken);

public sealed record DescribeImagesRequest(
    string? RegistryId, string? RepositoryName, IReadOnlyList<ImageIdentifier>? ImageIds, string? NextToken, int? MaxResults, ListImagesFilter? Filter);

public sealed record ImageDetail(
    string RegistryId,
    string RepositoryName,
    string ImageDigest,
    IReadOnlyList<string>? ImageTags,
    long ImageSizeInBytes,
    DateTimeOffset ImagePushedAt,
    string ImageManifestMediaType,
    string? ArtifactMediaType);

public sealed record DescribeImagesResponse(IReadOnlyList<ImageDetail> ImageDetails, string? NextToken);

public sealed record BatchImageRequest(string? RegistryId, string? RepositoryName, IReadOnlyList<ImageIdentifier>? ImageIds, IReadOnlyList<string>? AcceptedMediaTypes);

public sealed record ImageFailure(ImageIdentifier ImageId, string FailureCode, string FailureReason);

public sealed record BatchDeleteImageResponse(IReadOnlyList<ImageIdentifier> ImageIds, IReadOnlyList<ImageFailure> Failures);

public sealed record EcrImage(string RegistryId, string RepositoryName, ImageIdentifier ImageId, string ImageManifest, string ImageManifestMediaType);

public sealed record BatchGetImageResponse(IReadOnlyList<EcrImage> Images, IReadOnlyList<ImageFailure> Failures);
