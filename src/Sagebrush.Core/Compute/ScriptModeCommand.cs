using System.Globalization;
using System.Text.Json.Nodes;

namespace Sagebrush.Core.Compute;

/// <summary>
/// What a framework image's sagemaker-training-toolkit would run on one host: the entry point with the user's
/// hyperparameters as <c>--key value</c> arguments, in <c>/opt/ml/code</c>, with the toolkit's SM_* environment
/// (<c>Environment.to_env_vars</c>). <paramref name="mlRoot"/> is where /opt/ml is seen from inside the host:
/// <c>/opt/ml</c> itself under bubblewrap, the workspace's real path otherwise.
/// Not supported yet: Python packages with setup.py as entry points, MPI and the other distribution launchers.
/// </summary>
internal sealed class ScriptModeCommand
{
    private ScriptModeCommand(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        Command = command;
        Environment = environment;
        WorkingDirectory = workingDirectory;
    }

    public IReadOnlyList<string> Command { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public string WorkingDirectory { get; }

    /// <summary>The entry point: hyperparameter <c>sagemaker_program</c>, else environment <c>SAGEMAKER_PROGRAM</c>.</summary>
    public static string? EntryPoint(TrainingRun run, ScriptModeHyperParameters hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(hyperParameters);
        return hyperParameters.Program is { Length: > 0 } program ? program
            : run.Environment.TryGetValue("SAGEMAKER_PROGRAM", out var fromEnvironment) && fromEnvironment.Length > 0 ? fromEnvironment
            : null;
    }

    public static ScriptModeCommand Create(TrainingRun run, ScriptModeHyperParameters hyperParameters, string entryPoint, string host, string mlRoot, string python)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(hyperParameters);
        var arguments = hyperParameters.ToArguments();
        List<string> command = entryPoint.EndsWith(".py", StringComparison.Ordinal) ? [python, entryPoint, .. arguments]
            : entryPoint.EndsWith(".sh", StringComparison.Ordinal) ? ["/bin/sh", entryPoint, .. arguments]
            : ["./" + entryPoint, .. arguments];
        return Build(run, hyperParameters, entryPoint, host, mlRoot, command, arguments, Path.GetDirectoryName(python));
    }

    /// <summary>
    /// An image's own program (a built-in algorithm's <c>train</c>) with the same SM_* environment and working
    /// directory as script mode, and no entry point.
    /// </summary>
    public static ScriptModeCommand ForProgram(TrainingRun run, ScriptModeHyperParameters hyperParameters, string host, string mlRoot, IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(hyperParameters);
        return Build(run, hyperParameters, null, host, mlRoot, command, hyperParameters.ToArguments(), null);
    }

    private static ScriptModeCommand Build(TrainingRun run, ScriptModeHyperParameters hyperParameters, string? entryPoint, string host, string mlRoot, IReadOnlyList<string> command, IReadOnlyList<string> arguments, string? pythonBin)
    {
        var paths = new MlPaths(mlRoot);
        var environment = HostEnvironment.Base();
        if (pythonBin is not null && pythonBin != "/usr/bin")
        {
            environment["PATH"] = pythonBin + ":" + environment["PATH"];
        }

        foreach (var (key, value) in run.Environment)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in ToolkitEnvironment(run, hyperParameters, entryPoint, host, paths, arguments))
        {
            environment[key] = value;
        }

