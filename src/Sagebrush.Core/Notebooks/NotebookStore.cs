using Sagebrush.Core.Common;
using Sagebrush.Core.Notebooks.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Notebooks;

/// <summary>
/// Notebook instances in the metadata store (type <c>notebook-instance</c>), as their Describe documents: every update
/// stamps LastModifiedTime, and a missing one is RecordNotFound.
/// </summary>
public static class NotebookStore
{
    public const string ResourceType = "notebook-instance";

    public static JobStore<DescribeNotebookInstanceResponse> Create(IMetadataStore store, AccountSettings account, TimeProvider time) => new(
        store, account, time, ResourceType, NotebookJsonContext.Default.DescribeNotebookInstanceResponse,
        notebook => notebook.NotebookInstanceName, notebook => notebook.NotebookInstanceStatus,
        (notebook, now) => notebook with { LastModifiedTime = now }, _ => NotebookErrors.NotFound());
}
