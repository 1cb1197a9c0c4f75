using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Models;
using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Hosting.EndpointConfigs;

/// <summary>
/// CreateEndpointConfig, DescribeEndpointConfig, ListEndpointConfigs and DeleteEndpointConfig over the metadata store
/// (type <c>endpoint-config</c>; the document is the Describe shape). Every variant's model must exist when the
/// configuration is created. Deleting a configuration an endpoint runs is allowed, as on SageMaker: the endpoint
/// keeps its own copy.
/// Not supported yet: serverless and shadow variants, asynchronous inference, explainers, KMS keys (echoed, unused).
/// </summary>
public sealed class EndpointConfigService(HostingStore<DescribeEndpointConfigOutput> configs, ModelService models, IMetadataStore metadata, TimeProvider time)
{
    /// <summary>SageMaker's InitialVariantWeight when the request leaves it out.</summary>
    public const float DefaultWeight = 1.0f;

    public static IReadOnlyList<string> SortKeys { get; } = ["Name", "CreationTime"];

    public async Task<CreateEndpointConfigOutput> CreateAsync(CreateEndpointConfigInput request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EndpointConfigValidator.Validate(request);
        foreach (var variant in request.ProductionVariants!)
        {
            await models.RequireAsync(variant.ModelName!, cancellationToken);
        }

        var name = request.EndpointConfigName!;
        var arn = configs.ArnOf(name);
        var config = new DescribeEndpointConfigOutput
        {
            EndpointConfigName = name,
            EndpointConfigArn = arn,
            ProductionVariants = request.ProductionVariants!
                .Select(v => v with { InitialVariantWeight = v.InitialVariantWeight ?? DefaultWeight })
                .ToList(),
            DataCaptureConfig = request.DataCaptureConfig is { } capture
                ? capture with { EnableCapture = capture.EnableCapture ?? true }
                : null,
            KmsKeyId = request.KmsKeyId,
            CreationTime = time.GetUtcNow(),
        };
        if (!await configs.TryInsertAsync(name, config, cancellationToken))
        {
            throw HostingErrors.EndpointConfigExists(arn);
        }

        await CreationTags.SetAsync(metadata, arn, request.Tags, cancellationToken);

        return new CreateEndpointConfigOutput(arn);
    }

    public async Task<DescribeEndpointConfigOutput> DescribeAsync(string? name, CancellationToken cancellationToken = default)
    {
        HostingNames.Require(name, "endpointConfigName", HostingNames.EndpointNamePattern);
        return await RequireAsync(name!, cancellationToken);
    }

    /// <summary>The configuration, or the ValidationException CreateEndpoint and UpdateEndpoint answer.</summary>
    public async Task<DescribeEndpointConfigOutput> RequireAsync(string name, CancellationToken cancellationToken = default) =>
        await configs.GetAsync(name, cancellationToken) ?? throw HostingErrors.EndpointConfigNotFound(configs.ArnOf(name));

    public async Task<ListEndpointConfigsOutput> ListAsync(ListEndpointConfigsInput request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = HostingListQuery.Parse(request, SortKeys);
        var (page, next) = query.Apply(await configs.ListAsync(cancellationToken), c => new ListItem(c.EndpointConfigName, c.CreationTime, c.CreationTime));
        return new ListEndpointConfigsOutput(page.Select(c => new EndpointConfigSummary(c.EndpointConfigName, c.EndpointConfigArn, c.CreationTime)).ToList(), next);
    }

    /// <summary>The configuration's tags go with it (the store cascades).</summary>
    public async Task DeleteAsync(string? name, CancellationToken cancellationToken = default)
    {
        HostingNames.Require(name, "endpointConfigName", HostingNames.EndpointNamePattern);
        if (!await configs.DeleteAsync(name!, cancellationToken))
        {
            throw HostingErrors.EndpointConfigNotFound(configs.ArnOf(name!));
        }
    }
}
