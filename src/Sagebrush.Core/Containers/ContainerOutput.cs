using System.Text;
using Docker.DotNet;
using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Containers;

/// <summary>
/// A container's attached output, demultiplexed into lines of standard output and standard error, each stream decoded
/// on its own (a character split across frames stays whole). A line is bounded, as the sandbox's lines are.
/// </summary>
internal static class ContainerOutput
{
    private const int MaxLine = 64 * 1024;

    public static async Task PumpAsync(MultiplexedStream stream, Action<HostOutputLine> output)
    {
        var streams = new[] { new LineSplitter(false, output), new LineSplitter(true, output) };
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                if (read.EOF)
                {
                    break;
                }

                streams[read.Target == MultiplexedStream.TargetStream.StandardError ? 1 : 0].Add(buffer.AsSpan(0, read.Count));
            }
        }
        catch (IOException)
        {
            // The container was removed under the attach: what was read is kept.
        }

        foreach (var splitter in streams)
        {
            splitter.Flush();
        }
    }

    private sealed class LineSplitter(bool isError, Action<HostOutputLine> output)
    {
        private readonly Decoder decoder = new UTF8Encoding(false, false).GetDecoder();
        private readonly StringBuilder line = new();
        private char[] chars = new char[1024];

        public void Add(ReadOnlySpan<byte> bytes)
        {
            var needed = decoder.GetCharCount(bytes, flush: false);
            if (chars.Length < needed)
            {
                chars = new char[needed];
            }

            var count = decoder.GetChars(bytes, chars, flush: false);
            foreach (var c in chars.AsSpan(0, count))
            {
                if (c == '\n')
                {
                    Emit();
                }
                else if (line.Length < MaxLine)
                {
                    line.Append(c);
                }
            }
        }

        public void Flush()
        {
            if (line.Length > 0)
            {
                Emit();
            }
        }

        private void Emit()
        {
            var text = line.Length > 0 && line[^1] == '\r' ? line.ToString(0, line.Length - 1) : line.ToString();
            line.Clear();
            output(new HostOutputLine(text, isError));
        }
    }
}
