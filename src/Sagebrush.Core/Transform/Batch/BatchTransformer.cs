using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Transform.Batch;

/// <summary>
/// What SageMaker's batch agent does for one input file on one instance: stream the object (gunzipped when
/// CompressionType is Gzip), cut it into batches, POST them to the instance's /invocations with at most
/// MaxConcurrentTransforms in flight (timeouts and 5xx retried InvocationsMaxRetries times), write the answers in input
/// order (a line each with AssembleWith Line, joined and filtered per record with DataProcessing) and upload the result
/// as <c>&lt;S3OutputPath&gt;/&lt;file&gt;.out</c>. When the model refuses a batch of several records, the records are
/// sent one by one to name the line it refuses.
/// </summary>
public sealed class BatchTransformer(IObjectStore store, BatchSettings settings, RecordJoiner joiner, string scratch, Action<string> log, Action<int> recordsDone)
{
    private const int MaxRecordsProbed = 1000;
    private const int ErrorBodyChars = 300;

    /// <summary>A model's answer is held in memory until written: an answer larger than this fails the job instead.</summary>
    private const long MaxAnswerBytes = 256L * 1024 * 1024;
    private int firstAnswer;

    /// <summary>Raised once, when the job's first answer arrives (the benchmark's "first record predicted").</summary>
    public event Action? FirstAnswer;

