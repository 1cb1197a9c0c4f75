namespace Sagebrush.Algorithms.Data;

/// <summary>
/// Reads headerless numeric CSV (SageMaker's text/csv for training: label first when <see cref="CsvLayout.LabelFirst"/>)
/// straight from UTF-8 bytes into floats, in two passes that never hold the text: the first counts rows and cuts each
/// file into chunks of whole lines (<see cref="CsvChunkIndex"/>); the second parses the chunks on every core at once
/// (<see cref="ParallelChunkReader"/>), each straight into its own rows of the final arrays, which are allocated once
/// at their exact size (<see cref="CsvRowWriter"/>). So a 1 GB file costs its floats plus a few megabytes of text per
/// thread. An empty field is a missing value (NaN). Every row must have the same number of columns. A problem is
/// reported for the first bad line in file order, with its file and line number, as a sequential reader would.
/// </summary>
public static class CsvDatasetReader
{
    /// <summary>Bytes of text per chunk: large enough to read efficiently, small enough to spread over threads.</summary>
    internal const int ChunkSize = 4 << 20;

    /// <summary>Reads the files in order as one dataset, parsing on <paramref name="threads"/> threads (0: every processor).</summary>
    public static DenseDataset Read(IReadOnlyList<string> files, CsvLayout layout, int threads = 0) =>
        Read(files, layout, threads, ChunkSize);

    internal static DenseDataset Read(IReadOnlyList<string> files, CsvLayout layout, int threads, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(files);
        var index = new CsvChunkIndex();
        index.AddFiles(files, chunkSize);
        var (dataset, writer) = Allocate(index, layout, files.Count > 0 ? files[0] : "");
        ParallelChunkReader.Run(index, files, threads, (_, chunk, text, source) => writer.WriteLines(text, source, chunk.FirstLine, chunk.FirstRow));
        return dataset;
    }

    /// <summary>Parses a request body (inference: no label unless the layout says so).</summary>
    public static DenseDataset Parse(ReadOnlySpan<byte> utf8, CsvLayout layout)
    {
        const string source = "request body";
        var index = new CsvChunkIndex();
        index.AddText(utf8);
        var (dataset, writer) = Allocate(index, layout, source);
        writer.WriteLines(utf8, source, firstLine: 1, firstRow: 0);
        return dataset;
    }

    private static (DenseDataset Dataset, CsvRowWriter Writer) Allocate(CsvChunkIndex index, CsvLayout layout, string source)
    {
        var rows = index.Rows;
        var columns = Math.Max(index.FirstRowFields - layout.Leading, 0);
        if (rows > Array.MaxLength || rows * columns > Array.MaxLength)
        {
            throw new InvalidDataException($"{source}: {rows} rows of {columns} features are more than one array holds ({Array.MaxLength} values).");
        }

        // Every element is written before the dataset is returned, so the arrays need not be zeroed first.
        var features = GC.AllocateUninitializedArray<float>((int)(rows * columns));
        var labels = layout.LabelFirst ? GC.AllocateUninitializedArray<float>((int)rows) : null;
        var weights = layout.WeightSecond ? GC.AllocateUninitializedArray<float>((int)rows) : null;
        return (new DenseDataset(features, labels, (int)rows, rows == 0 ? 0 : columns, weights), new CsvRowWriter(layout, columns, features, labels, weights));
    }
}
