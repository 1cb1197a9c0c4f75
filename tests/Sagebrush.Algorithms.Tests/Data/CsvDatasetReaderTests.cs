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

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
