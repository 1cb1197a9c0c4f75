using System.Text.Json;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Data;

/// <summary>
/// Parses an /invocations body for Linear Learner, K-Means and PCA into rows of <c>featureDim</c> floats, in the
/// request formats SageMaker documents for its built-in algorithms:
/// <list type="bullet">
/// <item><c>text/csv</c>: one record per line, features only.</item>
/// <item><c>application/json</c>: <c>{"instances": [{"features": [..]}, ..]}</c>, or per instance
/// <c>{"data": {"features": {"values": [..]}}}</c>, where <c>keys</c> and <c>shape</c> beside <c>values</c> give a
/// sparse vector.</item>
/// <item><c>application/jsonlines</c>: one <c>{"features": [..]}</c> (or the <c>data</c> form) per line.</item>
/// </list>
/// Not supported yet: application/x-recordio-protobuf.
/// </summary>
public static class InferenceRequest
{
    public static readonly string[] Supported = [MediaType.Csv, MediaType.Json, MediaType.JsonLines];

    public static DenseDataset Parse(ReadOnlySpan<byte> body, string? contentType, int featureDim)
    {
        var rows = MediaType.Essence(contentType) switch
        {
            MediaType.Csv => ParseCsv(body),
            MediaType.Json => ParseJson(body),
            MediaType.JsonLines or "application/jsonl" => ParseJsonLines(body),
            _ => throw InvocationException.UnsupportedContentType(contentType, Supported),
        };

        if (rows.Rows == 0)
        {
            throw InvocationException.BadRequest("The request has no records.");
        }

        if (rows.Columns != featureDim)
        {
            throw InvocationException.BadRequest($"Each record must have {featureDim} feature(s) (the model's feature_dim); the request has {rows.Columns}.");
        }

        if (float.IsNaN(System.Numerics.Tensors.TensorPrimitives.Sum(rows.Features)))
        {
            throw InvocationException.BadRequest("The request has a missing (empty) value; every feature must be a number.");
        }

        return rows;
    }

    private static DenseDataset ParseCsv(ReadOnlySpan<byte> body)
    {
        try
        {
            return CsvDatasetReader.Parse(body, CsvLayout.Inference);
        }
        catch (InvalidDataException e)
        {
            throw InvocationException.BadRequest(e.Message);
        }
    }

    private static DenseDataset ParseJson(ReadOnlySpan<byte> body)
    {
        var rows = new RowCollector();
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("instances", out var instances)
                || instances.ValueKind != JsonValueKind.Array)
            {
                throw InvocationException.BadRequest("An application/json request is {\"instances\": [{\"features\": [...]}, ...]}.");
            }

            var index = 0;
            foreach (var instance in instances.EnumerateArray())
            {
                rows.Add(Features(instance, $"instance {index++}"));
            }
        }
        catch (JsonException e)
        {
            throw InvocationException.BadRequest($"The request body is not valid JSON: {e.Message}");
        }

        return rows.ToDataset();
    }

    private static DenseDataset ParseJsonLines(ReadOnlySpan<byte> body)
    {
        var rows = new RowCollector();
        var lineNumber = 0;
        while (!body.IsEmpty)
        {
            var end = body.IndexOf((byte)'\n');
            var line = (end < 0 ? body : body[..end]).Trim(" \t\r"u8);
            body = end < 0 ? [] : body[(end + 1)..];
            lineNumber++;
            if (line.IsEmpty)
            {
                continue;
            }

            try
            {
                var reader = new Utf8JsonReader(line);
                using var document = JsonDocument.ParseValue(ref reader);
                rows.Add(Features(document.RootElement, $"line {lineNumber}"));
            }
            catch (JsonException e)
            {
                throw InvocationException.BadRequest($"Line {lineNumber} is not valid JSON: {e.Message}");
            }
        }

        return rows.ToDataset();
    }

    private static float[] Features(JsonElement record, string where)
    {
        if (record.ValueKind == JsonValueKind.Object)
        {
            if (record.TryGetProperty("features", out var features))
            {
                return Vector(features, where);
            }

            if (record.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("features", out var tensor))
            {
                return Vector(tensor, where);
            }
        }

        throw InvocationException.BadRequest($"Record ({where}) has no \"features\" (or \"data\": {{\"features\": {{\"values\": [...]}}}}).");
    }

    // A plain array, or SageMaker's tensor object {"values": [..]} with optional "keys" and "shape" (sparse).
    private static float[] Vector(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return Numbers(element, where);
        }

        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("values", out var values))
        {
            throw InvocationException.BadRequest($"Record ({where}): features must be an array of numbers or {{\"values\": [...]}}.");
        }

        var dense = Numbers(values, where);
        if (!element.TryGetProperty("keys", out var keysElement) || keysElement.GetArrayLength() == 0)
        {
            return dense;
        }

        var keys = Numbers(keysElement, where);
        if (!element.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() != 1
            || !shape[0].TryGetInt32(out var length) || length < 0 || keys.Length != dense.Length)
        {
            throw InvocationException.BadRequest($"Record ({where}): a sparse vector needs \"shape\": [dimension] and one key per value.");
        }

        var vector = new float[length];
        for (var i = 0; i < keys.Length; i++)
        {
            var key = (int)keys[i];
            if (key < 0 || key >= length || key != keys[i])
            {
                throw InvocationException.BadRequest($"Record ({where}): key {keys[i]} is outside the shape [{length}].");
            }

            vector[key] = dense[i];
        }

        return vector;
    }

    private static float[] Numbers(JsonElement array, string where)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw InvocationException.BadRequest($"Record ({where}): expected an array of numbers.");
        }

        var result = new float[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out var value))
            {
                throw InvocationException.BadRequest($"Record ({where}): '{item}' is not a number.");
            }

            result[i++] = (float)value;
        }

        return result;
    }

    private sealed class RowCollector
    {
        private readonly List<float> _values = [];
        private int _columns = -1;
        private int _rows;

        public void Add(float[] row)
        {
            if (_columns >= 0 && row.Length != _columns)
            {
                throw InvocationException.BadRequest($"Record {_rows} has {row.Length} feature(s) where earlier records have {_columns}.");
            }

            _columns = row.Length;
            _values.AddRange(row);
            _rows++;
        }

        public DenseDataset ToDataset() => new([.. _values], null, _rows, Math.Max(_columns, 0));
    }
}
