using System.Runtime.ExceptionServices;
using Microsoft.Win32.SafeHandles;

namespace Sagebrush.Algorithms.Data;

/// <summary>
/// The parsing pass of a two-pass reader: reads the chunks a <see cref="TextChunkIndex"/> found on several threads at
/// once (one text buffer per thread, reused) and hands each to a parser that writes its own rows. A parser's
/// <see cref="InvalidDataException"/> is reported for the first failing chunk in file order, so the error names the
/// first bad line as a sequential reader would; chunks after a failed one are skipped.
/// </summary>
internal static class ParallelChunkReader
{
    public delegate void ChunkParser(int chunkIndex, TextChunk chunk, ReadOnlySpan<byte> text, string source);

    public static void Run(TextChunkIndex index, IReadOnlyList<string> files, int threads, ChunkParser parse)
    {
        var handles = files.Select(f => File.OpenHandle(f, FileMode.Open, FileAccess.Read, FileShare.Read)).ToArray();
        try
        {
            Run(index, handles, files, threads, parse);
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Dispose();
            }
        }
    }

    private static void Run(TextChunkIndex index, SafeFileHandle[] handles, IReadOnlyList<string> files, int threads, ChunkParser parse)
    {
        var chunks = index.Chunks;
        var errors = new InvalidDataException?[chunks.Count];
        var firstFailed = chunks.Count;
        void Parse(int i, byte[] buffer)
        {
            if (i > Volatile.Read(ref firstFailed))
            {
                return;
            }

            var chunk = chunks[i];
            try
            {
                var text = buffer.AsSpan(0, chunk.Length);
                ReadExactly(handles[chunk.File], text, chunk.Offset, files[chunk.File]);
                parse(i, chunk, text, files[chunk.File]);
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
