using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;
using Sagebrush.Algorithms.XGBoost.Native;

namespace Sagebrush.Algorithms.XGBoost;

/// <summary>
/// A channel read into an XGBoost <see cref="DMatrix"/>: text/csv (label first, then the weight with csv_weights=1,
/// no header) or text/libsvm, SageMaker's default when the channel has no ContentType. Every file in the channel
/// is read, in name order. Not supported yet: application/x-recordio-protobuf and application/x-parquet.
/// </summary>
internal static class XGBoostData
{
    public const string Csv = "text/csv";
    public const string LibSvm = "text/libsvm";

    /// <summary>The channel's format: <see cref="Csv"/> or <see cref="LibSvm"/>.</summary>
    public static string FormatOf(TrainingChannelData channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (string.IsNullOrWhiteSpace(channel.ContentType))
        {
            return LibSvm;
        }

        var parts = channel.ContentType.Split(';', StringSplitOptions.TrimEntries);
        var mediaType = parts[0].ToLowerInvariant();
        foreach (var parameter in parts.Skip(1))
        {
            if (parameter.StartsWith("label_size=", StringComparison.OrdinalIgnoreCase) && parameter != "label_size=1")
            {
                throw AlgorithmException.Channel(channel.Name, $"has ContentType '{channel.ContentType}': only label_size=1 is supported.");
            }
        }

        return mediaType switch
        {
            "text/csv" or "csv" => Csv,
            "text/libsvm" or "libsvm" or "text/x-libsvm" => LibSvm,
            _ => throw AlgorithmException.Channel(channel.Name,
                $"has ContentType '{channel.ContentType}', which Sagebrush's XGBoost does not read; use text/csv or text/libsvm."),
        };
    }

    public static DMatrix Load(TrainingChannelData channel, bool csvWeights, int threads, IAlgorithmLog log)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(log);
        var format = FormatOf(channel);
        var files = channel.Files;
        if (files.Count == 0)
        {
            throw AlgorithmException.Channel(channel.Name, $"has no data files in {channel.Directory}.");
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var bytes = files.Sum(f => new FileInfo(f).Length);
        DMatrix matrix;
        try
        {
            matrix = format == Csv
                ? DMatrix.FromDense(CsvDatasetReader.Read(files, new CsvLayout(LabelFirst: true, WeightSecond: csvWeights)), threads)
                : DMatrix.FromSparse(LibSvmDatasetReader.Read(files));
        }
        catch (InvalidDataException exception)
        {
            throw AlgorithmException.Channel(channel.Name, $"could not be read as {format}: {exception.Message}");
        }

        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (matrix.Rows == 0)
        {
            matrix.Dispose();
            throw AlgorithmException.Channel(channel.Name, $"has no rows of {format} data.");
        }

        log.Info(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{Capitalized(channel.Name)} matrix has {matrix.Rows} rows and {matrix.Columns} columns ({files.Count} {format} file(s), {bytes / 1e6:F1} MB read in {seconds:F2} s, {bytes / 1e6 / Math.Max(seconds, 1e-9):F0} MB/s)"));
        return matrix;
    }

    private static string Capitalized(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}
