namespace Sagebrush.Core.Hosting.ModelServer;

/// <summary>
/// The Python model server Sagebrush ships for script-mode models (model_server.py, next to this assembly under
/// ModelServer/). It implements the SageMaker inference toolkit's handler contract and is run with /usr/bin/python3:
/// it listens on 127.0.0.1:$SAGEMAKER_BIND_TO_PORT, loads the model from $SM_MODEL_DIR and the user's
/// $SAGEMAKER_PROGRAM from $SAGEMAKER_SUBMIT_DIRECTORY (a local directory; $SM_MODEL_DIR/code when unset), and uses
/// the default handlers of $SAGEBRUSH_FRAMEWORK (sklearn, xgboost, pytorch) for those the user does not define.
/// </summary>
public static class ModelServerScript
{
    public const string FileName = "model_server.py";

    public static string Locate()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ModelServer", FileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The Python model server was not found at {path}; rebuild Sagebrush.", path);
    }
}
