using Sagebrush.Core.Common;
using Sagebrush.Core.Notebooks.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Notebooks;

/// <summary>
/// Code repositories: Git repositories registered by name, which notebook instances name as their default or
/// additional repositories and clone at creation. Not supported yet: SecretArn (kept; a clone runs without credentials,
/// as there is no Secrets Manager here).
/// </summary>
public sealed class CodeRepositoryService(IMetadataStore metadata, AccountSettings account, TimeProvider time)
{
    public const string ResourceType = "code-repository";

    private readonly DocumentStore<DescribeCodeRepositoryResponse> repositories =
        new(metadata, account, ResourceType, NotebookJsonContext.Default.DescribeCodeRepositoryResponse, "code repository");

    public async Task<CodeRepositoryArnResponse> CreateAsync(CreateCodeRepositoryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        CheckName(errors, request.CodeRepositoryName);
        if (errors.Required(request.GitConfig, "gitConfig") && errors.Required(request.GitConfig!.RepositoryUrl, "gitConfig.repositoryUrl"))
        {
            GitUrls.Check(errors, request.GitConfig.RepositoryUrl, "gitConfig.repositoryUrl");
        }

        errors.Length(request.GitConfig?.Branch, "gitConfig.branch", 1, 1024);
        errors.Pattern(request.GitConfig?.Branch, "gitConfig.branch", @"[^ ~^:?*\[]+");
        TagChecks.Check(request.Tags, "tags", errors);
        errors.ThrowIfAny();
        if (request.GitConfig!.Branch is { } branch && branch.StartsWith('-'))
        {
            throw NotebookErrors.Validation($"The branch name '{branch}' is not valid: a branch cannot start with '-'.");
        }

        var name = request.CodeRepositoryName!;
        var now = time.GetUtcNow();
        var repository = new DescribeCodeRepositoryResponse(name, repositories.ArnOf(name), now, now, request.GitConfig);
        if (!await repositories.TryInsertAsync(name, repository, cancellationToken))
        {
            throw NotebookErrors.CodeRepositoryExists(repository.CodeRepositoryArn);
        }

        await CreationTags.SetAsync(metadata, repository.CodeRepositoryArn, request.Tags, cancellationToken);
        return new CodeRepositoryArnResponse(repository.CodeRepositoryArn);
    }

    public async Task<DescribeCodeRepositoryResponse> DescribeAsync(string? name, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        return await FindAsync(name!, cancellationToken) ?? throw NotebookErrors.CodeRepositoryNotFound(repositories.ArnOf(name!));
    }

    public Task<DescribeCodeRepositoryResponse?> FindAsync(string name, CancellationToken cancellationToken = default) =>
        repositories.GetAsync(name, cancellationToken);

    public async Task<CodeRepositoryArnResponse> UpdateAsync(UpdateCodeRepositoryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireName(request.CodeRepositoryName);
        var name = request.CodeRepositoryName!;
        var updated = await repositories.UpdateAsync(
                name,
                repository => repository with
                {
                    GitConfig = repository.GitConfig with { SecretArn = request.GitConfig?.SecretArn ?? repository.GitConfig.SecretArn },
                    LastModifiedTime = time.GetUtcNow(),
                },
                cancellationToken)
            ?? throw NotebookErrors.CodeRepositoryNotFound(repositories.ArnOf(name));
        return new CodeRepositoryArnResponse(updated.CodeRepositoryArn);
    }

    public async Task DeleteAsync(string? name, CancellationToken cancellationToken = default)
    {
        RequireName(name);
        if (!await repositories.DeleteAsync(name!, cancellationToken))
        {
            throw NotebookErrors.CodeRepositoryNotFound(repositories.ArnOf(name!));
        }
    }

    public async Task<ListCodeRepositoriesResponse> ListAsync(ListNamedResourcesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = NotebookChecks.Query(request, null, ["Name", "CreationTime", "LastModifiedTime"], "Name", "Ascending", "ListCodeRepositories");
        var (page, next) = query.Apply(
            await repositories.ListAsync(cancellationToken),
            r => new ListItem(r.CodeRepositoryName, r.CreationTime, r.LastModifiedTime));
        return new ListCodeRepositoriesResponse(page, next);
    }

    /// <summary>What a notebook's DefaultCodeRepository or AdditionalCodeRepositories entry names: a URL as it is, or a registered repository.</summary>
    public async Task<GitConfig> ResolveAsync(string nameOrUrl, CancellationToken cancellationToken = default)
    {
        if (GitUrls.IsUrl(nameOrUrl))
        {
            return new GitConfig(nameOrUrl);
        }

        var repository = await FindAsync(nameOrUrl, cancellationToken) ?? throw NotebookErrors.CodeRepositoryNotFound(repositories.ArnOf(nameOrUrl));
        return repository.GitConfig;
    }

    private static void CheckName(ConstraintErrors errors, string? name)
    {
        if (errors.Required(name, "codeRepositoryName"))
        {
            errors.Length(name, "codeRepositoryName", 1, 63);
            errors.Pattern(name, "codeRepositoryName", "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");
        }
    }

    private static void RequireName(string? name)
    {
        var errors = new ConstraintErrors();
        CheckName(errors, name);
        errors.ThrowIfAny();
    }
}
