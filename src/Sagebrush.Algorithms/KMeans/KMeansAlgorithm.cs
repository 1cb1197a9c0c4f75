using Sagebrush.Algorithms.Common;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.KMeans;

/// <summary>
/// SageMaker's k-means (<c>kmeans</c>), in its two stages: a streaming mini-batch pass with k x extra_center_factor
/// centers, then local Lloyd iterations that reduce them to k. Channels: train (required), test (scored with
/// eval_metrics: msd, ssd); text/csv (label_size=0 for data without a label column, as SageMaker requires).
/// Not supported yet: application/x-recordio-protobuf, sparse data, Pipe mode, more than one host.
/// </summary>
public sealed class KMeansAlgorithm : IBuiltInAlgorithm
{
    /// <summary>k-means has no seed hyperparameter; a fixed seed makes every run of a job the same.</summary>
    public const int Seed = 23;

    private const int AutoTrials = 10;

    public string Name => "kmeans";

    public void Train(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hp = KMeansHyperParameters.Parse(context.HyperParameters);
        var trainChannel = ChannelReader.TrainChannel(context, labelRequired: false);
        var train = ReadFeatures(trainChannel, hp.FeatureDim, context.CpuCount);
        if (train.Rows < hp.K)
        {
            throw AlgorithmException.HyperParameter("k", $"is {hp.K} but channel 'train' has only {train.Rows} row(s).");
        }

        var columns = train.Columns;
        var random = new Random(Seed);
        var summarySize = (long)hp.K * (hp.ExtraCenterFactor ?? AutoExtraCenterFactor(train.Rows, hp.K));
        float[] points, weights;
        if (summarySize >= train.Rows)
        {
            // The summary would be as large as the data: reduce the data itself.
            points = train.Features;
            weights = new float[train.Rows];
            Array.Fill(weights, 1f);
        }
        else
        {
            (points, weights) = StreamingKMeans.Summarize(train, hp, (int)summarySize, context.CpuCount, random);
        }

        var count = weights.Length;
        context.Log.Info($"kmeans: {train.Rows} rows x {columns} features summarized into {count} weighted centers; local Lloyd to k={hp.K}.");
        var trials = hp.LocalLloydNumTrials ?? AutoTrials;
        var centers = LocalLloyd.Reduce(points, weights, count, columns, hp, trials, Seed, context.CpuCount);
        if (count < train.Rows)
        {
            centers = FullDataRefinement.Refine(train, centers, hp.K, hp.LocalLloydTol, context.CpuCount);
        }

        var model = new KMeansModel
        {
            FeatureDim = columns,
            Centers = [.. Enumerable.Range(0, hp.K).Select(c => centers.AsSpan(c * columns, columns).ToArray())],
        };
        model.Save(context.ModelDirectory);

        if (context.Channels.GetValueOrDefault("test") is { } testChannel)
        {
            var test = ReadFeatures(testChannel, columns, context.CpuCount);
            var ssd = new CenterSearch(centers, hp.K, columns).Assign(test.Features, 0, test.Rows, new int[test.Rows], null, context.CpuCount);
            foreach (var metric in hp.EvalMetrics)
            {
                MetricLog.Test(context.Log, metric, metric == "ssd" ? ssd : ssd / test.Rows);
            }
        }
    }

    public IPredictor Load(string modelDirectory) => new KMeansPredictor(KMeansModel.Load(modelDirectory));

    // SageMaker's auto is not documented; this keeps the summary large enough for the reduction to be close to Lloyd
    // on the full data (about 20 points per final cluster, more for larger data) without making the streaming pass slow.
    private static int AutoExtraCenterFactor(int rows, int k) => Math.Max(4, (int)Math.Ceiling(2 * Math.Log(rows) / Math.Max(1, Math.Log(k + 1))));

    private static DenseDataset ReadFeatures(TrainingChannelData channel, int featureDim, int threads) =>
        ChannelReader.Read(channel, "kmeans", labelRequired: false, featureDim, threads);
}
