using Sagebrush.Server.Edge;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Edge;

public sealed class ServiceResolverTests
{
    private const string S3Authorization = "AWS4-HMAC-SHA256 Credential=AKIAX/20261122/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00";
    private const string SageMakerAuthorization = "AWS4-HMAC-SHA256 Credential=AKIAX/20261122/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=00";

    [Theory]
    [InlineData("GET", "/_sagebrush/health", null, null, ServiceRoute.Health)]
    [InlineData("POST", "/", SageMakerAuthorization, "SageMaker.ListModels", ServiceRoute.AwsJson)]
    [InlineData("POST", "/", null, "SageMaker.ListModels", ServiceRoute.AwsJson)]
    [InlineData("POST", "/endpoints/my-endpoint/invocations", SageMakerAuthorization, null, ServiceRoute.SageMakerRuntime)]
    [InlineData("POST", "/endpoints/my-endpoint/invocations", null, null, ServiceRoute.SageMakerRuntime)]
    [InlineData("POST", "/endpoints/my-endpoint/invocations", S3Authorization, null, ServiceRoute.S3)]
    [InlineData("GET", "/bucket/key", S3Authorization, null, ServiceRoute.S3)]
    [InlineData("GET", "/bucket/key", null, null, ServiceRoute.S3)]
    [InlineData("POST", "/", SageMakerAuthorization, null, ServiceRoute.AwsJson)]
    public void RequestsGoToTheServiceTheirSigningNameTargetAndPathName(string method, string target, string? authorization, string? amzTarget, ServiceRoute expected)
    {
        var headers = new List<(string, string)>();
        if (authorization is not null)
        {
            headers.Add(("Authorization", authorization));
        }

        if (amzTarget is not null)
        {
            headers.Add(("X-Amz-Target", amzTarget));
        }

        var context = Requests.Create(method, target, [.. headers]);

        Assert.Equal(expected, ServiceResolver.Resolve(context.Request));
    }

    [Fact]
    public void AnS3KeyUnderEndpointsIsStillS3WhenSignedForS3()
    {
        var context = Requests.Create("GET", "/endpoints/x/invocations", ("Authorization", S3Authorization));

        Assert.Equal(WireProtocol.RestXml, ServiceResolver.ProtocolOf(ServiceResolver.Resolve(context.Request)));
    }
}
