using System.Globalization;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Account.Quotas;

/// <summary>
/// SageMaker's quotas as Service Quotas lists them (<c>SageMakerQuotas.csv</c>, embedded: code, name, AWS's default),
/// each read for what it limits. The per-type quotas of every use and the account-wide and per-resource instance
/// counts are enforced; the others (Studio apps, HyperPod, Canvas, ...) are listed and can be raised, nothing more.
/// </summary>
public static class QuotaCatalogue
{
    public const string ServiceCode = "sagemaker";
    public const string ServiceName = "Amazon SageMaker";

    private const string ResourceName = "Sagebrush.SageMakerQuotas.csv";

    // The account-wide and per-resource instance counts, by their names in Service Quotas.
    private static readonly Dictionary<string, InstanceQuotaScope> CountScopes = new(StringComparer.Ordinal)
    {
        ["Number of instances across all training jobs"] = new(InstanceUsage.Training, null, false),
        ["Number of instances across active endpoints"] = new(InstanceUsage.Hosting, null, false),
        ["Number of instances across all processing jobs"] = new(InstanceUsage.Processing, null, false),
        ["Number of instances across all transform jobs"] = new(InstanceUsage.Transform, null, false),
        ["Total number of notebook instances"] = new(InstanceUsage.Notebook, null, false),
        ["Maximum number of instances per training job"] = new(InstanceUsage.Training, null, true),
        ["Maximum number of instances per endpoint"] = new(InstanceUsage.Hosting, null, true),
    };

    private static readonly Lazy<IReadOnlyList<QuotaDefinition>> Rows = new(Load);
    private static readonly Lazy<Dictionary<string, QuotaDefinition>> ByCode = new(() => Rows.Value.ToDictionary(q => q.Code, StringComparer.Ordinal));

    /// <summary>Every quota, ordered by name.</summary>
    public static IReadOnlyList<QuotaDefinition> All => Rows.Value;

    public static QuotaDefinition? Find(string code) => ByCode.Value.GetValueOrDefault(code);

    /// <summary>The quotas a claim of <paramref name="instanceType"/> for <paramref name="usage"/> is checked against: per resource, per type, then across the account.</summary>
    public static IReadOnlyList<QuotaDefinition> Limiting(InstanceUsage usage, string instanceType) =>
        Rows.Value
            .Where(q => q.Scope is { } scope && scope.Usage == usage && (scope.InstanceType is null || scope.InstanceType == instanceType))
            .OrderBy(q => q.Scope!.PerResource ? 0 : q.Scope.InstanceType is not null ? 1 : 2)
            .ToList();

    private static List<QuotaDefinition> Load()
    {
        using var stream = typeof(QuotaCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in Sagebrush.Core; rebuild Sagebrush.");
        using var reader = new StreamReader(stream);
        var quotas = new List<QuotaDefinition>();
        var header = true;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            var cells = line.Split(',');
            if (cells.Length != 3)
            {
                throw new InvalidDataException($"{ResourceName}: '{line}' is not code,name,default.");
            }

            quotas.Add(new QuotaDefinition(cells[0], cells[1], double.Parse(cells[2], CultureInfo.InvariantCulture)) { Scope = ScopeOf(cells[1]) });
        }

        return quotas;
    }

    private static InstanceQuotaScope? ScopeOf(string name)
    {
        if (CountScopes.TryGetValue(name, out var count))
        {
            return count;
        }

        foreach (var usage in InstanceUsages.All)
        {
            var suffix = " for " + usage.QuotaSuffix();
            if (name.StartsWith("ml.", StringComparison.Ordinal) && name.EndsWith(suffix, StringComparison.Ordinal))
            {
                return new InstanceQuotaScope(usage, name[..^suffix.Length], false);
            }
        }

        return null;
    }
}
