using System.Globalization;

namespace Sagebrush.Algorithms.Hosting;

/// <summary>
/// How <c>serve</c> runs: the port from SAGEMAKER_BIND_TO_PORT (8080, as SageMaker's containers default), the model
/// from SM_MODEL_DIR (/opt/ml/model), and the largest request body (SageMaker Runtime allows 6 MB for real-time
/// invocations; batch transform up to 100 MB).
/// </summary>
public sealed record ServeSettings(int Port, string ModelDirectory, long MaxRequestBodyBytes)
{
    public const int DefaultPort = 8080;
    public const long DefaultMaxRequestBodyBytes = 100L * 1024 * 1024;

    public static ServeSettings FromEnvironment()
    {
        var port = int.TryParse(Environment.GetEnvironmentVariable("SAGEMAKER_BIND_TO_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536
            ? p
            : DefaultPort;
        var model = Environment.GetEnvironmentVariable("SM_MODEL_DIR") is { Length: > 0 } dir ? dir : "/opt/ml/model";
        return new ServeSettings(port, model, DefaultMaxRequestBodyBytes);
    }
}
