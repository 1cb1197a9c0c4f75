using System.Diagnostics;
using System.Formats.Tar;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Sagebrush.Core.Containers;

/// <summary>
/// The image of the container that holds a multi-host job's network namespace (the "pause" container of a pod): this
/// machine's <c>sleep</c> and the libraries <c>ldd</c> names for it, imported once into the engine. The job's hosts join
/// its namespace, so that one host ending early never takes the network from the others.
/// </summary>
internal static class NetworkHolderImage
{
    public const string Reference = "sagebrush/network-holder:1";
    private const string Sleep = "/usr/bin/sleep";

    private static readonly SemaphoreSlim Importing = new(1, 1);

    public static async Task EnsureAsync(IDockerClient client, CancellationToken cancellationToken)
    {
        await Importing.WaitAsync(cancellationToken);
        try
        {
            try
            {
                await client.Images.InspectImageAsync(Reference, cancellationToken);
                return;
            }
            catch (DockerImageNotFoundException)
            {
            }

            using var archive = new MemoryStream();
            await using (var tar = new TarWriter(archive, TarEntryFormat.Pax, leaveOpen: true))
            {
                foreach (var file in (await LibrariesAsync(cancellationToken)).Prepend(Sleep))
                {
                    // The file itself under the name the loader looks for (ld.so is often a link).
                    var real = new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
                    await tar.WriteEntryAsync(real, file.TrimStart('/'), cancellationToken);
                }
            }

            archive.Position = 0;
            var (repository, tag) = ImageReferences.Split(Reference);
            await client.Images.CreateImageAsync(
                new ImagesCreateParameters { FromSrc = "-", Repo = repository, Tag = tag }, archive, null, new Progress<JSONMessage>(), cancellationToken);
        }
        finally
        {
            Importing.Release();
        }
    }

    /// <summary>The shared libraries <c>sleep</c> loads, as <c>ldd</c> lists them (real files, links resolved).</summary>
    private static async Task<IEnumerable<string>> LibrariesAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/usr/bin/ldd", Sleep) { RedirectStandardOutput = true, UseShellExecute = false };
        using var ldd = Process.Start(start) ?? throw new InvalidOperationException("ldd did not start.");
        var output = await ldd.StandardOutput.ReadToEndAsync(cancellationToken);
        await ldd.WaitForExitAsync(cancellationToken);
        var paths = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            var path = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(p => p.StartsWith('/'));
            if (path is not null && File.Exists(path))
            {
                paths.Add(path);
            }
        }

        return paths;
    }
}
