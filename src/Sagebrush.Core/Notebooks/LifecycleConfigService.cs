using Sagebrush.Core.Common;
using Sagebrush.Core.Notebooks.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Notebooks;

/// <summary>
/// Notebook instance lifecycle configurations: an OnCreate and an OnStart script each (base64, as the API takes them),
/// which <see cref="NotebookHost"/> runs. Changing one changes what the instances that name it run at their next start.
/// </summary>
public sealed class LifecycleConfigService(IMetadataStore metadata, AccountSettings account, TimeProvider time)
{
    public const string ResourceType = "notebook-instance-lifecycle-config";

    private readonly DocumentStore<DescribeNotebookInstanceLifecycleConfigResponse> configs =
        new(metadata, account, ResourceType, NotebookJsonContext.Default.DescribeNotebookInstanceLifecycleConfigResponse, "lifecycle configuration");

    public async Task<CreateNotebookInstanceLifecycleConfigResponse> CreateAsync(CreateNotebookInstanceLifecycleConfigRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        NotebookChecks.RequiredName(errors, request.NotebookInstanceLifecycleConfigName, "notebookInstanceLifecycleConfigName");

        CheckHooks(errors, request.OnCreate, "onCreate");
        CheckHooks(errors, request.OnStart, "onStart");
        TagChecks.Check(request.Tags, "tags", errors);
        errors.ThrowIfAny();

        var name = request.NotebookInstanceLifecycleConfigName!;
        var now = time.GetUtcNow();
        var config = new DescribeNotebookInstanceLifecycleConfigResponse
        {
            NotebookInstanceLifecycleConfigArn = configs.ArnOf(name),
            NotebookInstanceLifecycleConfigName = name,
            OnCreate = request.OnCreate,
            OnStart = request.OnStart,
            CreationTime = now,
            LastModifiedTime = now,
        };
        if (!await configs.TryInsertAsync(name, config, cancellationToken))
        {
            throw NotebookErrors.LifecycleConfigExists(configs.ArnOf(name));
        }

        await CreationTags.SetAsync(metadata, config.NotebookInstanceLifecycleConfigArn, request.Tags, cancellationToken);
        return new CreateNotebookInstanceLifecycleConfigResponse(config.NotebookInstanceLifecycleConfigArn);
    }

    public async Task<DescribeNotebookInstanceLifecycleConfigResponse> DescribeAsync(string? name, CancellationToken cancellationToken = default)
    {
        NotebookChecks.RequireName(name, "notebookInstanceLifecycleConfigName");
        return await FindAsync(name!, cancellationToken) ?? throw NotebookErrors.LifecycleConfigNotFound("describe", configs.ArnOf(name!));
    }

    /// <summary>The configuration, or null (an instance whose configuration was deleted runs without one).</summary>
    public Task<DescribeNotebookInstanceLifecycleConfigResponse?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        configs.GetAsync(name, cancellationToken);

    public string ArnOf(string name) => configs.ArnOf(name);

    public async Task UpdateAsync(UpdateNotebookInstanceLifecycleConfigRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        NotebookChecks.RequiredName(errors, request.NotebookInstanceLifecycleConfigName, "notebookInstanceLifecycleConfigName");

        CheckHooks(errors, request.OnCreate, "onCreate");
        CheckHooks(errors, request.OnStart, "onStart");
        errors.ThrowIfAny();
        var name = request.NotebookInstanceLifecycleConfigName!;
        _ = await configs.UpdateAsync(
                name,
                config => config with
                {
                    OnCreate = request.OnCreate ?? config.OnCreate,
                    OnStart = request.OnStart ?? config.OnStart,
                    LastModifiedTime = time.GetUtcNow(),
                },
                cancellationToken)
            ?? throw NotebookErrors.LifecycleConfigNotFound("update", configs.ArnOf(name));
    }

    public async Task DeleteAsync(string? name, CancellationToken cancellationToken = default)
    {
        NotebookChecks.RequireName(name, "notebookInstanceLifecycleConfigName");
        if (!await configs.DeleteAsync(name!, cancellationToken))
        {
            throw NotebookErrors.LifecycleConfigNotFound("delete", configs.ArnOf(name!));
        }
    }

    public async Task<ListNotebookInstanceLifecycleConfigsResponse> ListAsync(ListNamedResourcesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = NotebookChecks.Query(request, null, ["Name", "CreationTime", "LastModifiedTime"], "CreationTime", "Descending", "ListNotebookInstanceLifecycleConfigs");
        var (page, next) = query.Apply(
            await configs.ListAsync(cancellationToken),
            c => new ListItem(c.NotebookInstanceLifecycleConfigName, c.CreationTime, c.LastModifiedTime));
        return new ListNotebookInstanceLifecycleConfigsResponse(
            [.. page.Select(c => new NotebookInstanceLifecycleConfigSummary(c.NotebookInstanceLifecycleConfigName, c.NotebookInstanceLifecycleConfigArn, c.CreationTime, c.LastModifiedTime))],
            next);
    }

    /// <summary>At most one script per hook, 1-16384 characters of base64.</summary>
    private static void CheckHooks(ConstraintErrors errors, IReadOnlyList<NotebookInstanceLifecycleHook>? hooks, string path)
    {
        errors.Items(hooks, path, 0, 1);
        for (var i = 0; hooks is not null && i < hooks.Count; i++)
        {
            errors.Length(hooks[i].Content, $"{path}.{i + 1}.member.content", 1, 16384);
        }
    }
}
