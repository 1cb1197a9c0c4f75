namespace Sagebrush.Algorithms.Contract;

/// <summary>
/// One of SageMaker's built-in algorithms. <c>Sagebrush.Algorithms &lt;name&gt; train</c> calls <see cref="Train"/>
/// with the /opt/ml workspace read into a <see cref="TrainingContext"/>; <c>Sagebrush.Algorithms &lt;name&gt; serve</c>
/// calls <see cref="Load"/> once on the model directory and answers /invocations through the predictor.
/// </summary>
public interface IBuiltInAlgorithm
{
    /// <summary>The image repository name it answers to: <c>xgboost</c>, <c>linear-learner</c>, <c>kmeans</c>, <c>pca</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Trains and writes the model into <see cref="TrainingContext.ModelDirectory"/>. Throws
    /// <see cref="AlgorithmException"/> for a problem the user caused (a bad hyperparameter, unreadable data); the
    /// program writes its message to output/failure and exits 1.
    /// </summary>
    void Train(TrainingContext context);

    /// <summary>Reads the model that <see cref="Train"/> wrote (the directory model.tar.gz was unpacked into).</summary>
    IPredictor Load(string modelDirectory);
}
