using Sagebrush.Core.SageMaker;
using System.Text.RegularExpressions;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>
/// CreateTrainingJob's input against the botocore model (required members, patterns, lengths, enums), then the rules
/// AWS checks beyond the model, then what Sagebrush does not support yet. Input prefixes are not checked here: as on
/// AWS, a missing prefix fails the job when its data is downloaded.
/// </summary>
public static class TrainingJobValidator
{
    public const string S3UriPattern = "^(https|s3)://([^/]+)/?(.*)$";
    public const string ChannelNamePattern = @"[A-Za-z0-9\.\-_]+";
    public const string EnvironmentKeyPattern = "[a-zA-Z_][a-zA-Z0-9_]*";

    public static IReadOnlyList<string> InputModes { get; } = ["Pipe", "File", "FastFile"];
    public static IReadOnlyList<string> CompressionTypes { get; } = ["None", "Gzip"];
    public static IReadOnlyList<string> RecordWrappers { get; } = ["None", "RecordIO"];
    public static IReadOnlyList<string> S3DataTypes { get; } = ["ManifestFile", "S3Prefix", "AugmentedManifestFile"];
    public static IReadOnlyList<string> S3DataDistributions { get; } = ["FullyReplicated", "ShardedByS3Key"];

    /// <param name="pathPrefix">Where the request sits in a larger one (a tuning job's training job definition).</param>
    public static void Validate(CreateTrainingJobRequest request, string pathPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors(pathPrefix);
        CheckModel(request, errors);
        errors.ThrowIfAny();
        CheckRules(request);
    }

    public static void ValidateName(string? name, string path = "trainingJobName") => JobNames.Require(name, path);

