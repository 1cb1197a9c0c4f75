using System.Text;
using System.Text.Json;
using Sagebrush.Core.Common;
using Sagebrush.Server.Edge;
using Sagebrush.Server.Protocol.Auth;
using Sagebrush.Server.Protocol.Json;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Protocol.Json;

public sealed class JsonServiceDispatcherTests
{
    private sealed class EchoService : IJsonService
    {
        public string TargetPrefix => "Echo_20260101";

        public string SigningName => "echo";

        public IReadOnlyDictionary<string, JsonOperation> Operations { get; } = new Dictionary<string, JsonOperation>
        {
            ["Echo"] = (input, _) => Task.FromResult(input.ToArray()),
            ["Parse"] = (input, _) => Task.FromResult(JsonSerializer.SerializeToUtf8Bytes(JsonDocument.Parse(input).RootElement.GetProperty("n").GetInt32() + 1)),
        };
    }

    private readonly JsonServiceDispatcher dispatcher = new([new EchoService()]);

    [Fact]
    public async Task ATargetIsDispatchedByPrefixAndTheResponseIsJson11()
    {
        var call = Call("Echo_20260101.Echo", "{\"a\":1}");

        await dispatcher.HandleAsync(call);

        Assert.Equal(200, call.Response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", call.Response.ContentType);
        Assert.Equal("{\"a\":1}", Body(call));
    }

    [Fact]
    public async Task AnEmptyBodyIsAnEmptyObject()
    {
        var call = Call("Echo_20260101.Echo", string.Empty);

        await dispatcher.HandleAsync(call);

        Assert.Equal("{}", Body(call));
    }

    [Theory]
    [InlineData("Echo_20260101.Missing")]
    [InlineData("Other.Echo")]
    [InlineData("NoDot")]
    [InlineData("")]
    public async Task AnUnknownTargetIsUnknownOperationException(string target)
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => dispatcher.HandleAsync(Call(target, "{}")));

        Assert.Equal("UnknownOperationException", error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task ACredentialScopedToAnotherServiceIsRefused()
    {
        var failure = await Assert.ThrowsAsync<AuthenticationException>(() => dispatcher.HandleAsync(Call("Echo_20260101.Echo", "{}", signingName: "s3")));

        Assert.Equal(AuthFailure.WrongScope, failure.Failure);
        Assert.Equal("Credential should be scoped to correct service: 'echo'.", failure.Message);
    }

    [Fact]
    public async Task UnreadableJsonIsSerializationException()
    {
        var error = await Assert.ThrowsAsync<AwsException>(() => dispatcher.HandleAsync(Call("Echo_20260101.Parse", "{not json")));

        Assert.Equal("SerializationException", error.Code);
    }

    [Fact]
    public async Task ErrorsAreWrittenWithTypeMessageAndErrorTypeHeader()
    {
        var context = Requests.Create("POST", "/");
        var error = new AwsException("ValidationException", "1 validation error detected") { Details = new Dictionary<string, string> { ["Extra"] = "x" } };

        await AwsJsonErrorWriter.WriteAsync(context.Response, error);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal("ValidationException", context.Response.Headers["X-Amzn-ErrorType"]);
        using var body = JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray());
        Assert.Equal("ValidationException", body.RootElement.GetProperty("__type").GetString());
        Assert.Equal("1 validation error detected", body.RootElement.GetProperty("message").GetString());
        Assert.Equal("x", body.RootElement.GetProperty("Extra").GetString());
    }

    private static ServiceCall Call(string target, string body, string signingName = "echo")
    {
        var context = Requests.Create("POST", "/", ("X-Amz-Target", target));
        var scope = CredentialScope.TryParse($"AKIAX/20260101/us-east-1/{signingName}/aws4_request")!;
        var auth = new AuthenticatedRequest(scope, new MemoryStream(Encoding.UTF8.GetBytes(body)), new Dictionary<string, string>(), body.Length);
        return new ServiceCall(context, auth, "request-id");
    }

    private static string Body(ServiceCall call) => Encoding.UTF8.GetString(((MemoryStream)call.Response.Body).ToArray());
}