        environment["TRAINING_JOB_NAME"] = run.JobName;
        environment["TRAINING_JOB_ARN"] = run.JobArn;
        environment["CURRENT_HOST"] = host;
        return new ScriptModeCommand(command, environment, paths.Code);
    }

    /// <summary>The toolkit's <c>Environment.to_env_vars()</c>, names upper-cased with the SM_ prefix.</summary>
    private static Dictionary<string, string> ToolkitEnvironment(TrainingRun run, ScriptModeHyperParameters hyperParameters, string? entryPoint, string host, MlPaths paths, IReadOnlyList<string> arguments)
    {
        var hosts = TrainingConfigFiles.Hosts(run.InstanceCount);
        var channels = run.Channels.Select(c => c.ChannelName).Order(StringComparer.Ordinal).ToList();
        var channelDirs = new JsonObject();
        foreach (var channel in channels)
        {
            channelDirs[channel] = paths.Channel(channel);
        }

        var resourceConfig = TrainingConfigFiles.ResourceConfig(run, host);
        var instanceGroup = (JsonObject)resourceConfig["instance_groups"]![0]!;
        var moduleName = entryPoint is not null && entryPoint.EndsWith(".py", StringComparison.Ordinal) ? entryPoint[..^3] : entryPoint;
        var moduleDir = hyperParameters.SubmitDirectory ?? paths.Code;

        // Environment's properties, which the toolkit serialises as SM_TRAINING_ENV (dict(self)).
        var trainingEnv = new JsonObject
        {
            ["additional_framework_parameters"] = hyperParameters.FrameworkObject(),
            ["channel_input_dirs"] = channelDirs.DeepClone(),
            ["current_host"] = host,
            ["current_instance_group"] = TrainingConfigFiles.InstanceGroupName,
            ["current_instance_group_hosts"] = TrainingConfigFiles.ToArray(hosts),
            ["current_instance_type"] = run.InstanceType,
            ["distribution_hosts"] = new JsonArray(),
            ["distribution_instance_groups"] = new JsonArray(),
            ["framework_module"] = null,
            ["hosts"] = TrainingConfigFiles.ToArray(hosts),
            ["hyperparameters"] = hyperParameters.UserObject(),
            ["input_config_dir"] = paths.InputConfig,
            ["input_data_config"] = TrainingConfigFiles.InputDataConfig(run),
            ["input_dir"] = paths.Input,
            ["instance_groups"] = TrainingConfigFiles.ToArray([TrainingConfigFiles.InstanceGroupName]),
            ["instance_groups_dict"] = new JsonObject { [TrainingConfigFiles.InstanceGroupName] = instanceGroup.DeepClone() },
            ["is_hetero"] = false,
            ["is_master"] = host == hosts[0],
            ["is_modelparallel_enabled"] = null,
            ["job_name"] = run.JobName,
            ["log_level"] = hyperParameters.LogLevel,
            ["master_hostname"] = hosts[0],
            ["model_dir"] = paths.Model,
            ["module_dir"] = moduleDir,
            ["module_name"] = moduleName,
            ["network_interface_name"] = TrainingConfigFiles.NetworkInterfaceName,
            ["num_cpus"] = run.CpuCount,
            ["num_gpus"] = 0,
            ["output_data_dir"] = paths.OutputData,
            ["output_dir"] = paths.Output,
            ["output_intermediate_dir"] = paths.OutputIntermediate,
            ["resource_config"] = resourceConfig.DeepClone(),
            ["user_entry_point"] = entryPoint,
        };

        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal)
        {
            ["hosts"] = TrainingConfigFiles.ToArray(hosts),
            ["network_interface_name"] = TrainingConfigFiles.NetworkInterfaceName,
            ["hps"] = hyperParameters.UserObject(),
            ["user_entry_point"] = entryPoint,
            ["framework_params"] = hyperParameters.FrameworkObject(),
            ["resource_config"] = resourceConfig,
            ["input_data_config"] = TrainingConfigFiles.InputDataConfig(run),
            ["output_data_dir"] = paths.OutputData,
            ["channels"] = TrainingConfigFiles.ToArray(channels),
            ["current_host"] = host,
            ["current_instance_type"] = run.InstanceType,
            ["current_instance_group"] = TrainingConfigFiles.InstanceGroupName,
            ["current_instance_group_hosts"] = TrainingConfigFiles.ToArray(hosts),
            ["instance_groups"] = TrainingConfigFiles.ToArray([TrainingConfigFiles.InstanceGroupName]),
            ["instance_groups_dict"] = new JsonObject { [TrainingConfigFiles.InstanceGroupName] = instanceGroup.DeepClone() },
            ["distribution_instance_groups"] = new JsonArray(),
            ["is_hetero"] = false,
            ["module_name"] = moduleName,
            ["log_level"] = hyperParameters.LogLevel,
            ["framework_module"] = null,
            ["input_dir"] = paths.Input,
            ["input_config_dir"] = paths.InputConfig,
            ["output_dir"] = paths.Output,
            ["num_cpus"] = run.CpuCount,
            ["num_gpus"] = 0,
            ["model_dir"] = paths.Model,
            ["module_dir"] = moduleDir,
            ["training_env"] = trainingEnv,
            ["user_args"] = TrainingConfigFiles.ToArray(arguments),
            ["output_intermediate_dir"] = paths.OutputIntermediate,
        };
        foreach (var channel in channels)
        {
            values["channel_" + channel] = paths.Channel(channel);
        }

        foreach (var (key, value) in hyperParameters.User)
        {
            values["hp_" + key] = value?.DeepClone();
        }

        // mapping.to_env_vars: strings as they are, None as "", anything else as compact sorted JSON.
        return values.ToDictionary(
            p => "SM_" + p.Key.ToUpperInvariant(),
            p => p.Value is null ? "" : p.Value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : PythonJson.Dumps(p.Value),
            StringComparer.Ordinal);
    }

    private sealed class MlPaths(string root)
    {
        public string Code => Join("code");

        public string Model => Join("model");

        public string Input => Join("input");

        public string InputConfig => Join("input/config");

        public string Output => Join("output");

        public string OutputData => Join("output/data");

        public string OutputIntermediate => Join("output/intermediate");

        public string Channel(string name) => Join("input/data/" + name);

        private string Join(string relative) => string.Create(CultureInfo.InvariantCulture, $"{root.TrimEnd('/')}/{relative}");
    }
}