    private static void CheckModel(CreateTrainingJobRequest request, ConstraintErrors errors)
    {
        JobNames.Check(request.TrainingJobName, "trainingJobName", errors);

        errors.Items(request.HyperParameters?.Keys.ToList(), "hyperParameters", 0, 100);
        errors.MapEntries(request.HyperParameters, "hyperParameters", keys: true, max: 256);
        errors.MapEntries(request.HyperParameters, "hyperParameters", keys: false, max: 2500);

        if (errors.Required(request.AlgorithmSpecification, "algorithmSpecification"))
        {
            var algorithm = request.AlgorithmSpecification!;
            errors.Length(algorithm.TrainingImage, "algorithmSpecification.trainingImage", 0, 255);
            errors.Length(algorithm.AlgorithmName, "algorithmSpecification.algorithmName", 1, 170);
            errors.Strings(algorithm.ContainerEntrypoint, "algorithmSpecification.containerEntrypoint", 10, 256);
            errors.Strings(algorithm.ContainerArguments, "algorithmSpecification.containerArguments", 100, 256);
            if (errors.Required(algorithm.TrainingInputMode, "algorithmSpecification.trainingInputMode"))
            {
                errors.Enum(algorithm.TrainingInputMode, "algorithmSpecification.trainingInputMode", InputModes);
            }

            var metrics = algorithm.MetricDefinitions;
            errors.Items(metrics, "algorithmSpecification.metricDefinitions", 0, 40);
            for (var i = 0; metrics is not null && i < metrics.Count; i++)
            {
                var at = $"algorithmSpecification.metricDefinitions.{i + 1}.member";
                if (errors.Required(metrics[i].Name, $"{at}.name"))
                {
                    errors.Length(metrics[i].Name, $"{at}.name", 1, 255);
                }

                if (errors.Required(metrics[i].Regex, $"{at}.regex"))
                {
                    errors.Length(metrics[i].Regex, $"{at}.regex", 1, 500);
                }
            }
        }

        if (errors.Required(request.RoleArn, "roleArn"))
        {
            errors.Length(request.RoleArn, "roleArn", 20, 2048);
            errors.Pattern(request.RoleArn, "roleArn", RoleArns.Pattern);
        }

        var channels = request.InputDataConfig;
        errors.Items(channels, "inputDataConfig", 1, 20);
        for (var i = 0; channels is not null && i < channels.Count; i++)
        {
            CheckChannel(channels[i], $"inputDataConfig.{i + 1}.member", errors);
        }

        if (errors.Required(request.OutputDataConfig, "outputDataConfig")
            && errors.Required(request.OutputDataConfig!.S3OutputPath, "outputDataConfig.s3OutputPath"))
        {
            CheckS3Uri(request.OutputDataConfig.S3OutputPath, "outputDataConfig.s3OutputPath", errors);
            errors.Length(request.OutputDataConfig.KmsKeyId, "outputDataConfig.kmsKeyId", 0, 2048);
        }

        if (errors.Required(request.ResourceConfig, "resourceConfig"))
        {
            var resources = request.ResourceConfig!;
            errors.Enum(resources.InstanceType, "resourceConfig.instanceType", InstanceTypes.Training);
            errors.Minimum(resources.InstanceCount, "resourceConfig.instanceCount", 0);
            errors.Maximum(resources.InstanceCount, "resourceConfig.instanceCount", InstanceTypes.MaxInstanceCount);
            if (errors.Required(resources.VolumeSizeInGB, "resourceConfig.volumeSizeInGB"))
            {
                errors.Minimum(resources.VolumeSizeInGB, "resourceConfig.volumeSizeInGB", 1);
            }

            errors.Minimum(resources.KeepAlivePeriodInSeconds, "resourceConfig.keepAlivePeriodInSeconds", 0);
            errors.Maximum(resources.KeepAlivePeriodInSeconds, "resourceConfig.keepAlivePeriodInSeconds", 3600);
        }

        if (request.VpcConfig is { } vpc)
        {
            if (errors.Required(vpc.SecurityGroupIds, "vpcConfig.securityGroupIds"))
            {
                errors.Items(vpc.SecurityGroupIds, "vpcConfig.securityGroupIds", 1, 5);
            }

            if (errors.Required(vpc.Subnets, "vpcConfig.subnets"))
            {
                errors.Items(vpc.Subnets, "vpcConfig.subnets", 1, 16);
            }
        }

        if (errors.Required(request.StoppingCondition, "stoppingCondition"))
        {
            errors.Minimum(request.StoppingCondition!.MaxRuntimeInSeconds, "stoppingCondition.maxRuntimeInSeconds", 1);
            errors.Minimum(request.StoppingCondition.MaxWaitTimeInSeconds, "stoppingCondition.maxWaitTimeInSeconds", 1);
        }

        TagChecks.Check(request.Tags, "tags", errors);

        if (request.CheckpointConfig is { } checkpoint && errors.Required(checkpoint.S3Uri, "checkpointConfig.s3Uri"))
        {
            CheckS3Uri(checkpoint.S3Uri, "checkpointConfig.s3Uri", errors);
            errors.Length(checkpoint.LocalPath, "checkpointConfig.localPath", 0, 4096);
        }

        errors.Items(request.Environment?.Keys.ToList(), "environment", 0, 48);
        errors.MapEntries(request.Environment, "environment", keys: true, max: 512, pattern: EnvironmentKeyPattern);
        errors.MapEntries(request.Environment, "environment", keys: false, max: 512);
    }

    private static void CheckChannel(Channel channel, string at, ConstraintErrors errors)
    {
        if (errors.Required(channel.ChannelName, $"{at}.channelName"))
        {
            errors.Length(channel.ChannelName, $"{at}.channelName", 1, 64);
            errors.Pattern(channel.ChannelName, $"{at}.channelName", ChannelNamePattern);
        }

        if (errors.Required(channel.DataSource, $"{at}.dataSource") && channel.DataSource!.S3DataSource is { } s3)
        {
            var source = $"{at}.dataSource.s3DataSource";
            if (errors.Required(s3.S3DataType, $"{source}.s3DataType"))
            {
                errors.Enum(s3.S3DataType, $"{source}.s3DataType", S3DataTypes);
            }

            if (errors.Required(s3.S3Uri, $"{source}.s3Uri"))
            {
                CheckS3Uri(s3.S3Uri, $"{source}.s3Uri", errors);
            }

            errors.Enum(s3.S3DataDistributionType, $"{source}.s3DataDistributionType", S3DataDistributions);
        }

        errors.Length(channel.ContentType, $"{at}.contentType", 0, 256);
        errors.Enum(channel.CompressionType, $"{at}.compressionType", CompressionTypes);
        errors.Enum(channel.RecordWrapperType, $"{at}.recordWrapperType", RecordWrappers);
        errors.Enum(channel.InputMode, $"{at}.inputMode", InputModes);
    }

