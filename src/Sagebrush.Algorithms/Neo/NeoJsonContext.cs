using System.Text.Json.Serialization;

namespace Sagebrush.Algorithms.Neo;

/// <summary>neo.json, the compiled artifact's description.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Dictionary<string, object>))]
[JsonSerializable(typeof(NeoMetadata))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(string))]
internal sealed partial class NeoJsonContext : JsonSerializerContext;

/// <summary>What serving reads back from neo.json.</summary>
internal sealed record NeoMetadata(string Framework, string Objective, int Features, int Groups, string LibrarySha256);
