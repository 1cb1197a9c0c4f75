using System.Globalization;

namespace Sagebrush.Core.SageMaker;

/// <summary>
/// The one catalogue of <c>ml.*</c> instance types (<c>InstanceTypes.csv</c>, embedded): vCPUs, memory, GPUs and GPU
/// memory, accelerators, and the on-demand price of each use. Limits, quotas and the bill all read it.
/// </summary>
public static class InstanceCatalogue
{
    private const string ResourceName = "Sagebrush.InstanceTypes.csv";

    private static readonly Lazy<IReadOnlyList<InstanceTypeSpec>> Rows = new(Load);
    private static readonly Lazy<Dictionary<string, InstanceTypeSpec>> ByName =
        new(() => Rows.Value.ToDictionary(r => r.Name, StringComparer.Ordinal));

    /// <summary>Every type, in the catalogue's order.</summary>
    public static IReadOnlyList<InstanceTypeSpec> All => Rows.Value;

    /// <summary>The source and date lines at the top of the file.</summary>
    public static IReadOnlyList<string> Notes { get; } = ReadLines().Where(l => l.StartsWith('#')).Select(l => l.TrimStart('#', ' ')).ToList();

    public static InstanceTypeSpec? Find(string instanceType)
    {
        ArgumentNullException.ThrowIfNull(instanceType);
        return ByName.Value.GetValueOrDefault(instanceType);
    }

    private static List<InstanceTypeSpec> Load()
    {
        var lines = ReadLines().Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is >= 0 and var i ? i : throw new InvalidDataException($"{ResourceName} has no column '{name}'.");
        var usages = InstanceUsages.All.Select(u => (Usage: u, Column: Column(u.ColumnName()))).ToList();
        var (vcpus, memory, gpus, gpuMemory, accelerator, basis) =
            (Column("vcpus"), Column("memory_gib"), Column("gpus"), Column("gpu_memory_gib"), Column("accelerator"), Column("basis"));
        return lines.Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            var prices = usages
                .Where(u => cells[u.Column].Length > 0)
                .ToDictionary(u => u.Usage, u => decimal.Parse(cells[u.Column], NumberStyles.Number, CultureInfo.InvariantCulture));
            return new InstanceTypeSpec(
                cells[0],
                int.Parse(cells[vcpus], CultureInfo.InvariantCulture),
                double.Parse(cells[memory], CultureInfo.InvariantCulture),
                int.Parse(cells[gpus], CultureInfo.InvariantCulture),
                int.Parse(cells[gpuMemory], CultureInfo.InvariantCulture),
                cells[accelerator].Length > 0 ? cells[accelerator] : null,
                prices,
                cells[basis]);
        }).ToList();
    }

    private static IEnumerable<string> ReadLines()
    {
        using var stream = typeof(InstanceCatalogue).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in Sagebrush.Core; rebuild Sagebrush.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line.Trim());
        }

        return lines;
    }
}
