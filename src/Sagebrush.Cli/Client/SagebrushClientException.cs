namespace Sagebrush.Cli.Client;

/// <summary>An error a Sagebrush server answered, with AWS's error code.</summary>
internal sealed class SagebrushClientException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
}
