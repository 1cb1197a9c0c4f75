using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Hosting.Models;

/// <summary>
/// CreateModel, DescribeModel, ListModels and DeleteModel over the metadata store (type <c>model</c>; the document is
/// the Describe shape). A model is only a record: nothing runs until an endpoint uses it, and deleting it does not
/// affect endpoints already serving it, as on SageMaker.
/// Not supported yet: inference pipelines, multi-model endpoints, model packages, VPC settings (echoed, unused).
/// </summary>
/// <param name="roles">Null in tests that do not check roles; the server always has them.</param>
public sealed class ModelService(HostingStore<DescribeModelOutput> models, IMetadataStore metadata, TimeProvider time, ExecutionRoles? roles = null)
{
    public static IReadOnlyList<string> SortKeys { get; } = ["Name", "CreationTime"];

    public async Task<CreateModelOutput> CreateAsync(CreateModelInput request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ModelValidator.Validate(request);
        if (roles is not null)
        {
            await roles.RequireAsync(request.ExecutionRoleArn, cancellationToken);
        }

        var name = request.ModelName!;
        var arn = models.ArnOf(name);
        var model = new DescribeModelOutput
        {
            ModelName = name,
            PrimaryContainer = request.PrimaryContainer is { } primary ? WithDefaults(primary) : null,
            Containers = request.Containers?.Select(WithDefaults).ToList(),
            InferenceExecutionConfig = request.InferenceExecutionConfig,
            ExecutionRoleArn = request.ExecutionRoleArn!,
            VpcConfig = request.VpcConfig,
            CreationTime = time.GetUtcNow(),
            ModelArn = arn,
            EnableNetworkIsolation = request.EnableNetworkIsolation ?? false,
        };
        if (!await models.TryInsertAsync(name, model, cancellationToken))
        {
            throw HostingErrors.ModelExists(arn);
        }

        await CreationTags.SetAsync(metadata, arn, request.Tags, cancellationToken);

        return new CreateModelOutput(arn);
    }

    public async Task<DescribeModelOutput> DescribeAsync(string? name, CancellationToken cancellationToken = default)
    {
        HostingNames.Require(name, "modelName", HostingNames.ModelNamePattern);
        return await models.GetAsync(name!, cancellationToken) ?? throw HostingErrors.ModelNotFound(models.ArnOf(name!));
    }

    /// <summary>The model of a production variant, or the ValidationException CreateEndpointConfig and CreateEndpoint answer.</summary>
    public async Task<DescribeModelOutput> RequireAsync(string name, CancellationToken cancellationToken = default) =>
        await models.GetAsync(name, cancellationToken) ?? throw HostingErrors.ModelNotFound(models.ArnOf(name));

    public async Task<ListModelsOutput> ListAsync(ListModelsInput request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = HostingListQuery.Parse(request, SortKeys);
        var (page, next) = query.Apply(await models.ListAsync(cancellationToken), m => new ListItem(m.ModelName, m.CreationTime, m.CreationTime));
        return new ListModelsOutput(page.Select(m => new ModelSummary(m.ModelName, m.ModelArn, m.CreationTime)).ToList(), next);
    }

    /// <summary>The model's tags go with it (the store cascades).</summary>
    public async Task DeleteAsync(string? name, CancellationToken cancellationToken = default)
    {
        HostingNames.Require(name, "modelName", HostingNames.ModelNamePattern);
        if (!await models.DeleteAsync(name!, cancellationToken))
        {
            throw HostingErrors.ModelNotFound(models.ArnOf(name!));
        }
    }

    /// <summary>The container that serves the model: PrimaryContainer, or the single entry of Containers.</summary>
    public static ContainerDefinition ServingContainer(DescribeModelOutput model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.PrimaryContainer ?? model.Containers![0];
    }

    // DescribeModel shows Mode SingleModel when the request left it out, as SageMaker does.
    private static ContainerDefinition WithDefaults(ContainerDefinition container) => container with { Mode = container.Mode ?? "SingleModel" };
}
