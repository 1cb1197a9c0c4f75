using System.Diagnostics;
using System.Text.Json;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.Bench;

/// <summary>
/// <c>parse &lt;csv|libsvm&gt; &lt;repeats&gt; &lt;file&gt;...</c>: reads the files with Sagebrush's own dataset reader
/// <paramref name="repeats"/> times and prints one JSON object with each read's seconds and MB/s (wall clock and
/// CPU time, which a loaded machine does not change as much), the shape read, and
/// the process's peak working set (the reader's buffers and the final arrays together).
/// </summary>
internal static class ParseBench
{
    public static int Run(string format, int repeats, IReadOnlyList<string> files)
    {
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var seconds = new List<double>();
        var cpuSeconds = new List<double>();
        using var process = Process.GetCurrentProcess();
        var (rows, columns) = (0, 0);
        for (var i = 0; i < repeats; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            (rows, columns) = format == "libsvm" ? Shape(LibSvmDatasetReader.Read(files)) : Shape(CsvDatasetReader.Read(files, CsvLayout.Training));
            seconds.Add(watch.Elapsed.TotalSeconds);
            process.Refresh();
            cpuSeconds.Add((process.TotalProcessorTime - cpu).TotalSeconds);
            GC.Collect();
        }

        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["format"] = format,
            ["mb"] = bytes / 1e6,
            ["rows"] = rows,
            ["columns"] = columns,
            ["seconds"] = seconds,
            ["mb_per_second"] = seconds.Select(s => Math.Round(bytes / 1e6 / s, 1)).ToList(),
            ["cpu_seconds"] = cpuSeconds,
            ["mb_per_cpu_second"] = cpuSeconds.Select(s => Math.Round(bytes / 1e6 / s, 1)).ToList(),
            ["processors"] = Environment.ProcessorCount,
            ["peak_working_set_mb"] = Math.Round(process.PeakWorkingSet64 / 1e6),
        }));
        return 0;
    }

    private static (int Rows, int Columns) Shape(DenseDataset data) => (data.Rows, data.Columns);

    private static (int Rows, int Columns) Shape(SparseDataset data) => (data.Rows, data.Columns);
}
