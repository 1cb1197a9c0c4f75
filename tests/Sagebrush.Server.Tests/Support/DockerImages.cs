using System.Security.Cryptography;
using System.Text;

namespace Sagebrush.Server.Tests.Support;

/// <summary>
/// The Docker engine the container tests drive (scripts/docker-daemon starts it, without a bridge) and the user image
/// they push: <c>tests/containers/byoc</c>, built FROM the base image scripts/base-image makes (a debootstrapped
/// Debian with Python), tagged by the hash of its files so that a changed program is rebuilt. Tests skip, saying why,
/// where no engine or base image is there.
/// </summary>
public static class DockerImages
{
    public const string Docker = "/usr/bin/docker";
    public const string BaseImage = "sagebrush-base/python3:bookworm";

    private static readonly Lazy<Task<string?>> Missing = new(FindMissingAsync);
    private static readonly Lazy<Task<string>> Byoc = new(BuildByocAsync);

    public static string Directory => Path.Combine(RepositoryPaths.Root, "tests", "containers", "byoc");

    /// <summary>Null where the container tests can run; otherwise why not.</summary>
    public static Task<string?> UnavailableAsync() => Missing.Value;

    /// <summary>The user image's local reference (built once per test run).</summary>
    public static Task<string> ByocAsync() => Byoc.Value;

    public static Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        ExternalProcess.RunAsync(Docker, arguments, environment ?? new Dictionary<string, string?>(), timeout: TimeSpan.FromMinutes(3));

    private static async Task<string?> FindMissingAsync()
    {
        if (!File.Exists(Docker))
        {
            return "the docker client is not installed (scripts/test installs docker.io)";
        }

        if ((await RunAsync(null, "version")).ExitCode != 0)
        {
            return "no Docker engine answers on /var/run/docker.sock (scripts/docker-daemon starts one; it needs root)";
        }

        return (await RunAsync(null, "image", "inspect", BaseImage)).ExitCode != 0
            ? $"the base image {BaseImage} is not in the engine (scripts/base-image makes it with debootstrap)"
            : null;
    }

    private static async Task<string> BuildByocAsync()
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
            System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(file => Path.GetRelativePath(Directory, file) + ":" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))))))))[..12];
        var reference = "sagebrush-test/byoc:" + hash;
        var environment = new Dictionary<string, string?> { ["DOCKER_BUILDKIT"] = "0" };
        (await RunAsync(environment, "build", "--quiet", "--network", "none", "--tag", reference, Directory)).EnsureSuccess();
        return reference;
    }
}
