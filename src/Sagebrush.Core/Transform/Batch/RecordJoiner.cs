using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sagebrush.Core.Transform.Shapes;

namespace Sagebrush.Core.Transform.Batch;

/// <summary>
/// DataProcessing as SageMaker applies it to each record: InputFilter picks what the model gets, JoinSource Input puts
/// the model's answer beside the original record (a JSON object gains <c>SageMakerOutput</c>, a JSON array gains an
/// element, a CSV line gains columns), OutputFilter picks what is written. JSON records are JSON (application/json,
/// application/jsonlines, or a record that starts with { or [); anything else is CSV, filtered as its columns.
/// Without any of the three, batches pass through untouched (<see cref="PerRecord"/> is false).
/// </summary>
public sealed class RecordJoiner
{
    private readonly JsonPath? inputFilter;
    private readonly JsonPath? outputFilter;
    private readonly bool join;
    private readonly bool jsonInput;

    public RecordJoiner(DataProcessing? processing, string? contentType)
    {
        inputFilter = processing?.InputFilter is { } input && input != "$" ? JsonPath.Parse(input) : null;
        outputFilter = processing?.OutputFilter is { } output && output != "$" ? JsonPath.Parse(output) : null;
        join = processing?.JoinSource == "Input";
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        jsonInput = type is "application/json" or "application/jsonlines" or "application/x-jsonlines";
    }

    /// <summary>Whether records must be taken apart (a filter or a join); otherwise batches go as they are.</summary>
    public bool PerRecord => inputFilter is not null || outputFilter is not null || join;

    /// <summary>The batch as the model gets it: each record through InputFilter, one per line.</summary>
    public byte[] Payload(RecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var text = new StringBuilder(batch.Length);
        for (var i = 0; i < batch.Count; i++)
        {
            text.Append(Filter(inputFilter, RecordText(batch, i), batch.LineOf(i), "InputFilter")).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The records to write for one answer: one per input record, joined and filtered.</summary>
    public IEnumerable<string> Outputs(RecordBatch batch, byte[] response)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(response);
        var outputs = SplitResponse(Encoding.UTF8.GetString(response), batch.Count, batch.FirstLine);
        for (var i = 0; i < batch.Count; i++)
        {
            var record = join ? Join(RecordText(batch, i), outputs[i]) : outputs[i];
            yield return Filter(outputFilter, record, batch.LineOf(i), "OutputFilter");
        }
    }

    private static string RecordText(RecordBatch batch, int index) => Encoding.UTF8.GetString(batch.Record(index).Span).TrimEnd('\n', '\r');

    private bool IsJson(string record) => jsonInput || record.StartsWith('{') || record.StartsWith('[');

    private string Filter(JsonPath? path, string record, long line, string member)
    {
        if (path is null)
        {
            return record;
        }

        try
        {
            if (IsJson(record))
            {
                return path.Select(JsonNode.Parse(record))?.ToJsonString() ?? "null";
            }

            return path.SelectColumns(record);
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            throw new RecordFilterException($"DataProcessing.{member} could not be applied to the record at line {line}: {exception.Message}");
        }
    }

    private string Join(string input, string output)
    {
        if (!IsJson(input))
        {
            return input + "," + output;
        }

        var record = JsonNode.Parse(input);
        JsonNode? answer;
        try
        {
            answer = JsonNode.Parse(output);
        }
        catch (JsonException)
        {
            answer = JsonValue.Create(output);
        }

        switch (record)
        {
            case JsonObject members:
                members["SageMakerOutput"] = answer;
                return members.ToJsonString();
            case JsonArray items:
                items.Add(answer);
                return items.ToJsonString();
            default:
                return new JsonObject { ["SageMakerInput"] = record, ["SageMakerOutput"] = answer }.ToJsonString();
        }
    }

    /// <summary>
    /// One output per input record: the answer's lines; a JSON array (or an object holding one array, such as
    /// XGBoost's {"predictions": [...]}) of as many elements; or, for one record, the whole answer.
    /// </summary>
    private static List<string> SplitResponse(string response, int records, long firstLine)
    {
        var lines = response.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        if (lines.Count == records)
        {
            return lines;
        }

        if (records == 1)
        {
            return [response.Trim()];
        }

        try
        {
            var node = JsonNode.Parse(response);
            var array = node as JsonArray ?? (node is JsonObject { Count: 1 } single ? single.First().Value as JsonArray : null);
            if (array is not null && array.Count == records)
            {
                return [.. array.Select(e => e?.ToJsonString() ?? "null")];
            }
        }
        catch (JsonException)
        {
        }

        throw new RecordFilterException(
            $"the model answered {lines.Count} line(s) for the {records} records from line {firstLine}; JoinSource and OutputFilter need one output record per input record (one per line, or a JSON array).");
    }
}

/// <summary>A record could not be filtered or joined; the job fails with these words.</summary>
public sealed class RecordFilterException(string message) : Exception(message);
