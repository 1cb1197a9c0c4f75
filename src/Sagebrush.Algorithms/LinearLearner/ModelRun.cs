namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>
/// One of the models Linear Learner trains side by side (num_models): its weights, optimizer state, learning rate
/// and the best weights it has had so far by the selection score.
/// </summary>
internal sealed class ModelRun
{
    public ModelRun(int classes, int columns, double learningRate, LinearLearnerHyperParameters hp, int seed)
    {
        LearningRate = learningRate;
        W = new float[classes * columns];
        B = new float[classes];
        var random = new Random(seed);
        for (var i = 0; i < W.Length; i++)
        {
            W[i] = hp.InitMethod == "normal"
                ? (float)(hp.InitSigma * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))
                : (float)(hp.InitScale * ((2 * random.NextDouble()) - 1));
        }

        Array.Fill(B, hp.UseBias ? (float)hp.InitBias : 0);
        WFirst = new float[W.Length];
        WSecond = new float[W.Length];
        GradW = new float[W.Length];
        BFirst = new float[classes];
        BSecond = new float[classes];
        GradB = new float[classes];
        BestW = (float[])W.Clone();
        BestB = (float[])B.Clone();
    }

    public double LearningRate { get; }

    public float[] W { get; }

    public float[] B { get; }

    public float[] WFirst { get; }

    public float[] WSecond { get; }

    public float[] BFirst { get; }

    public float[] BSecond { get; }

    public float[] GradW { get; }

    public float[] GradB { get; }

    public long Steps { get; set; }

    public float[] BestW { get; private set; }

    public float[] BestB { get; private set; }

    public double BestScore { get; private set; } = double.PositiveInfinity;

    /// <summary>The mean training loss over the last epoch, in label units.</summary>
    public double EpochLoss { get; set; }

    /// <summary>The selection score after the last epoch (lower is better).</summary>
    public double EpochScore { get; set; }

    public Evaluation? EpochEvaluation { get; set; }

    public void KeepIfBest()
    {
        if (EpochScore < BestScore)
        {
            BestScore = EpochScore;
            BestW = (float[])W.Clone();
            BestB = (float[])B.Clone();
        }
    }
}
