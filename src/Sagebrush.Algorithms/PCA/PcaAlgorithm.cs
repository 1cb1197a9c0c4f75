using Sagebrush.Algorithms.Common;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.PCA;

/// <summary>
/// SageMaker's PCA (<c>pca</c>): principal components of the train channel, exact (regular) or by a randomized
/// sketch (randomized). Channels: train (required), test (read and checked; PCA reports no metrics); text/csv
/// (label_size=0 for data without a label column, as SageMaker requires).
/// Not supported yet: application/x-recordio-protobuf, sparse data, Pipe mode, more than one host.
/// </summary>
public sealed class PcaAlgorithm : IBuiltInAlgorithm
{
    /// <summary>PCA has no seed hyperparameter; randomized mode's sketch uses this fixed seed.</summary>
    public const int Seed = 29;

    public string Name => "pca";

    public void Train(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hp = PcaHyperParameters.Parse(context.HyperParameters);
        var trainChannel = ChannelReader.TrainChannel(context, labelRequired: false);
        var train = ReadFeatures(trainChannel, hp.FeatureDim, context.CpuCount);
        if (train.Rows < 2)
        {
            throw AlgorithmException.Channel("train", "needs at least 2 rows for PCA.");
        }

        var mean = hp.SubtractMean ? RowBlocks.Mean(train) : new double[train.Columns];
        context.Log.Info($"pca: {train.Rows} rows x {train.Columns} features, {hp.NumComponents} component(s), {(hp.Randomized ? "randomized" : "regular")} mode.");
        var (eigenvalues, vectors) = PrincipalComponents.Compute(train, mean, hp, context.CpuCount);

        // SageMaker returns the components in ascending order of variance; the model stores them that way.
        var order = Enumerable.Range(0, hp.NumComponents).Reverse().ToArray();
        var model = new PcaModel
        {
            FeatureDim = train.Columns,
            Mean = [.. mean.Select(m => (float)m)],
            Components = [.. order.Select(j => Oriented(vectors.Column(j).ToArray()))],
            SingularValues = [.. order.Select(j => Math.Sqrt(eigenvalues[j]))],
            ExplainedVariance = [.. order.Select(j => eigenvalues[j] / (train.Rows - 1))],
        };
        model.Save(context.ModelDirectory);
        context.Log.Info($"pca: explained variance (principal component last): {string.Join(", ", model.ExplainedVariance.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}");

        if (context.Channels.GetValueOrDefault("test") is { } testChannel)
        {
            _ = ReadFeatures(testChannel, train.Columns, context.CpuCount);
        }
    }

    public IPredictor Load(string modelDirectory) => new PcaPredictor(PcaModel.Load(modelDirectory));

    // A component's sign is arbitrary; fix it (largest entry positive) so the same data always gives the same model.
    private static float[] Oriented(double[] vector)
    {
        var largest = vector.MaxBy(Math.Abs);
        var sign = largest < 0 ? -1 : 1;
        return [.. vector.Select(v => (float)(v * sign))];
    }

    private static DenseDataset ReadFeatures(TrainingChannelData channel, int featureDim, int threads) =>
        ChannelReader.Read(channel, "pca", labelRequired: false, featureDim, threads);
}
