using Sagebrush.Core.Ecr;
using Sagebrush.Server.Protocol.Json;
using Context = Sagebrush.Core.Ecr.Shapes.EcrJsonContext;

namespace Sagebrush.Server.Api.Ecr;

/// <summary>
/// ECR (AWS JSON 1.1, target prefix <c>AmazonEC2ContainerRegistry_V20150921</c>, signing name <c>ecr</c>) over
/// <see cref="EcrService"/>. Mapping only.
/// </summary>
public sealed class EcrApi : IJsonService
{
    public EcrApi(EcrService ecr)
    {
        Operations = new Dictionary<string, JsonOperation>(StringComparer.Ordinal)
        {
            ["CreateRepository"] = async (input, call) =>
                JsonBodies.Write(await ecr.CreateRepositoryAsync(JsonBodies.Read(input, Context.Default.CreateRepositoryRequest), call.Aborted), Context.Default.RepositoryResponse),
            ["DescribeRepositories"] = async (input, call) =>
                JsonBodies.Write(await ecr.DescribeRepositoriesAsync(JsonBodies.Read(input, Context.Default.DescribeRepositoriesRequest), call.Aborted), Context.Default.DescribeRepositoriesResponse),
            ["DeleteRepository"] = async (input, call) =>
                JsonBodies.Write(await ecr.DeleteRepositoryAsync(JsonBodies.Read(input, Context.Default.DeleteRepositoryRequest), call.Aborted), Context.Default.RepositoryResponse),
            ["GetAuthorizationToken"] = (input, _) =>
                Task.FromResult(JsonBodies.Write(ecr.GetAuthorizationToken(JsonBodies.Read(input, Context.Default.GetAuthorizationTokenRequest)), Context.Default.GetAuthorizationTokenResponse)),
            ["ListImages"] = async (input, call) =>
                JsonBodies.Write(await ecr.ListImagesAsync(JsonBodies.Read(input, Context.Default.ListImagesRequest), call.Aborted), Context.Default.ListImagesResponse),
            ["DescribeImages"] = async (input, call) =>
                JsonBodies.Write(await ecr.DescribeImagesAsync(JsonBodies.Read(input, Context.Default.DescribeImagesRequest), call.Aborted), Context.Default.DescribeImagesResponse),
            ["BatchDeleteImage"] = async (input, call) =>
                JsonBodies.Write(await ecr.BatchDeleteImageAsync(JsonBodies.Read(input, Context.Default.BatchImageRequest), call.Aborted), Context.Default.BatchDeleteImageResponse),
            ["BatchGetImage"] = async (input, call) =>
                JsonBodies.Write(await ecr.BatchGetImageAsync(JsonBodies.Read(input, Context.Default.BatchImageRequest), call.Aborted), Context.Default.BatchGetImageResponse),
        };
    }

    public string TargetPrefix => "AmazonEC2ContainerRegistry_V20150921";

    public string SigningName => "ecr";

    public IReadOnlyDictionary<string, JsonOperation> Operations { get; }
}
