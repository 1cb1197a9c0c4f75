using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.Common;

/// <summary>
/// Reads a training channel's files (every file, in name order) for every built-in algorithm: a channel with no files,
/// data that does not parse, or no rows fail the job naming the channel. <see cref="Read"/> and <see cref="Layout"/>
/// add what Linear Learner, K-Means and PCA share: text/csv with <c>label_size</c> label columns first (SageMaker's
/// rule: label_size defaults to 1 even for unsupervised algorithms, so K-Means and PCA data without a label needs
/// <c>text/csv;label_size=0</c>), and a channel without a ContentType read as text/csv.
/// Not supported yet: application/x-recordio-protobuf.
/// </summary>
public static class ChannelReader
{
    public static DenseDataset ReadCsv(TrainingChannelData channel, CsvLayout layout, int threads) =>
        ReadFiles(channel, MediaType.Csv, files => CsvDatasetReader.Read(files, layout, threads), data => data.Rows);

    public static SparseDataset ReadLibSvm(TrainingChannelData channel, int threads) =>
        ReadFiles(channel, MediaType.LibSvm, files => LibSvmDatasetReader.Read(files, threads), data => data.Rows);

    /// <summary>
    /// Linear Learner, K-Means and PCA: the train channel, after every channel's ContentType is checked, so a wrong one
    /// fails the job before any data is read.
    /// </summary>
    public static TrainingChannelData TrainChannel(TrainingContext context, bool labelRequired)
    {
        ArgumentNullException.ThrowIfNull(context);
        var train = context.Channels.GetValueOrDefault("train") ?? throw AlgorithmException.Channel("train", "is required.");
        foreach (var channel in context.Channels.Values)
        {
            Layout(channel, labelRequired);
        }

        return train;
    }

    /// <summary>
    /// Linear Learner, K-Means and PCA: the channel's CSV, its feature count checked against feature_dim, with every
    /// feature present (none of the three takes missing values).
    /// </summary>
    public static DenseDataset Read(TrainingChannelData channel, string algorithm, bool labelRequired, int? featureDim, int threads)
    {
        var layout = Layout(channel, labelRequired);
        var data = ReadCsv(channel, layout, threads);
        if (featureDim is { } expected && data.Columns != expected)
        {
            throw AlgorithmException.HyperParameter("feature_dim", $"is {expected} but channel '{channel.Name}' has {data.Columns} feature column(s){(layout.LabelFirst ? " after the label" : "")}.");
        }

        if (float.IsNaN(System.Numerics.Tensors.TensorPrimitives.Sum(data.Features)))
        {
            throw AlgorithmException.Channel(channel.Name, $"has a missing (empty) feature value; {algorithm} needs every value.");
        }

        return data;
    }

    /// <summary>Checks a channel's ContentType without reading it, so a wrong one fails the job before any data is read.</summary>
    public static CsvLayout Layout(TrainingChannelData channel, bool labelRequired)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var contentType = channel.ContentType;
        var mediaType = MediaType.Essence(contentType);
        if (mediaType is null)
        {
            return CsvLayout.Training;
        }

        if (mediaType != MediaType.Csv)
        {
            throw AlgorithmException.Channel(channel.Name, $"has ContentType '{contentType}'; Sagebrush supports text/csv for this algorithm (application/x-recordio-protobuf is not supported yet).");
        }

        var labelSize = MediaType.Parameter(contentType, "label_size") switch
        {
            null or "1" => 1,
            "0" => 0,
            _ => throw AlgorithmException.Channel(channel.Name, $"has ContentType '{contentType}'; label_size must be 0 or 1."),
        };

        if (labelRequired && labelSize != 1)
        {
            throw AlgorithmException.Channel(channel.Name, $"has ContentType '{contentType}'; this algorithm needs the label in the first column (label_size=1).");
        }

        return new CsvLayout(LabelFirst: labelSize == 1);
    }

    private static T ReadFiles<T>(TrainingChannelData channel, string format, Func<IReadOnlyList<string>, T> read, Func<T, int> rows)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var files = channel.Files;
        if (files.Count == 0)
        {
            throw AlgorithmException.Channel(channel.Name, $"has no data files in {channel.Directory}.");
        }

        T data;
        try
        {
            data = read(files);
        }
        catch (InvalidDataException exception)
        {
            throw AlgorithmException.Channel(channel.Name, $"could not be read as {format}: {exception.Message}");
        }

        return rows(data) > 0 ? data : throw AlgorithmException.Channel(channel.Name, $"has no rows of {format} data.");
    }
}
