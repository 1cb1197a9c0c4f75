using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Training;
using Sagebrush.Algorithms.XGBoost;
using Sagebrush.Algorithms.XGBoost.Native;

namespace Sagebrush.Algorithms.Neo;

/// <summary>
/// <c>xgboost-neo compile</c>, a compilation job's one host: reads the XGBoost model in the <c>model</c> channel,
/// writes its trees as C (<see cref="CSourceGenerator"/>), compiles them with gcc into <c>model.so</c> for the target
/// CPU, then checks the library against libxgboost on seeded rows, in a batch and one by one (every prediction within
/// 1e-6), before it writes
/// the artifact: model.so, model.c, the original model and <c>neo.json</c> (what was compiled, how, and the check).
/// A model it cannot compile is a ClientError in output/failure, as a training job's would be.
/// </summary>
public static class NeoCompiler
{
    public const string LibraryFile = "model.so";
    public const string SourceFile = "model.c";
    public const string MetadataFile = "neo.json";
    public const double Tolerance = 1e-6;

    private const int CheckRows = 2000;
    private const int SingleRowChecks = 200;

    public static int Run(TrainingPaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        try
        {
            var watch = Stopwatch.StartNew();
            var modelFile = XGBoostAlgorithm.FindModelFile(paths.Channel("model"));
            using var booster = LoadBooster(modelFile);
            var ensemble = Parse(booster);
            CheckInputShape(ensemble);
            var baseMargins = BaseMargins(booster, ensemble);
            Directory.CreateDirectory(paths.Model);
            var source = CSourceGenerator.Generate(ensemble, baseMargins);
            var sourcePath = Path.Combine(paths.Model, SourceFile);
            File.WriteAllText(sourcePath, source);
            var target = Environment.GetEnvironmentVariable("SAGEBRUSH_NEO_TUNE") is { Length: > 0 } tune ? tune : "generic";
            var libraryPath = Path.Combine(paths.Model, LibraryFile);
            var compiler = Compile(sourcePath, libraryPath, target);
            var difference = Check(booster, ensemble, libraryPath);
            File.Copy(modelFile, Path.Combine(paths.Model, "xgboost-model"), overwrite: true);
            WriteMetadata(paths.Model, ensemble, target, compiler, difference, source, libraryPath);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Compiled {ensemble.Trees.Count} trees ({ensemble.Objective}, {ensemble.Features} features) for {target} in {watch.Elapsed.TotalSeconds:F1} s; largest difference from libxgboost on {CheckRows} rows: {difference:E2}."));
            return 0;
        }
        catch (Exception exception) when (exception is AlgorithmException or InvalidDataException or JsonException or XGBoostException or IOException)
        {
            var message = exception.Message.StartsWith("ClientError", StringComparison.Ordinal) ? exception.Message : "ClientError: " + exception.Message;
            return TrainCommand.Fail(paths, message, TrainCommand.ClientErrorExit);
        }
    }

    private static Booster LoadBooster(string path)
    {
        try
        {
            return Booster.Load(path);
        }
        catch (XGBoostException exception)
        {
            throw new InvalidDataException($"The model in the archive is not an XGBoost model XGBoost 1.7 can load: {exception.Message}");
        }
    }

    private static TreeEnsemble Parse(Booster booster)
    {
        var ensemble = TreeEnsemble.Parse(booster.ModelJson());
        return ObjectiveTransform.IsSupported(ensemble.Objective)
            ? ensemble
            : throw new InvalidDataException($"The objective '{ensemble.Objective}' is not one the compiler answers like XGBoost.");
    }

    /// <summary>DataInputConfig names the input's shape: <c>{"data": [1, 28]}</c>; the model must take that many features.</summary>
    private static void CheckInputShape(TreeEnsemble ensemble)
    {
        var config = Environment.GetEnvironmentVariable("SAGEBRUSH_NEO_DATA_INPUT");
        if (string.IsNullOrEmpty(config))
        {
            return;
        }

        using var document = JsonDocument.Parse(config);
        foreach (var input in document.RootElement.EnumerateObject())
        {
            if (input.Value.ValueKind == JsonValueKind.Array && input.Value.GetArrayLength() > 0
                && input.Value[input.Value.GetArrayLength() - 1].TryGetInt32(out var columns) && columns != ensemble.Features)
            {
                throw new InvalidDataException($"DataInputConfig gives '{input.Name}' {columns} features, but the model was trained on {ensemble.Features}.");
            }
        }
    }

