using System.Diagnostics;
using System.Globalization;
using Sagebrush.Algorithms.Neo;
using Sagebrush.Algorithms.XGBoost.Native;

namespace Sagebrush.Algorithms.Bench;

/// <summary>
/// <c>neo &lt;xgboost-model&gt; &lt;compiled dir&gt; &lt;rows.csv&gt;</c>: the same model through libxgboost (in-place
/// prediction, one thread, as the serving container) and through the Neo-compiled library, in this process: one row at
/// a time (median of rounds of 20,000 calls) and the whole file at once (median of 5), rounds alternating. Prints a
/// markdown table. Used by bench/neo-vs-xgboost.sh.
/// </summary>
internal static class NeoBench
{
    public static int Run(string modelPath, string compiledDirectory, string rowsPath)
    {
        var lines = File.ReadAllLines(rowsPath);
        var features = lines[0].Split(',').Length;
        var rows = lines.Length;
        var data = lines.SelectMany(l => l.Split(',').Select(v => v.Length == 0 ? float.NaN : float.Parse(v, CultureInfo.InvariantCulture))).ToArray();
        using var booster = Booster.Load(modelPath);
        booster.SetParam("nthread", "1");
        var objective = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(compiledDirectory, NeoCompiler.MetadataFile))).RootElement.GetProperty("objective").GetString()!;
        using var compiled = new CompiledModel(Path.Combine(compiledDirectory, NeoCompiler.LibraryFile), objective);

        var single = (Xgb: new List<double>(), Neo: new List<double>());
        var batch = (Xgb: new List<double>(), Neo: new List<double>());
        var largest = 0.0;
        for (var round = 0; round < 5; round++)
        {
            single.Xgb.Add(PerCall(i => booster.PredictDense(data.AsSpan((i % rows) * features, features), 1, features, out _)));
            single.Neo.Add(PerCall(i => compiled.Predict(data.AsSpan((i % rows) * features, features), 1, out _)));
            var watch = Stopwatch.StartNew();
            var expected = booster.PredictDense(data, rows, features, out _);
            batch.Xgb.Add(watch.Elapsed.TotalSeconds);
            watch.Restart();
            var actual = compiled.Predict(data, rows, out _);
            batch.Neo.Add(watch.Elapsed.TotalSeconds);
            largest = Math.Max(largest, expected.Zip(actual, (a, b) => Math.Abs((double)a - b)).Max());
        }

        var (xs, ns, xb, nb) = (Median(single.Xgb), Median(single.Neo), Median(batch.Xgb), Median(batch.Neo));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            | in-process, {rows:N0} rows x {features} features | libxgboost 1.7 (1 thread) | Neo-compiled (gcc -O2) | speed-up |
            |---|---|---|---|
            | one row per call (median of 5 x 20,000 calls) | {xs * 1e6:F2} µs | {ns * 1e6:F2} µs | {xs / ns:F1}x |
            | all rows in one call (median of 5) | {xb:F3} s ({rows / xb:N0} rows/s) | {nb:F3} s ({rows / nb:N0} rows/s) | {xb / nb:F1}x |
            | largest difference between the two | {largest:E2} | | |
            """));
        return 0;
    }

    private static double PerCall(Action<int> call)
    {
        const int Calls = 20_000;
        for (var i = 0; i < 1000; i++)
        {
            call(i);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Calls; i++)
        {
            call(i);
        }

        return watch.Elapsed.TotalSeconds / Calls;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
