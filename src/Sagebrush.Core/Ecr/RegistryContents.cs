using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Sagebrush.Core.Ecr;

/// <summary>
/// What a repository holds, read from the registry: its tags and manifests through the registry's HTTP API, and its
/// digests (tagged or not) and their push times from the registry's own storage, which only the server writes.
/// </summary>
public sealed class RegistryContents(RegistryServer registry)
{
    /// <summary>The manifest types ECR answers, newest first, as docker asks for them.</summary>
    public static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ];

    public async Task<IReadOnlyList<string>> TagsAsync(string repository, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v2/{repository}/tags/list", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return document.RootElement.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
            ? [.. tags.EnumerateArray().Select(t => t.GetString()!).Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>The manifest a tag or digest names, or null when there is none.</summary>
    public async Task<Manifest?> ManifestAsync(string repository, string reference, IReadOnlyList<string>? accepted, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v2/{repository}/manifests/{reference}", accepted ?? ManifestTypes, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var digest = response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : reference;
        return new Manifest(digest, response.Content.Headers.ContentType?.MediaType ?? ManifestTypes[^1], body, SizeOf(body));
    }

    public async Task<bool> DeleteManifestAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"/v2/{repository}/manifests/{digest}", null, cancellationToken);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Every manifest digest the repository holds, with when it was pushed (its revision's link file).</summary>
    public IReadOnlyList<(string Digest, DateTimeOffset PushedAt)> Digests(string repository)
    {
        var revisions = Path.Combine(registry.StorageRoot, "docker", "registry", "v2", "repositories", repository, "_manifests", "revisions", "sha256");
        if (!Directory.Exists(revisions))
        {
            return [];
        }

        return [.. new DirectoryInfo(revisions).EnumerateDirectories()
            .Select(d => (Directory: d, Link: new FileInfo(Path.Combine(d.FullName, "link"))))
            .Where(r => r.Link.Exists)
            .Select(r => ("sha256:" + r.Directory.Name, new DateTimeOffset(r.Link.LastWriteTimeUtc, TimeSpan.Zero)))
            .OrderBy(r => r.Item2)];
    }

    /// <summary>The directory of one repository in the registry's storage (removed with the repository).</summary>
    public string RepositoryDirectory(string repository) =>
        Path.Combine(registry.StorageRoot, "docker", "registry", "v2", "repositories", repository);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, IReadOnlyList<string>? accept, CancellationToken cancellationToken)
    {
        var invoker = await registry.InvokerAsync(cancellationToken);
        using var request = new HttpRequestMessage(method, new Uri("http://registry" + path));
        foreach (var type in accept ?? [])
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        return await invoker.SendAsync(request, cancellationToken);
    }

    /// <summary>An image's size as ECR reports it: its layers and its config, compressed.</summary>
    private static long SizeOf(string manifest)
    {
        try
        {
            using var document = JsonDocument.Parse(manifest);
            var root = document.RootElement;
            long size = root.TryGetProperty("config", out var config) && config.TryGetProperty("size", out var c) ? c.GetInt64() : 0;
            if (root.TryGetProperty("layers", out var layers))
            {
                size += layers.EnumerateArray().Sum(l => l.TryGetProperty("size", out var s) ? s.GetInt64() : 0);
            }

            return size;
        }
        catch (JsonException)
        {
            return 0;
        }
    }
}

/// <summary>One manifest: its digest, media type, body and the image size it describes.</summary>
public sealed record Manifest(string Digest, string MediaType, string Body, long ImageSize);