    public async Task TransformFileAsync(ModelInstance instance, StagedObject file, S3Location output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(file);
        var temporary = Path.Combine(scratch, Guid.NewGuid().ToString("N") + ".out");
        try
        {
            await using (var content = await store.GetObjectAsync(file.Location.Bucket, file.Location.Key, cancellationToken: cancellationToken))
            await using (var body = settings.Gzip ? new GZipStream(content.Body, CompressionMode.Decompress) : content.Body)
            await using (var written = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var inFlight = new Queue<(RecordBatch Batch, Task<byte[]> Answer)>();
                await foreach (var batch in RecordBatcher.ReadAsync(body, settings.SplitType, settings.MultiRecord, settings.MaxPayloadBytes, cancellationToken))
                {
                    inFlight.Enqueue((batch, InvokeBatchAsync(instance, batch, file, cancellationToken)));
                    if (inFlight.Count >= settings.MaxConcurrentTransforms)
                    {
                        await WriteAsync(inFlight.Dequeue(), written, cancellationToken);
                    }
                }

                while (inFlight.Count > 0)
                {
                    await WriteAsync(inFlight.Dequeue(), written, cancellationToken);
                }
            }

            var target = output.Child(file.RelativePath + ".out");
            await using var upload = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await store.PutObjectAsync(target.Bucket, target.Key, upload, ObjectWrite.Plain(settings.Accept ?? "binary/octet-stream"), cancellationToken);
            log($"Uploaded {target} ({upload.Length} bytes) for {file.Location}");
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task WriteAsync((RecordBatch Batch, Task<byte[]> Answer) item, Stream written, CancellationToken cancellationToken)
    {
        var answer = await item.Answer;
        if (joiner.PerRecord)
        {
            var text = new StringBuilder();
            foreach (var record in joiner.Outputs(item.Batch, answer))
            {
                text.Append(record).Append('\n');
            }

            await written.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        }
        else
        {
            await written.WriteAsync(answer, cancellationToken);
            if (settings.AssembleWithLine && (answer.Length == 0 || answer[^1] != (byte)'\n'))
            {
                written.WriteByte((byte)'\n');
            }
        }

        recordsDone(item.Batch.Count);
    }

    private async Task<byte[]> InvokeBatchAsync(ModelInstance instance, RecordBatch batch, StagedObject file, CancellationToken cancellationToken)
    {
        var (status, answer) = await InvokeAsync(instance, PayloadOf(batch), cancellationToken);
        if (status is >= 200 and < 300)
        {
            if (Interlocked.Exchange(ref firstAnswer, 1) == 0)
            {
                FirstAnswer?.Invoke();
            }

            return answer;
        }

        var where = batch.Count == 1 ? $"line {batch.FirstLine}" : $"lines {batch.FirstLine}-{batch.LineOf(batch.Count - 1)}";
        if (batch.Count > 1)
        {
            // Which record? Send them one at a time, as SingleRecord would have, until one is refused.
            for (var i = 0; i < Math.Min(batch.Count, MaxRecordsProbed); i++)
            {
                var single = new RecordBatch(batch.Record(i).ToArray(), batch.Record(i).Length, [0], [batch.LineOf(i)]);
                var one = await InvokeAsync(instance, PayloadOf(single), cancellationToken);
                if (one.Status is < 200 or >= 300)
                {
                    (status, answer, where) = (one.Status, one.Answer, $"line {batch.LineOf(i)}");
                    break;
                }
            }
        }

        var said = Encoding.UTF8.GetString(answer.AsSpan(0, Math.Min(answer.Length, ErrorBodyChars * 4)));
        said = said.Length > ErrorBodyChars ? said[..ErrorBodyChars] : said;
        throw new ModelInvocationException($"Bad HTTP status received from algorithm: {status} for {where} of {file.Location}: {said.Trim()}");
    }

    /// <summary>One POST with retries of timeouts, refused connections and 5xx; the last status and body.</summary>
    /// <summary>What the model gets for a batch: its own bytes, uncopied, or the records through DataProcessing.</summary>
    private ArraySegment<byte> PayloadOf(RecordBatch batch) =>
        joiner.PerRecord ? new ArraySegment<byte>(joiner.Payload(batch)) : new ArraySegment<byte>(batch.Buffer, 0, batch.Length);

    private async Task<(int Status, byte[] Answer)> InvokeAsync(ModelInstance instance, ArraySegment<byte> payload, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.InvocationTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, instance.InvocationsUri) { Content = new ByteArrayContent(payload.Array!, payload.Offset, payload.Count) };
                if (settings.ContentType is { } contentType && MediaTypeHeaderValue.TryParse(contentType, out var type))
                {
                    request.Content.Headers.ContentType = type;
                }

                if (settings.Accept is { } accept)
                {
                    request.Headers.TryAddWithoutValidation("Accept", accept);
                }

                instance.Enter();
                try
                {
                    using var response = await instance.Client.SendAsync(request, timeout.Token);
                    var answer = await ReadBoundedAsync(response.Content, timeout.Token);
                    var status = (int)response.StatusCode;
                    if (status < 500 || attempt >= settings.MaxRetries)
                    {
                        return (status, answer);
                    }

                    log($"The model answered {status}; retrying ({attempt + 1} of {settings.MaxRetries})");
                }
                finally
                {
                    instance.Exit();
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is HttpRequestException or OperationCanceledException)
            {
                var what = exception is OperationCanceledException ? $"no answer within InvocationsTimeoutInSeconds ({settings.InvocationTimeout.TotalSeconds:0} s)" : exception.Message;
                if (attempt >= settings.MaxRetries)
                {
                    throw new ModelInvocationException($"The model could not be invoked after {settings.MaxRetries + 1} attempt(s): {what}");
                }

                log($"The model could not be invoked ({what}); retrying ({attempt + 1} of {settings.MaxRetries})");
            }
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxAnswerBytes)
        {
            throw new ModelInvocationException($"The model's answer is {content.Headers.ContentLength} bytes, more than the {MaxAnswerBytes / (1024 * 1024)} MB a batch's answer may be; use a smaller MaxPayloadInMB.");
        }

        await using var body = await content.ReadAsStreamAsync(cancellationToken);
        using var answer = new MemoryStream();
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (answer.Length + read > MaxAnswerBytes)
            {
                throw new ModelInvocationException($"The model's answer is more than the {MaxAnswerBytes / (1024 * 1024)} MB a batch's answer may be; use a smaller MaxPayloadInMB.");
            }

            answer.Write(buffer, 0, read);
        }

        return answer.ToArray();
    }
}