    /// <summary>
    /// The base margin of each output, as libxgboost applies it (base_score through the objective's link): its margin
    /// for a row of missing values minus what the trees add to that row, so every objective's rule is XGBoost's own.
    /// </summary>
    private static float[] BaseMargins(Booster booster, TreeEnsemble ensemble)
    {
        var row = new float[ensemble.Features];
        row.AsSpan().Fill(float.NaN);
        var margins = booster.PredictDense(row, 1, ensemble.Features, out _, margin: true);
        var trees = ensemble.TreeSums(row);
        return Enumerable.Range(0, ensemble.Groups).Select(g => margins[g] - trees[g]).ToArray();
    }

    private static string Compile(string source, string library, string target)
    {
        var arguments = new[] { "-O2", "-fPIC", "-shared", "-fno-fast-math", $"-mtune={target}", "-o", library, source, "-lm" };
        var start = new ProcessStartInfo("/usr/bin/gcc") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var gcc = Process.Start(start) ?? throw new IOException("gcc could not be started.");
        var errors = gcc.StandardError.ReadToEndAsync();
        gcc.StandardOutput.ReadToEnd();
        gcc.WaitForExit();
        if (gcc.ExitCode != 0)
        {
            throw new IOException($"gcc failed ({gcc.ExitCode}): {errors.Result.Trim()}");
        }

        return "gcc " + string.Join(' ', arguments.Select(a => a == library ? LibraryFile : a == source ? SourceFile : a));
    }

    /// <summary>The largest difference between the library's predictions and libxgboost's on seeded rows (10% missing values), or a failure beyond the tolerance.</summary>
    private static double Check(Booster booster, TreeEnsemble ensemble, string library)
    {
        var random = new Random(20261203);
        var rows = new float[CheckRows * ensemble.Features];
        var thresholds = ensemble.Trees.SelectMany(t => Enumerable.Range(0, t.Left.Length).Where(n => !t.IsLeaf(n)).Select(n => (t.Feature[n], t.Condition[n]))).ToLookup(p => p.Item1, p => p.Item2);
        for (var i = 0; i < rows.Length; i++)
        {
            var feature = i % ensemble.Features;
            var near = thresholds[feature].ToList();
            rows[i] = random.NextDouble() < 0.1 ? float.NaN
                : near.Count > 0 && random.NextDouble() < 0.5 ? near[random.Next(near.Count)] // exactly on a threshold: the < edge
                : near.Count > 0 ? near[random.Next(near.Count)] + (float)(random.NextDouble() - 0.5)
                : (float)random.NextDouble();
        }

        var expected = booster.PredictDense(rows, CheckRows, ensemble.Features, out _);
        using var compiled = new CompiledModel(library, ensemble.Objective);
        var actual = compiled.Predict(rows, CheckRows, out _);
        if (actual.Length != expected.Length)
        {
            throw new InvalidDataException($"The compiled model answers {actual.Length} values for {CheckRows} rows where XGBoost answers {expected.Length}.");
        }

        var largest = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            largest = Math.Max(largest, Math.Abs((double)expected[i] - actual[i]));
        }

        // A few rows at a time take the other path of the compiled code (each row walks the branches): check it too.
        var perRow = expected.Length / CheckRows;
        for (var row = 0; row < SingleRowChecks; row++)
        {
            var one = compiled.Predict(rows.AsSpan(row * ensemble.Features, ensemble.Features), 1, out _);
            for (var j = 0; j < perRow; j++)
            {
                largest = Math.Max(largest, Math.Abs((double)expected[row * perRow + j] - one[j]));
            }
        }

        return largest <= Tolerance
            ? largest
            : throw new InvalidDataException($"The compiled model differs from XGBoost by {largest:E2} (more than {Tolerance:E0}); it was not written.");
    }

    private static void WriteMetadata(string directory, TreeEnsemble ensemble, string target, string compiler, double difference, string source, string library)
    {
        var metadata = new Dictionary<string, object>
        {
            ["framework"] = "XGBOOST",
            ["objective"] = ensemble.Objective,
            ["features"] = ensemble.Features,
            ["groups"] = ensemble.Groups,
            ["trees"] = ensemble.Trees.Count,
            ["tune"] = target,
            ["compiler"] = compiler,
            ["checkedRows"] = CheckRows,
            ["largestDifference"] = difference,
            ["sourceSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source))),
            ["librarySha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(library))),
        };
        File.WriteAllText(Path.Combine(directory, MetadataFile), JsonSerializer.Serialize(metadata, NeoJsonContext.Default.DictionaryStringObject));
    }
}
