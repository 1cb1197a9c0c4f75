using System.Globalization;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Hosting.Models;
using Sagebrush.Core.Hosting.ModelServer;

namespace Sagebrush.Core.Hosting.Instances;

/// <summary>
/// The command and environment of one instance, as SageMaker's hosting contract gives them to a container: the model
/// in <c>/opt/ml/model</c> (SM_MODEL_DIR; the real path when hosts do not see /opt/ml), the port in
/// SAGEMAKER_BIND_TO_PORT, the model's Environment. Built-in algorithms run <c>Sagebrush.Algorithms &lt;name&gt; serve</c>;
/// script-mode models run model_server.py with /usr/bin/python3, their code in SAGEMAKER_SUBMIT_DIRECTORY (a local
/// directory) and the framework's default handlers named by SAGEBRUSH_FRAMEWORK.
/// </summary>
public sealed record ServingCommand(IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Directories the sandbox hides that the command needs (the program or script installed under /tmp or /opt).</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>The command is a built-in model server, which also takes the router's framed invocations on the abstract Unix socket this variable names.</summary>
    public bool SpeaksFrames { get; init; }

    /// <summary>The image the instance serves from, for the container launcher; null for the sandbox's model servers.</summary>
    public ContainerImage? Container { get; init; }

    public const string FramesSocketVariable = "SAGEBRUSH_FRAMES_SOCKET";

    public const string Python = "/usr/bin/python3";
    public const string SubmitDirectoryVariable = "SAGEMAKER_SUBMIT_DIRECTORY";

    /// <summary>
    /// A user's own image as SageMaker hosting starts it: <c>serve</c> as the container's argument, the model's
    /// Environment, the model at /opt/ml/model; the image answers /ping and /invocations on port 8080 and keeps its PATH.
    /// </summary>
    public static ServingCommand ForContainer(ContainerImage image, IReadOnlyDictionary<string, string>? modelEnvironment) =>
        new(["serve"], new Dictionary<string, string>(modelEnvironment ?? new Dictionary<string, string>(), StringComparer.Ordinal)) { Container = image };

    /// <param name="mlRoot">/opt/ml as the instance sees it.</param>
    /// <param name="codeDirectory">Where the model's code was unpacked, as the instance sees it, or null to leave SAGEMAKER_SUBMIT_DIRECTORY as given.</param>
    public static ServingCommand Create(
        ServingImage image,
        IReadOnlyDictionary<string, string>? modelEnvironment,
        string mlRoot,
        string? codeDirectory,
        int port,
        int cpuCount,
        string? modelServerScript = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mlRoot);
        var environment = HostEnvironment.Base();
        environment["SM_NUM_CPUS"] = cpuCount.ToString(CultureInfo.InvariantCulture);
        foreach (var name in new[] { "DOTNET_ROOT", "DOTNET_HOST_PATH", AlgorithmsProgram.EnvironmentVariable })
        {
            if (System.Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        foreach (var (key, value) in modelEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        environment["SM_MODEL_DIR"] = mlRoot.TrimEnd('/') + "/model";
        environment["SAGEMAKER_BIND_TO_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        if (image.Image.Kind == ImageKind.BuiltInAlgorithm)
        {
            return new ServingCommand(AlgorithmsProgram.Command(image.Image.Name, "serve"), environment)
            {
                ReadOnlyPaths = AlgorithmsProgram.ReadOnlyPaths(),
                SpeaksFrames = true,
            };
        }

        environment["SAGEBRUSH_FRAMEWORK"] = image.Framework!;
        if (codeDirectory is not null)
        {
            environment[SubmitDirectoryVariable] = codeDirectory;
        }

        var script = modelServerScript ?? ModelServerScript.Locate();
        return new ServingCommand([Python, script], environment)
        {
            ReadOnlyPaths = SandboxPaths.ProgramDirectories([Path.GetDirectoryName(Path.GetFullPath(script))]),
        };
    }
}
