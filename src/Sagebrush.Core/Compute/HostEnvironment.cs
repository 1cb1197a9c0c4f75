namespace Sagebrush.Core.Compute;

/// <summary>What every host (training, processing, serving) starts with before its own variables, as a container image would set it.</summary>
public static class HostEnvironment
{
    /// <summary>A new map: a container's PATH, a UTF-8 locale, HOME in /tmp, and Python unbuffered and writing no bytecode.</summary>
    public static Dictionary<string, string> Base() => new(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ["LANG"] = "C.UTF-8",
        ["HOME"] = "/tmp",
        ["PYTHONUNBUFFERED"] = "1",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
    };
}
