using System.Runtime.ExceptionServices;
using Microsoft.Win32.SafeHandles;

namespace Sagebrush.Algorithms.Data;

/// <summary>
/// Reads headerless numeric CSV (SageMaker's text/csv for training: label first when <see cref="CsvLayout.LabelFirst"/>)
/// straight from UTF-8 bytes into floats, in two passes that never hold the text: the first counts rows and cuts each
/// file into chunks of whole lines (<see cref="CsvChunkIndex"/>); the second parses the chunks on every core at once,
/// each straight into its own rows of the final arrays, which are allocated once at their exact size
/// (<see cref="CsvRowWriter"/>). So a 1 GB file costs its floats plus a few megabytes of text per thread.
/// An empty field is a missing value (NaN). Every row must have the same number of columns. A problem is reported
/// for the first bad line in file order, with its file and line number, as a sequential reader would.
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
        var index = CsvChunkIndex.Build(files, chunkSize);
        var (dataset, writer) = Allocate(index, layout, files.Count > 0 ? files[0] : "");
        var handles = files.Select(f => File.OpenHandle(f, FileMode.Open, FileAccess.Read, FileShare.Read)).ToArray();
        try
        {
            ParseChunks(index, handles, files, writer, threads);
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Dispose();
            }
        }

        return dataset;
    }

    /// <summary>Parses a request body (inference: no label unless the layout says so).</summary>
    public static DenseDataset Parse(ReadOnlySpan<byte> utf8, CsvLayout layout)
    {
        const string source = "request body";
        var index = CsvChunkIndex.ForText(utf8);
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

    private static void ParseChunks(CsvChunkIndex index, SafeFileHandle[] handles, IReadOnlyList<string> files, CsvRowWriter writer, int threads)
    {
        var chunks = index.Chunks;
        var errors = new InvalidDataException?[chunks.Count];
        var firstFailed = chunks.Count; // chunks after a failed one need not be parsed: an earlier line is reported
        void Parse(int i, byte[] buffer)
        {
            var chunk = chunks[i];
            if (i > Volatile.Read(ref firstFailed))
            {
                return;
            }

            try
            {
                var text = buffer.AsSpan(0, chunk.Length);
                ReadExactly(handles[chunk.File], text, chunk.Offset, files[chunk.File]);
                writer.WriteLines(text, files[chunk.File], chunk.FirstLine, chunk.FirstRow);
            }
            catch (InvalidDataException exception)
            {
                errors[i] = exception;
                int seen;
                while (i < (seen = Volatile.Read(ref firstFailed)) && Interlocked.CompareExchange(ref firstFailed, i, seen) != seen)
                {
                }
            }
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        try
        {
            // One text buffer per thread, reused for every chunk it parses.
            Parallel.For(0, chunks.Count, options, () => new byte[index.LongestChunk], (i, _, buffer) =>
            {
                Parse(i, buffer);
                return buffer;
            }, _ => { });
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            // An I/O failure: the caller sees it as if it had read the chunk itself.
            ExceptionDispatchInfo.Throw(aggregate.InnerExceptions[0]);
        }

        if (firstFailed < chunks.Count)
        {
            throw errors[firstFailed]!;
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string source)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(handle, destination, offset);
            if (read == 0)
            {
                throw new InvalidDataException($"{source}: the file became shorter while it was read.");
            }

            destination = destination[read..];
            offset += read;
        }
    }
}
