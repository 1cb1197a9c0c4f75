using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Frames;
using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.Hosting.Invocations;
using Sagebrush.Core.Hosting.Shapes;

namespace Sagebrush.Core.Hosting.Routing;

/// <summary>
/// InvokeEndpoint's data plane: the live deployment of each endpoint, a variant chosen by weight (or the caller's
/// TargetVariant), an instance of it chosen by fewest outstanding calls, and the call forwarded over a pooled
/// connection. A call that cannot connect is tried once more on another healthy instance of the variant, so losing an
/// instance loses only the calls it was answering. Every call, answered or not, goes to the sinks (metrics, capture).
/// Not supported yet: TargetModel (multi-model endpoints), TargetContainerHostname, EnableExplanations, response streaming.
/// </summary>
public sealed class EndpointRouter(
    AccountSettings account,
    HostingStore<StoredEndpoint> endpoints,
    IEnumerable<IInvocationSink> sinks,
    HostingOptions options,
    TimeProvider time)
{
    private const string CustomAttributesHeader = "X-Amzn-SageMaker-Custom-Attributes";

    /// <summary>The status recorded for a call its client abandoned (nginx's "client closed request").</summary>
    public const int AbandonedStatus = 499;

    private readonly ConcurrentDictionary<string, Deployment> live = new(StringComparer.Ordinal);
    private readonly IInvocationSink[] globalSinks = [.. sinks];
    private readonly VariantChooser chooser = new(options.RouterSeed);

    /// <summary>Routes the endpoint's calls to <paramref name="deployment"/> from now on; returns the one it replaces.</summary>
    public Deployment? Activate(string endpointName, Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        deployment.Touch(time.GetUtcNow());
        Deployment? previous = null;
        live.AddOrUpdate(endpointName, deployment, (_, old) =>
        {
            previous = old;
            return deployment;
        });
        return previous;
    }

    /// <summary>Stops routing to the endpoint; returns its deployment, if any.</summary>
    public Deployment? Remove(string endpointName) => live.TryRemove(endpointName, out var removed) ? removed : null;

    public Deployment? Current(string endpointName) => live.TryGetValue(endpointName, out var deployment) ? deployment : null;

    /// <summary>Every endpoint's live deployment now.</summary>
    public IReadOnlyList<Deployment> Live => [.. live.Values];

    /// <summary>
    /// Routes one call. With <paramref name="respond"/>, the answer is handed to it (the caller writes it to its client)
    /// before the call is recorded, so the record's OverheadLatency runs to the response written; a client that goes
    /// away first makes the call abandoned (status 499, neither a 4XX nor a 5XX error).
    /// </summary>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken) =>
        await InvokeAsync(request, null, cancellationToken);

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, Func<InvocationResponse, CancellationToken, Task>? respond, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var deployment = await EnterAsync(request.EndpointName, cancellationToken);
        try
        {
            deployment.Touch(time.GetUtcNow());
            if (deployment.SleepingCounts is not null)
            {
                // Scaled to zero while idle: this call waits for the instances to start again (docs/account.md).
                await deployment.WakeAsync().WaitAsync(cancellationToken);
            }

            return await InvokeAsync(deployment, request, respond, cancellationToken);
        }
        finally
        {
            // Touched again as the call ends: after a wake slower than the idle timeout, the endpoint must not look idle
            // the moment it is back, or the idle policy would put it to sleep again before its caller looks.
            deployment.Touch(time.GetUtcNow());
            deployment.Exit();
        }
    }

    private async Task<Deployment> EnterAsync(string endpointName, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            if (!live.TryGetValue(endpointName, out var deployment))
            {
                break;
            }

            if (deployment.TryEnter())
            {
                return deployment;
            }

            // Retired between the lookup and the count: UpdateEndpoint just switched; the map has the new one.
        }

        var stored = await endpoints.GetAsync(endpointName, cancellationToken);
        throw stored is null || stored.Endpoint.EndpointStatus == "Deleting"
            ? RuntimeErrors.EndpointNotFound(endpointName, account.AccountId)
            : RuntimeErrors.NotReady(endpointName, stored.Endpoint.EndpointStatus);
    }

    private async Task<InvocationResponse> InvokeAsync(Deployment deployment, InvocationRequest request, Func<InvocationResponse, CancellationToken, Task>? respond, CancellationToken cancellationToken)
    {
        VariantRoute? variant;
        if (request.TargetVariant is { } target)
        {
            variant = deployment.Variant(target) ?? throw RuntimeErrors.Validation(
                $"Invalid TargetVariant: the production variant {target} does not exist for endpoint {request.EndpointName}.");
        }
        else
        {
            variant = chooser.Choose(deployment.Variants) ?? throw RuntimeErrors.Validation(
                $"Endpoint {request.EndpointName} has no production variant with a weight above zero; name one with TargetVariant.");
        }

        var outcome = new Outcome(variant);
        try
        {
            var instance = variant.Pick() ?? throw RuntimeErrors.NoHealthyInstance(request.EndpointName, variant.Name);
            var answer = await SendAsync(instance, request, outcome, cancellationToken);
            if (answer is null)
            {
                var other = variant.Pick(except: instance) ?? throw RuntimeErrors.NoHealthyInstance(request.EndpointName, variant.Name);
                answer = await SendAsync(other, request, outcome, cancellationToken)
                    ?? throw RuntimeErrors.NoHealthyInstance(request.EndpointName, variant.Name);
            }

            outcome.Output = answer.Body;
            outcome.OutputContentType = answer.ContentType;
            if (outcome.ContainerStatus is not (>= 200 and < 300))
            {
                throw RuntimeErrors.ModelError(account, request.EndpointName, outcome.ContainerStatus ?? 0, Encoding.UTF8.GetString(answer.Body));
            }

            outcome.Status = 200;
            if (respond is not null)
            {
                await respond(answer, cancellationToken);
            }

            return answer;
        }
        catch (Common.AwsException error)
        {
            outcome.Status = error.StatusCode;
            throw;
        }
        catch (Exception gone) when (gone is OperationCanceledException or IOException && cancellationToken.IsCancellationRequested)
        {
            outcome.Status = AbandonedStatus;
            throw;
        }
        finally
        {
            Record(deployment, request, outcome);
        }
    }

    /// <summary>The container's answer, or null when the instance could not be reached (the call can go elsewhere).</summary>
    private async Task<InvocationResponse?> SendAsync(ModelInstance instance, InvocationRequest request, Outcome outcome, CancellationToken cancellationToken)
    {
        outcome.Instance = instance;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.InvocationTimeout);
        var sent = time.GetTimestamp();
        instance.Enter();
        try
        {
            var answer = instance.Frames is { } frames
                ? await SendFramedAsync(frames, request, instance.VariantName, timeout.Token)
                : await SendHttpAsync(instance, request, timeout.Token);
            outcome.ModelLatency = time.GetElapsedTime(sent);
            outcome.ContainerStatus = answer.Status;
            return answer.Response;
        }
        catch (HttpRequestException failure) when (failure.HttpRequestError == HttpRequestError.ConnectionError)
        {
            // Never reached the container: nothing ran, so the call may go to another instance.
            instance.ReportUnreachable();
            return null;
        }
        catch (HttpRequestException failure)
        {
            // The container took the call and went away (killed, crashed) before answering: the call is lost.
            instance.ReportUnreachable();
            throw new Common.AwsException("ServiceUnavailable", $"The instance answering this call stopped before it answered: {failure.Message} Try your call again.", 503);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome.ModelLatency = time.GetElapsedTime(sent);
            throw RuntimeErrors.ModelError(account, request.EndpointName, 0, "Your invocation timed out while waiting for a response from container primary.");
        }
        finally
        {
            instance.Exit();
        }
    }

    /// <summary>A built-in model server: the call multiplexed with others on one of its frame connections.</summary>
    private static async Task<(int Status, InvocationResponse Response)> SendFramedAsync(FrameConnections frames, InvocationRequest request, string variant, CancellationToken cancellationToken)
    {
        var connection = await frames.GetAsync(cancellationToken);
        var answer = await connection.SendAsync(request.Body, request.ContentType, request.Accept, request.CustomAttributes, cancellationToken);
        // The reader copied the body out of its buffer into an array of its own: no second copy.
        var body = MemoryMarshal.TryGetArray(answer.Body, out var whole) && whole.Offset == 0 && whole.Count == whole.Array!.Length ? whole.Array : answer.Body.ToArray();
        return (answer.Status, new InvocationResponse(body, answer.ContentType, answer.CustomAttributes, variant));
    }

    /// <summary>Any other container: HTTP POST /invocations, as SageMaker's hosting contract says.</summary>
    private static async Task<(int Status, InvocationResponse Response)> SendHttpAsync(ModelInstance instance, InvocationRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, instance.InvocationsUri)
        {
            Content = new ReadOnlyMemoryContent(request.Body),
        };
        if (request.ContentType is { } contentType)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (request.Accept is { } accept)
        {
            message.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (request.CustomAttributes is { } attributes)
        {
            message.Headers.TryAddWithoutValidation(CustomAttributesHeader, attributes);
        }

        using var response = await instance.Client.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return ((int)response.StatusCode, new InvocationResponse(
            body,
            ContentTypeOf(response.Content.Headers.ContentType),
            response.Headers.TryGetValues(CustomAttributesHeader, out var values) ? string.Join(",", values) : null,
            instance.VariantName));
    }

    private void Record(Deployment deployment, InvocationRequest request, Outcome outcome)
    {
        var capture = deployment.CaptureSink;
        if (globalSinks.Length == 0 && capture is null)
        {
            return;
        }

        var total = time.GetElapsedTime(request.Started);
        var record = new InvocationRecord(
            request.EndpointName,
            outcome.Variant.Name,
            outcome.Instance?.Id ?? "",
            outcome.Variant.Instances.Length,
            time.GetUtcNow(),
            RandomUuid.Next(),
            request.InferenceId,
            request.ContentType,
            request.Accept,
            request.Body,
            outcome.Output,
            outcome.OutputContentType,
            outcome.Status,
            outcome.ContainerStatus,
            outcome.ModelLatency,
            total > outcome.ModelLatency ? total - outcome.ModelLatency : TimeSpan.Zero);
        foreach (var sink in globalSinks)
        {
            Deliver(sink, record);
        }

        if (capture is not null)
        {
            Deliver(capture, record);
        }
    }

    private static void Deliver(IInvocationSink sink, InvocationRecord record)
    {
        try
        {
            sink.Record(record);
        }
#pragma warning disable CA1031 // the contract says sinks never throw; one that does must still not fail the call
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static string? ContentTypeOf(MediaTypeHeaderValue? header) => header?.ToString();

    /// <summary>What became of one call, for the sinks.</summary>
    private sealed class Outcome(VariantRoute variant)
    {
        public VariantRoute Variant { get; } = variant;

        public ModelInstance? Instance { get; set; }

        public int Status { get; set; } = 500;

        public int? ContainerStatus { get; set; }

        public TimeSpan ModelLatency { get; set; }

        public ReadOnlyMemory<byte> Output { get; set; }

        public string? OutputContentType { get; set; }
    }
}
