using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Common;
using Sagebrush.Server.Api.Runtime;
using Sagebrush.Server.Api.S3;
using Sagebrush.Server.Protocol.Auth;
using Sagebrush.Server.Protocol.Json;
using Sagebrush.Server.Protocol.Query;
using Sagebrush.Server.Protocol.RestJson;
using Sagebrush.Server.Protocol.RestXml;

namespace Sagebrush.Server.Edge;

/// <summary>
/// The single entry point: stamps a request id, works out the service, checks the signature, dispatches, and turns
/// every failure into that service's error shape. Nothing below it writes error responses itself.
/// </summary>
public sealed partial class EdgeMiddleware(
    SigV4Authenticator authenticator,
    S3Api s3,
    RuntimeApi runtime,
    JsonServiceDispatcher json,
    QueryServiceDispatcher query,
    AccountSettings account,
    ILogger<EdgeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var route = ServiceResolver.Resolve(context.Request);
        var protocol = ServiceResolver.ProtocolOf(route);
        var requestId = protocol == WireProtocol.RestXml ? RequestIds.NewS3RequestId() : RequestIds.NewJsonRequestId();
        StampRequestId(context.Response, protocol, requestId);
        var started = Stopwatch.GetTimestamp();
        if (route != ServiceRoute.SageMakerRuntime)
        {
            // Kestrel runs requests inline on the socket's thread (SagebrushServer): the control plane and S3 may block
            // on SQLite or the disk, so they continue on a thread-pool worker; only the data plane stays inline.
            await Task.Yield();
        }

        try
        {
            if (route == ServiceRoute.Health)
            {
                await HealthEndpoint.WriteAsync(context.Response);
                return;
            }

            if (route == ServiceRoute.S3)
            {
                Api.S3.S3PostObject.Refuse(context.Request);
            }

            var auth = await authenticator.AuthenticateAsync(context.Request, context.RequestAborted);
            CheckRegion(auth, protocol);
            if (route == ServiceRoute.S3)
            {
                Api.S3.S3EntityLimit.Check(context.Request);
            }

            var call = new ServiceCall(context, auth, requestId, started);
            await (route switch
            {
                ServiceRoute.S3 => s3.HandleAsync(call),
                ServiceRoute.SageMakerRuntime => runtime.HandleAsync(call),
                ServiceRoute.Query => query.HandleAsync(call),
                _ => json.HandleAsync(call),
            });
        }
        catch (AuthenticationException failure)
        {
            await WriteErrorAsync(context, protocol, AuthErrors.For(failure, protocol), requestId);
        }
        catch (AwsException error)
        {
            await WriteErrorAsync(context, protocol, error, requestId);
        }
        catch (InvalidDataException oversize)
        {
            // The authenticator buffers bodies of non-S3 services to hash them, up to a limit.
            await WriteErrorAsync(context, protocol, new AwsException("RequestEntityTooLarge", oversize.Message, 413), requestId);
        }
        catch (BadHttpRequestException truncated)
        {
            // Kestrel's word for a body that ended before its Content-Length (the client hung up) or broke HTTP framing.
            // Kestrel answers such a connection with its own bare 400 and closes it; this keeps it out of the error log.
            var error = protocol == WireProtocol.RestXml
                ? new AwsException("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.", truncated.StatusCode)
                : new AwsException("SerializationException", truncated.Message, truncated.StatusCode);
            await WriteErrorAsync(context, protocol, error, requestId);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            LogClientGone(logger, context.Request.Method, context.Request.Path.Value ?? "/");
        }
        catch (Exception unexpected) when (unexpected is not OutOfMemoryException)
        {
            LogUnexpected(logger, unexpected, requestId);
            var internalError = protocol is WireProtocol.RestXml or WireProtocol.Query
                ? new AwsException("InternalError", "We encountered an internal error. Please try again.", 500)
                : new AwsException("InternalFailure", "The request processing has failed because of an unknown error.", 500);
            await WriteErrorAsync(context, protocol, internalError, requestId);
        }
        finally
        {
            if (route == ServiceRoute.SageMakerRuntime && context.Response.StatusCode < 500)
            {
                // The data plane: one line per InvokeEndpoint would drown the log (and cost more than the call);
                // its calls are counted in CloudWatch's AWS/SageMaker metrics instead. Failures stay at Information.
                LogInvocation(logger, context.Request.Path.Value ?? "/", context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId);
            }
            else if (route != ServiceRoute.Health)
            {
                LogRequest(logger, context.Request.Method, context.Request.Path.Value ?? "/", OperationNames.Of(context, route), context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, requestId);
            }
        }
    }

    /// <summary>
    /// The server answers for one region: a credential scoped to another is refused as AWS refuses it. IAM is global:
    /// AWS signs it for us-east-1, and botocore with a custom endpoint signs it for the client's region, so any region goes.
    /// </summary>
    private void CheckRegion(AuthenticatedRequest auth, WireProtocol protocol)
    {
        if (auth.Region == account.Region || auth.SigningName == "iam")
        {
            return;
        }

        throw new AuthenticationException(AuthFailure.WrongScope, protocol == WireProtocol.RestXml
            ? $"The authorization header is malformed; the region '{auth.Region}' is wrong; expecting '{account.Region}'"
            : "Credential should be scoped to a valid region.");
    }

    private static void StampRequestId(HttpResponse response, WireProtocol protocol, string requestId)
    {
        response.Headers["x-amzn-RequestId"] = requestId;
        if (protocol == WireProtocol.RestXml)
        {
            response.Headers["x-amz-request-id"] = requestId;
            response.Headers["x-amz-id-2"] = RequestIds.NewS3HostId();
        }
    }

    private async Task WriteErrorAsync(HttpContext context, WireProtocol protocol, AwsException error, string requestId)
    {
        if (context.Response.HasStarted)
        {
            // Too late for a clean error: cut the connection so the client sees a truncated body, not a wrong one.
            LogErrorAfterStart(logger, error.Code, requestId);
            context.Abort();
            return;
        }

        context.Response.Clear();
        StampRequestId(context.Response, protocol, requestId);
        if (context.Request.Headers.Expect.ToString().Contains("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            // The client held its body back waiting for "100 Continue", which an early error never sends; it may still
            // send the body after its own timeout, and that body must not be read as the connection's next request.
            // Closing the connection after the error is what S3 does too.
            context.Response.Headers.Connection = "close";
        }

        var write = protocol switch
        {
            WireProtocol.RestXml => S3ErrorWriter.WriteAsync(context, error, requestId),
            WireProtocol.RestJson => RestJsonErrorWriter.WriteAsync(context.Response, error),
            WireProtocol.Query => QueryXml.WriteAsync(context.Response, QueryXml.Error(QueryServices.Of(SigV4Authenticator.SigningNameOf(context.Request)).Namespace, error, requestId), error.StatusCode),
            _ => AwsJsonErrorWriter.WriteAsync(context.Response, error),
        };
        await write;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} -> {Operation} {Status} in {Milliseconds:F1} ms [{RequestId}]")]
    private static partial void LogRequest(ILogger logger, string method, string path, string operation, int status, double milliseconds, string requestId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "POST {Path} -> sagemaker.InvokeEndpoint {Status} in {Milliseconds:F1} ms [{RequestId}]")]
    private static partial void LogInvocation(ILogger logger, string path, int status, double milliseconds, string requestId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure [{RequestId}]")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Code} after the response had started; connection aborted [{RequestId}]")]
    private static partial void LogErrorAfterStart(ILogger logger, string code, string requestId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Client went away during {Method} {Path}")]
    private static partial void LogClientGone(ILogger logger, string method, string path);
}
