using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.Tests.Data;

public sealed class LibSvmDatasetReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagebrush-libsvm-").FullName;

    [Fact]
    public void SeveralFilesReadAsOneDatasetAsWideAsTheLargestIndex()
    {
        var first = Write("a.libsvm", "1 0:1.5 2:3\n0 1:-2\n");
        var second = Write("b.libsvm", "1 5:0.25\n");

        var data = LibSvmDatasetReader.Read([first, second]);

        Assert.Equal(3, data.Rows);
        Assert.Equal(6, data.Columns);
        Assert.Equal([1f, 0f, 1f], data.Labels!);
        Assert.Equal([0L, 2, 3, 4], data.RowStarts);
        Assert.Equal([0u, 2, 1, 5], data.Indices);
        Assert.Equal([1.5f, 3f, -2f, 0.25f], data.Values);
    }

    [Fact]
    public void CrLfLineEndsTabsBlankLinesCommentsAndQidsAreTolerated()
    {
        var file = Write("crlf.libsvm", "1 qid:3 0:1\t1:2 # a comment\r\n\r\n0 1:4\r\n2 0:7");

        var data = LibSvmDatasetReader.Read([file]);

        Assert.Equal([1f, 0f, 2f], data.Labels!);
        Assert.Equal([1f, 2f, 4f, 7f], data.Values);
        Assert.Equal(2, data.Columns);
    }

    [Fact]
    public void AbsentEntriesAreMissingNotZeroInTheDenseView()
    {
        var data = LibSvmDatasetReader.Read([Write("sparse.libsvm", "1 0:0 2:5\n")]).ToDense(columns: 4);

        Assert.Equal(4, data.Columns);
        Assert.Equal(0f, data.Features[0]);
        Assert.True(float.IsNaN(data.Features[1]));
        Assert.Equal(5f, data.Features[2]);
        Assert.True(float.IsNaN(data.Features[3]));
    }

    [Fact]
    public void LabelWeightPairsBecomeRowWeights()
    {
        var data = LibSvmDatasetReader.Read([Write("weights.libsvm", "1:0.5 0:1\n0:2 0:3\n")]);

        Assert.Equal([1f, 0f], data.Labels!);
        Assert.Equal([0.5f, 2f], data.Weights!);
    }

    [Fact]
    public void ATokenThatIsNotAnIndexValuePairNamesItsFileAndLine()
    {
        var file = Write("bad.libsvm", "1 0:1\n0 oops\n");

        var error = Assert.Throws<InvalidDataException>(() => LibSvmDatasetReader.Read([file]));

        Assert.Contains("bad.libsvm, line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("'oops'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARequestBodyMayCarryLabelsWhichAreIgnored()
    {
        var data = LibSvmDatasetReader.Parse("1 0:1 1:2\n3:4\n"u8);

        Assert.Null(data.Labels);
        Assert.Equal(2, data.Rows);
        Assert.Equal(4, data.Columns);
    }

    [Fact]
    public void LinesLongerThanTheReadBufferAreReadWhole()
    {
        var entries = string.Join(' ', Enumerable.Range(0, 200_000).Select(i => $"{i}:1"));
        var data = LibSvmDatasetReader.Read([Write("long.libsvm", $"1 {entries}\n0 0:2\n")]);

        Assert.Equal(2, data.Rows);
        Assert.Equal(200_000, data.Columns);
        Assert.Equal(200_001, data.Values.Length);
    }

    [Fact]
    public void SmallChunksOnSeveralThreadsReadTheSameDatasetAsOneChunk()
    {
        var random = new Random(3);
        var files = Enumerable.Range(0, 3).Select(f => Write($"part-{f}.libsvm", string.Concat(Enumerable.Range(0, 150).Select(r =>
            (r % 13 == 0 ? "# a comment: with a colon\n\n" : "") + $"{r % 2}{(r % 7 == 0 ? " qid:1" : "")} "
            + string.Join(' ', Enumerable.Range(0, 8).Where(_ => random.Next(3) > 0).Select(c => $"{c}:{random.NextDouble() * 10 - 5:G6}")) + "\n")))).ToArray();
        var whole = LibSvmDatasetReader.Read(files, threads: 1, chunkSize: 1 << 20);

        var chunked = LibSvmDatasetReader.Read(files, threads: 4, chunkSize: 48);

        Assert.Equal(450, chunked.Rows);
        Assert.Equal(whole.Columns, chunked.Columns);
        Assert.Equal(whole.RowStarts, chunked.RowStarts);
        Assert.Equal(whole.Indices, chunked.Indices);
        Assert.Equal(whole.Values, chunked.Values);
        Assert.Equal(whole.Labels!, chunked.Labels!);
        Assert.Equal(whole.Values.Length, chunked.RowStarts[^1]);
    }

    [Fact]
    public void TheFirstBadLineInFileOrderIsReportedWhateverChunkFailsFirst()
    {
        var lines = Enumerable.Range(1, 300).Select(i => i switch
        {
            120 => "1:0.5 0:1",
            250 => "1 x:1",
            _ => "0 0:1 3:2",
        });
        var file = Write("bad.libsvm", string.Join('\n', lines));

        var error = Assert.Throws<InvalidDataException>(() => LibSvmDatasetReader.Read([file], threads: 4, chunkSize: 32));

        Assert.Equal($"{file}, line 120: a weight (label:weight) where earlier rows have none.", error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
