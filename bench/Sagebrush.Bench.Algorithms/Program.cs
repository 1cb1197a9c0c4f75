// Times one built-in algorithm's Train on prepared channel directories, in-process (no server, no job launcher):
//
//   Sagebrush.Bench.Algorithms <algorithm> <hyperparameters.json> <model dir> <channel>=<dir>[;<content type>] ...
//
// Prints one JSON object: the seconds a plain CSV read of the train channel takes (parse rate), the seconds Train takes
// (its own CSV read included), and the lines the algorithm logged. The model is left in <model dir> for the caller to
// score. Used by bench/builtin-vs-sklearn.sh.
//
//   Sagebrush.Bench.Algorithms parse <csv|libsvm> <repeats> <file>...
//
// Times Sagebrush's dataset readers alone (ParseBench). Used by bench/csv-parse.sh.
//
//   Sagebrush.Bench.Algorithms neo <xgboost-model> <compiled dir> <rows.csv>
//
// Times libxgboost against the Neo-compiled model in-process (NeoBench). Used by bench/neo-vs-xgboost.sh.
using System.Diagnostics;
using System.Text.Json;
using Sagebrush.Algorithms;
using Sagebrush.Algorithms.Bench;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;

if (args.Length == 4 && args[0] == "neo")
{
    return NeoBench.Run(args[1], args[2], args[3]);
}

if (args.Length >= 4 && args[0] == "parse")
{
    return ParseBench.Run(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), args[3..]);
}

if (args.Length < 4 || !AlgorithmRegistry.TryCreate(args[0], out var algorithm))
{
    Console.Error.WriteLine("usage: Sagebrush.Bench.Algorithms <algorithm> <hyperparameters.json> <model dir> <channel>=<dir>[;<content type>] ...");
    return 2;
}

var hyperParameters = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(args[1]))!;
var channels = new Dictionary<string, TrainingChannelData>(StringComparer.Ordinal);
foreach (var spec in args.Skip(3))
{
    var (name, rest) = (spec[..spec.IndexOf('=', StringComparison.Ordinal)], spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..]);
    var parts = rest.Split(';', 2);
    channels[name] = new TrainingChannelData(name, parts[0], parts.Length > 1 ? parts[1] : "text/csv");
}

var train = channels["train"];
var labelled = !(train.ContentType ?? "").Contains("label_size=0", StringComparison.Ordinal);
var watch = Stopwatch.StartNew();
var data = CsvDatasetReader.Read(train.Files, labelled ? CsvLayout.Training : CsvLayout.Inference, Environment.ProcessorCount);
var readSeconds = watch.Elapsed.TotalSeconds;
var bytes = train.Files.Sum(f => new FileInfo(f).Length);
data = null;
GC.Collect();

var log = new LineLog();
watch.Restart();
algorithm.Train(new TrainingContext(hyperParameters, channels, args[2], Path.Combine(args[2], "output"), Environment.ProcessorCount, log));
var trainSeconds = watch.Elapsed.TotalSeconds;
Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["read_seconds"] = readSeconds,
    ["read_mb_per_second"] = bytes / 1e6 / readSeconds,
    ["train_seconds"] = trainSeconds,
    ["peak_working_set_mb"] = Process.GetCurrentProcess().PeakWorkingSet64 / 1e6,
    ["log"] = log.Lines,
}));
return 0;
