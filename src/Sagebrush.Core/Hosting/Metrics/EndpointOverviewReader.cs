using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>
/// Reads the endpoints out of the metadata database (<c>metadata.db</c>) read-only, for a tool that runs beside the
/// server or without it. Endpoints are stored as resources of type <see cref="ResourceType"/> whose document is the
/// DescribeEndpoint shape, under <c>Endpoint</c> in the hosting service's StoredEndpoint (EndpointName, EndpointStatus, ProductionVariants[VariantName, CurrentInstanceCount,
/// CurrentWeight]); the document is read leniently, so a field the hosting service leaves out shows as unknown.
/// </summary>
public static class EndpointOverviewReader
{
    public const string ResourceType = "endpoint";

    /// <exception cref="FileNotFoundException">No metadata database at <paramref name="databasePath"/>.</exception>
    public static async Task<IReadOnlyList<EndpointOverview>> ReadAsync(string databasePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"There is no metadata database at {databasePath}: no server has run with this data dir yet.", databasePath);
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            // The server may be writing: wait for its lock instead of failing at once.
            pragma.CommandText = "PRAGMA busy_timeout = 10000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, document FROM resources WHERE type = $type ORDER BY created_at, name;";
        command.Parameters.AddWithValue("$type", ResourceType);
        var endpoints = new List<EndpointOverview>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            endpoints.Add(Parse(reader.GetString(0), reader.GetString(1)));
        }

        return endpoints;
    }

    public static EndpointOverview Parse(string name, string document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Endpoint", out var described) && described.ValueKind == JsonValueKind.Object)
            {
                root = described; // the hosting service's StoredEndpoint: the Describe shape next to its deployment
            }

            var status = root.TryGetProperty("EndpointStatus", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "-";
            var variants = new List<VariantOverview>();
            if (root.TryGetProperty("ProductionVariants", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var variant in list.EnumerateArray())
                {
                    if (variant.TryGetProperty("VariantName", out var variantName) && variantName.ValueKind == JsonValueKind.String)
                    {
                        variants.Add(new VariantOverview(
                            variantName.GetString()!,
                            variant.TryGetProperty("CurrentInstanceCount", out var count) && count.TryGetInt32(out var c) ? c : null,
                            variant.TryGetProperty("CurrentWeight", out var weight) && weight.TryGetDouble(out var w) ? w : null));
                    }
                }
            }

            return new EndpointOverview(name, status, variants);
        }
        catch (JsonException)
        {
            return new EndpointOverview(name, "-", []);
        }
    }
}
