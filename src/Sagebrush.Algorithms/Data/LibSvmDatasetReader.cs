namespace Sagebrush.Algorithms.Data;

/// <summary>
/// Reads libsvm text (<c>label[:weight] index:value index:value ...</c>, one row per line, indices zero-based as
/// XGBoost reads them) straight from UTF-8 bytes into a <see cref="SparseDataset"/>, in the same two passes as
/// <see cref="CsvDatasetReader"/>: a counting pass (<see cref="LibSvmChunkIndex"/>) sizes the CSR arrays and gives each
/// chunk of lines its place in them, then every core parses chunks into them at once (<see cref="LibSvmRowWriter"/>).
/// The text is never held whole. Files are read in the order given and concatenated.
/// </summary>
public static class LibSvmDatasetReader
{
    /// <summary>Reads the files in order as one dataset, parsing on <paramref name="threads"/> threads (0: every processor).</summary>
    public static SparseDataset Read(IReadOnlyList<string> files, int threads = 0) => Read(files, threads, CsvDatasetReader.ChunkSize);

    internal static SparseDataset Read(IReadOnlyList<string> files, int threads, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(files);
        var index = new LibSvmChunkIndex(labelled: true);
        index.AddFiles(files, chunkSize);
        var (arrays, writer) = Allocate(index, files.Count > 0 ? files[0] : "");
        var written = new (long Entries, long MaxIndex)[index.Chunks.Count];
        ParallelChunkReader.Run(index, files, threads, (i, chunk, text, source) =>
            written[i] = writer.WriteLines(text, source, chunk.FirstLine, chunk.FirstRow, chunk.FirstEntry));
        return Finish(index, arrays, written);
    }

    /// <summary>Parses a request body: a token without a colon (a label, if the client sent one) is ignored.</summary>
    public static SparseDataset Parse(ReadOnlySpan<byte> utf8)
    {
        const string source = "request body";
        var index = new LibSvmChunkIndex(labelled: false);
        index.AddText(utf8);
        var (arrays, writer) = Allocate(index, source);
        var written = index.Chunks.Count == 0 ? [] : new[] { writer.WriteLines(utf8, source, firstLine: 1, firstRow: 0, firstEntry: 0) };
        return Finish(index, arrays, written);
    }

    private static (SparseDataset Arrays, LibSvmRowWriter Writer) Allocate(LibSvmChunkIndex index, string source)
    {
        if (index.Rows >= Array.MaxLength || index.Entries > Array.MaxLength)
        {
            throw new InvalidDataException($"{source}: {index.Rows} rows with {index.Entries} entries are more than one array holds ({Array.MaxLength} values).");
        }

        // Every element that is kept is written, so the arrays need not be zeroed first.
        var rows = (int)index.Rows;
        var entries = (int)index.Entries;
        var weighted = index.FirstRowWeighted == true;
        var arrays = new SparseDataset(
            GC.AllocateUninitializedArray<long>(rows + 1),
            GC.AllocateUninitializedArray<uint>(entries),
            GC.AllocateUninitializedArray<float>(entries),
            index.Labelled ? GC.AllocateUninitializedArray<float>(rows) : null,
            columns: 0,
            weighted ? GC.AllocateUninitializedArray<float>(rows) : null);
        return (arrays, new LibSvmRowWriter(index.Labelled, weighted, arrays.RowStarts, arrays.Indices, arrays.Values, arrays.Labels, arrays.Weights));
    }

    // Where the count was an upper bound (qid: tokens), chunks' entries are moved down to close the gaps, in place,
    // and the arrays trimmed; otherwise the arrays are already exact.
    private static SparseDataset Finish(LibSvmChunkIndex index, SparseDataset arrays, (long Entries, long MaxIndex)[] written)
    {
        var (rowStarts, indices, values) = (arrays.RowStarts, arrays.Indices, arrays.Values);
        long total = 0;
        for (var i = 0; i < written.Length; i++)
        {
            var chunk = index.Chunks[i];
            var gap = chunk.FirstEntry - total;
            if (gap > 0)
            {
                Array.Copy(indices, chunk.FirstEntry, indices, total, written[i].Entries);
                Array.Copy(values, chunk.FirstEntry, values, total, written[i].Entries);
                var lastRow = i + 1 < written.Length ? index.Chunks[i + 1].FirstRow : index.Rows;
                for (var row = chunk.FirstRow; row < lastRow; row++)
                {
                    rowStarts[row] -= gap;
                }
            }

            total += written[i].Entries;
        }

        rowStarts[^1] = total;
        if (total < indices.Length)
        {
            Array.Resize(ref indices, (int)total);
            Array.Resize(ref values, (int)total);
        }

        var maxIndex = written.Length == 0 ? -1 : written.Max(w => w.MaxIndex);
        return new SparseDataset(rowStarts, indices, values, arrays.Labels, checked((int)(maxIndex + 1)), arrays.Weights);
    }
}
