using Sagebrush.Core.Common;
using Sagebrush.Core.Notebooks.Shapes;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Notebooks;

/// <summary>Notebook instances as their Describe documents; every update stamps LastModifiedTime; a missing one is RecordNotFound.</summary>
public sealed class NotebookStore(IMetadataStore metadata, AccountSettings account, TimeProvider time)
{
    public const string ResourceType = "notebook-instance";

    private readonly DocumentStore<DescribeNotebookInstanceResponse> documents =
        new(metadata, account, ResourceType, NotebookJsonContext.Default.DescribeNotebookInstanceResponse, "notebook instance");

    public TimeProvider Time => time;

    public string ArnOf(string name) => documents.ArnOf(name);

    public Task<bool> TryInsertAsync(DescribeNotebookInstanceResponse notebook, CancellationToken cancellationToken = default) =>
        documents.TryInsertAsync(notebook.NotebookInstanceName, notebook, cancellationToken);

    public Task<DescribeNotebookInstanceResponse?> GetAsync(string name, CancellationToken cancellationToken = default) => documents.GetAsync(name, cancellationToken);

    public Task<IReadOnlyList<DescribeNotebookInstanceResponse>> ListAsync(CancellationToken cancellationToken = default) => documents.ListAsync(cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) => documents.DeleteAsync(name, cancellationToken);

    /// <summary>Applies <paramref name="change"/> (null leaves it as it is) and stamps LastModifiedTime; RecordNotFound when it is gone.</summary>
    public async Task<DescribeNotebookInstanceResponse> UpdateAsync(
        string name, Func<DescribeNotebookInstanceResponse, DescribeNotebookInstanceResponse?> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await documents.UpdateAsync(name, n => change(n) is { } changed ? changed with { LastModifiedTime = time.GetUtcNow() } : null, cancellationToken)
            ?? throw NotebookErrors.NotFound();
    }
}
