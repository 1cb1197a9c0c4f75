using System.Text.Json.Serialization;
using Sagebrush.Core.Identity;

namespace Sagebrush.Core;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(RootCredentials))]
[JsonSerializable(typeof(SessionCredentials))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(string[][]))]
[JsonSerializable(typeof(Storage.Objects.Encryption.ObjectEncryption))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
