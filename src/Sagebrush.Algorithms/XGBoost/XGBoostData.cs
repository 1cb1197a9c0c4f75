using System.Diagnostics;
using System.Globalization;
using Sagebrush.Algorithms.Common;
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
    /// <summary>The channel's format: <see cref="MediaType.Csv"/> or <see cref="MediaType.LibSvm"/>.</summary>
    public static string FormatOf(TrainingChannelData channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (MediaType.Essence(channel.ContentType) is not { } mediaType)
        {
            return MediaType.LibSvm;
        }

        if (MediaType.Parameter(channel.ContentType, "label_size") is { } labelSize && labelSize != "1")
        {
            throw AlgorithmException.Channel(channel.Name, $"has ContentType '{channel.ContentType}': only label_size=1 is supported.");
        }

        return mediaType switch
        {
            MediaType.Csv or "csv" => MediaType.Csv,
            MediaType.LibSvm or "libsvm" or "text/x-libsvm" => MediaType.LibSvm,
            _ => throw AlgorithmException.Channel(channel.Name,
                $"has ContentType '{channel.ContentType}', which Sagebrush's XGBoost does not read; use text/csv or text/libsvm."),
        };
    }

    public static DMatrix Load(TrainingChannelData channel, bool csvWeights, int threads, IAlgorithmLog log)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(log);
        var format = FormatOf(channel);
        var started = Stopwatch.GetTimestamp();
        var matrix = format == MediaType.Csv
            ? DMatrix.FromDense(ChannelReader.ReadCsv(channel, new CsvLayout(LabelFirst: true, WeightSecond: csvWeights), threads), threads)
            : DMatrix.FromSparse(ChannelReader.ReadLibSvm(channel, threads));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var files = channel.Files;
        var bytes = files.Sum(Length);
        log.Info(string.Create(CultureInfo.InvariantCulture,
            $"{Capitalized(channel.Name)} matrix has {matrix.Rows} rows and {matrix.Columns} columns ({files.Count} {format} file(s), {bytes / 1e6:F1} MB read in {seconds:F2} s, {bytes / 1e6 / Math.Max(seconds, 1e-9):F0} MB/s)"));
        return matrix;
    }

    // The file's own length, through any symbolic link (a FileInfo of a link is the link's).
    private static long Length(string file)
    {
        using var handle = File.OpenHandle(file);
        return RandomAccess.GetLength(handle);
    }

    private static string Capitalized(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}
