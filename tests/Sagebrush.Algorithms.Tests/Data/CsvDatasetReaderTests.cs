using System.Globalization;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.Tests.Data;

public sealed class CsvDatasetReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sagebrush-csv-").FullName;

    [Fact]
    public void SeveralFilesWithCrLfLineEndsReadAsOneDataset()
    {
        var first = Write("a.csv", "1,0.5,2\r\n0,1.5,3\r\n");
        var second = Write("b.csv", "1,2.5,4");

        var data = CsvDatasetReader.Read([first, second], CsvLayout.Training);

        Assert.Equal(3, data.Rows);
        Assert.Equal(2, data.Columns);
        Assert.Equal([1f, 0f, 1f], data.Labels!);
        Assert.Equal([0.5f, 2, 1.5f, 3, 2.5f, 4], data.Features);
    }

    [Fact]
    public void AnEmptyFieldIsAMissingValue()
    {
        var data = CsvDatasetReader.Read([Write("missing.csv", "1,,2\n0,3,\n")], CsvLayout.Training);

        Assert.True(float.IsNaN(data.Features[0]));
        Assert.Equal(2f, data.Features[1]);
        Assert.True(float.IsNaN(data.Features[3]));
    }

    [Fact]
    public void WithCsvWeightsTheSecondColumnIsTheWeight()
    {
        var data = CsvDatasetReader.Read([Write("weights.csv", "1,0.25,7,8\n")], new CsvLayout(LabelFirst: true, WeightSecond: true));

        Assert.Equal([1f], data.Labels!);
        Assert.Equal([0.25f], data.Weights!);
        Assert.Equal([7f, 8f], data.Features);
    }

    [Fact]
    public void AHeaderLineIsNotANumberAndSaysSo()
    {
        var error = Assert.Throws<InvalidDataException>(() => CsvDatasetReader.Read([Write("header.csv", "label,x\n1,2\n")], CsvLayout.Training));

        Assert.Contains("header.csv, line 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("without a header", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RowsOfDifferentWidthsAreRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => CsvDatasetReader.Read([Write("ragged.csv", "1,2,3\n0,1\n")], CsvLayout.Training));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SmallChunksOnSeveralThreadsReadTheSameDatasetAsOneChunk()
    {
        var random = new Random(5);
        var files = Enumerable.Range(0, 3).Select(f => Write($"part-{f}.csv", string.Concat(Enumerable.Range(0, 200).Select(r =>
            (r % 17 == 0 ? "\r\n" : "") + string.Join(',', Enumerable.Range(0, 5).Select(c => c == 2 && r % 11 == 0 ? "" : (random.NextDouble() * 200 - 100).ToString(c == 0 ? "F0" : "G7", CultureInfo.InvariantCulture))) + (r % 3 == 0 ? "\r\n" : "\n"))))).ToArray();
        var whole = CsvDatasetReader.Parse(File.ReadAllBytes(files[0]).Concat(File.ReadAllBytes(files[1])).Concat(File.ReadAllBytes(files[2])).ToArray(), CsvLayout.Training);

        var chunked = CsvDatasetReader.Read(files, CsvLayout.Training, threads: 4, chunkSize: 64);

        Assert.Equal(600, chunked.Rows);
        Assert.Equal(4, chunked.Columns);
        Assert.Equal(whole.Labels!, chunked.Labels!);
        Assert.Equal(whole.Features.Select(BitConverter.SingleToInt32Bits), chunked.Features.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void TheFirstBadLineInFileOrderIsReportedWhateverChunkFailsFirst()
    {
        var lines = Enumerable.Range(1, 400).Select(i => i switch
        {
            150 => "1,oops,3",
            151 => "",
            300 => "1,2",
            390 => "1,2,x",
            _ => "0,1.5,2.5",
        });
        var file = Write("bad.csv", string.Join('\n', lines) + "\n");

        var error = Assert.Throws<InvalidDataException>(() => CsvDatasetReader.Read([file], CsvLayout.Training, threads: 4, chunkSize: 32));

        Assert.Equal($"{file}, line 150: 'oops' is not a number (CSV input must be numeric, without a header).", error.Message);
    }

    [Fact]
    public void ALineLongerThanAChunkIsReadWhole()
    {
        var wide = "1," + string.Join(',', Enumerable.Range(0, 100).Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var file = Write("wide.csv", wide + "\n" + wide);

        var data = CsvDatasetReader.Read([file], CsvLayout.Training, threads: 2, chunkSize: 16);

        Assert.Equal(2, data.Rows);
        Assert.Equal(100, data.Columns);
        Assert.Equal(99f, data.Features[^1]);
    }

    [Fact]
    public void PaddedQuotedAndTrailingEmptyFieldsKeepTheirMeaning()
    {
        var data = CsvDatasetReader.Read([Write("odd.csv", "1, 2.5 ,\"3\",\n0,+4,-0,5e-1\n")], CsvLayout.Training);

        Assert.Equal([2.5f, 3f, float.NaN, 4f, -0f, 0.5f], data.Features);
        Assert.True(float.IsNegative(data.Features[4]));
    }

    [Fact]
    public void BlankFilesAreNoRows()
    {
        var data = CsvDatasetReader.Read([Write("empty.csv", ""), Write("blank.csv", "\n\r\n")], CsvLayout.Training);

        Assert.Equal(0, data.Rows);
        Assert.Equal(0, data.Columns);
    }

    [Fact]
    public void TheFastNumberPathGivesTheFrameworksFloatToTheBit()
    {
        var random = new Random(17);
        string[] formats = ["G9", "G7", "G3", "R", "F6", "F2", "E3", "e10", "0.################"];
        string[] fixedCases = ["0", "-0", "+1", ".5", "-.5", "5.", "1e5", "1E+05", "1e-5", "123456789012345678", "9007199254740993",
            "3.4028235e38", "3.4028236e38", "1.17549435e-38", "1e-45", "0.000000000000000000001", "1.00000005960464477539", "16777217", "7.038531e-26"];
        var cases = fixedCases.Concat(Enumerable.Range(0, 200_000).Select(i =>
        {
            var value = Math.Pow(10, (random.NextDouble() * 16) - 8) * (random.Next(2) == 0 ? -1 : 1);
            return i % 4 == 0 ? ((float)value).ToString(formats[i % formats.Length], CultureInfo.InvariantCulture) : value.ToString(formats[i % formats.Length], CultureInfo.InvariantCulture);
        }));

        var fastOnes = 0;
        foreach (var text in cases)
        {
            var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
            if (Utf8Float.TryParseSimple(utf8, out var fast, out var length) && length == utf8.Length)
            {
                fastOnes++;
                Assert.True(float.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out var expected), text);
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(fast), $"{text}: {fast:R} where the framework gives {expected:R}");
            }
        }

        Assert.True(fastOnes > 150_000, $"only {fastOnes} numbers took the fast path");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
