using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.Common;

/// <summary>
/// Reads a Linear Learner, K-Means or PCA channel: text/csv with <c>label_size</c> label columns first (SageMaker's
/// rule: label_size defaults to 1 even for unsupervised algorithms, so K-Means and PCA data without a label needs
/// <c>text/csv;label_size=0</c>). A channel without a ContentType is read as text/csv. RecordIO-protobuf is not
/// supported yet.
/// </summary>
public static class ChannelReader
{
    public static DenseDataset Read(TrainingChannelData channel, bool labelRequired, int? featureDim)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var layout = Layout(channel, labelRequired);
        var files = channel.Files;
        if (files.Count == 0)
        {
            throw AlgorithmException.Channel(channel.Name, "has no data files.");
        }

        DenseDataset data;
        try
        {
            data = CsvDatasetReader.Read(files, layout);
        }
        catch (InvalidDataException e)
        {
            throw AlgorithmException.Channel(channel.Name, $"has data that is not valid text/csv: {e.Message}");
        }

        if (data.Rows == 0)
        {
            throw AlgorithmException.Channel(channel.Name, "has no rows.");
        }

        if (featureDim is { } expected && data.Columns != expected)
        {
            throw AlgorithmException.HyperParameter("feature_dim", $"is {expected} but channel '{channel.Name}' has {data.Columns} feature column(s){(layout.LabelFirst ? " after the label" : "")}.");
        }

        return data;
    }

    /// <summary>Checks a channel's ContentType without reading it, so a wrong one fails the job before any data is read.</summary>
    public static CsvLayout Layout(TrainingChannelData channel, bool labelRequired)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var contentType = channel.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return CsvLayout.Training;
        }

        var parts = contentType.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !parts[0].Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            throw AlgorithmException.Channel(channel.Name, $"has ContentType '{contentType}'; Sagebrush supports text/csv for this algorithm (application/x-recordio-protobuf is not supported yet).");
        }

        var labelSize = 1;
        foreach (var parameter in parts.Skip(1))
        {
            var pair = parameter.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair[0].Equals("label_size", StringComparison.OrdinalIgnoreCase))
            {
                if (pair.Length != 2 || !int.TryParse(pair[1], System.Globalization.CultureInfo.InvariantCulture, out labelSize) || labelSize is < 0 or > 1)
                {
                    throw AlgorithmException.Channel(channel.Name, $"has ContentType '{contentType}'; label_size must be 0 or 1.");
                }
            }
        }

        if (labelRequired && labelSize != 1)
        {
            throw AlgorithmException.Channel(channel.Name, $"has ContentType '{contentType}'; this algorithm needs the label in the first column (label_size=1).");
        }

        return new CsvLayout(LabelFirst: labelSize == 1);
    }
}