    private static void CheckS3Uri(string? uri, string path, ConstraintErrors errors)
    {
        errors.Length(uri, path, 0, 1024);
        errors.Pattern(uri, path, S3UriPattern);
    }

    /// <summary>Rules beyond the model's constraints, each its own ValidationException, first one wins.</summary>
    private static void CheckRules(CreateTrainingJobRequest request)
    {
        var algorithm = request.AlgorithmSpecification!;
        if (algorithm.TrainingImage is null && algorithm.AlgorithmName is null)
        {
            throw TrainingErrors.Validation("You must specify either a TrainingImage or an AlgorithmName in the AlgorithmSpecification.");
        }

        if (algorithm.TrainingImage is not null && algorithm.AlgorithmName is not null)
        {
            throw TrainingErrors.Validation("You can specify either a TrainingImage or an AlgorithmName in the AlgorithmSpecification, but not both.");
        }

        if (algorithm.AlgorithmName is not null)
        {
            throw TrainingErrors.Validation($"AlgorithmName '{algorithm.AlgorithmName}': algorithm resources (AWS Marketplace) are not supported by Sagebrush yet; use a TrainingImage.");
        }

        foreach (var definition in algorithm.MetricDefinitions ?? [])
        {
            try
            {
                _ = new Regex(definition.Regex!, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException invalid)
            {
                throw TrainingErrors.Validation($"The regular expression '{definition.Regex}' of metric '{definition.Name}' is not valid: {invalid.Message}");
            }
        }

        var resources = request.ResourceConfig!;
        if (resources.InstanceType is null)
        {
            throw TrainingErrors.Validation("ResourceConfig must specify InstanceType and InstanceCount: InstanceGroups (heterogeneous clusters) are not supported by Sagebrush yet.");
        }

        if (resources.InstanceCount is not >= 1)
        {
            throw TrainingErrors.Validation($"Value '{resources.InstanceCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}' at 'resourceConfig.instanceCount' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }

        var channels = request.InputDataConfig ?? [];
        var duplicate = channels.GroupBy(c => c.ChannelName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw TrainingErrors.Validation($"Channel names must be unique: the channel '{duplicate.Key}' appears {duplicate.Count()} times in InputDataConfig.");
        }

        foreach (var channel in channels)
        {
            var mode = channel.InputMode ?? algorithm.TrainingInputMode!;
            if (channel.CompressionType == "Gzip" && mode != "Pipe")
            {
                throw TrainingErrors.Validation($"Channel '{channel.ChannelName}': CompressionType Gzip is only supported with the Pipe input mode, and the channel uses {mode}.");
            }

            if (channel.DataSource!.S3DataSource is null)
            {
                throw TrainingErrors.Validation($"Channel '{channel.ChannelName}': only S3DataSource is supported by Sagebrush yet (FileSystemDataSource is not).");
            }

            RequireS3Scheme(channel.DataSource.S3DataSource.S3Uri!, $"Channel '{channel.ChannelName}' S3Uri");
        }

        RequireS3Scheme(request.OutputDataConfig!.S3OutputPath!, "OutputDataConfig.S3OutputPath");
        if (request.CheckpointConfig?.S3Uri is { } checkpoint)
        {
            RequireS3Scheme(checkpoint, "CheckpointConfig.S3Uri");
        }

        foreach (var mode in channels.Select(c => c.InputMode).Prepend(algorithm.TrainingInputMode))
        {
            if (mode is "Pipe" or "FastFile")
            {
                throw TrainingErrors.Validation($"TrainingInputMode {mode} is not supported by Sagebrush yet; use File.");
            }
        }
    }

    private static void RequireS3Scheme(string uri, string what)
    {
        if (!uri.StartsWith("s3://", StringComparison.Ordinal) || uri.Length <= "s3://".Length || uri["s3://".Length] == '/')
        {
            throw TrainingErrors.Validation($"{what} '{uri}' must be an s3://bucket/prefix URI: Sagebrush reads and writes only its own S3.");
        }
    }
}
