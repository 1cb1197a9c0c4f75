using System.Text.Json.Serialization;

namespace Sagebrush.Core.Iam;

[JsonSerializable(typeof(IamRole))]
internal sealed partial class IamJsonContext : JsonSerializerContext;
