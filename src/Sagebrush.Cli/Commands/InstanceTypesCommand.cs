using System.CommandLine;
using System.Globalization;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Cli.Commands;

/// <summary><c>sagebrush instance-types [--use training|hosting|processing|transform|notebook]</c>: the instance catalogue.</summary>
internal static class InstanceTypesCommand
{
    public static Command Create()
    {
        var use = new Option<string?>("--use")
        {
            Description = "Only the types offered for one use: training, hosting, processing, transform or notebook.",
        };
        var command = new Command("instance-types", "List the ml.* instance types: vCPUs, memory, GPUs, and SageMaker's on-demand price per hour for each use (us-east-1).")
        {
            use,
        };
        command.SetAction(parse => Run(parse.GetValue(use), Console.Out, Console.Error));
        return command;
    }

    public static int Run(string? use, TextWriter output, TextWriter errors)
    {
        InstanceUsage? only = null;
        if (use is not null)
        {
            if (!Enum.TryParse<InstanceUsage>(use, ignoreCase: true, out var parsed))
            {
                errors.WriteLine($"sagebrush instance-types: --use must be one of {string.Join(", ", InstanceUsages.All.Select(u => u.ColumnName()))}, not '{use}'.");
                return 2;
            }

            only = parsed;
        }

        foreach (var note in InstanceCatalogue.Notes)
        {
            output.WriteLine("# " + note);
        }

        var columns = InstanceUsages.All.Select(u => u.ColumnName().ToUpperInvariant());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"TYPE",-18} {"VCPU",4} {"MEM GIB",8} {"GPU",3} {"GPU GIB",7}  {string.Join(" ", columns.Select(c => $"{c,10}"))}  ACCELERATOR"));
        foreach (var type in InstanceCatalogue.All.Where(t => only is null || t.OffersFor(only.Value)))
        {
            var prices = InstanceUsages.All.Select(u => type.HourlyPrice(u) is { } p ? p.ToString("0.0000", CultureInfo.InvariantCulture) : "-");
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{type.Name,-18} {type.VCpus,4} {type.MemoryGiB,8:0.###} {type.Gpus,3} {type.GpuMemoryGiB,7}  {string.Join(" ", prices.Select(p => $"{p,10}"))}  {type.Accelerator}"));
        }

        return 0;
    }
}
