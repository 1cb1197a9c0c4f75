namespace Sagebrush.Algorithms.Data;

/// <summary>How a CSV row is laid out: the label first (training data), then optionally a weight (csv_weights=1).</summary>
public readonly record struct CsvLayout(bool LabelFirst, bool WeightSecond = false)
{
    public static CsvLayout Training => new(LabelFirst: true);

    public static CsvLayout Inference => new(LabelFirst: false);

    /// <summary>How many columns come before the features.</summary>
    public int Leading => (LabelFirst ? 1 : 0) + (WeightSecond ? 1 : 0);
}
