using Sagebrush.Core.Notebooks.Shapes;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>Notebook instances, their lifecycle configurations and code repositories: mapping only (Sagebrush.Core.Notebooks).</summary>
public sealed partial class SageMakerApi
{
    private static readonly NotebookJsonContext NotebookJson = NotebookJsonContext.Default;

    private static readonly Dictionary<string, Func<SageMakerApi, ReadOnlyMemory<byte>, Edge.ServiceCall, Task<byte[]>>> NotebooksTable = new(StringComparer.Ordinal)
    {
        ["CreateNotebookInstance"] = (api, input, call) =>
            CallAsync(input, NotebookJson.CreateNotebookInstanceRequest, api.notebooks.Instances.CreateAsync, NotebookJson.CreateNotebookInstanceResponse, call),
        ["DescribeNotebookInstance"] = (api, input, call) =>
            CallAsync(input, NotebookJson.NotebookInstanceNameRequest, (r, ct) => api.notebooks.Instances.DescribeAsync(r.NotebookInstanceName, ct), NotebookJson.DescribeNotebookInstanceResponse, call),
        ["ListNotebookInstances"] = (api, input, call) =>
            CallAsync(input, NotebookJson.ListNotebookInstancesRequest, api.notebooks.Instances.ListAsync, NotebookJson.ListNotebookInstancesResponse, call),
        ["StartNotebookInstance"] = (api, input, call) =>
            CallAsync(input, NotebookJson.NotebookInstanceNameRequest, (r, ct) => api.notebooks.Instances.StartAsync(r.NotebookInstanceName, ct), call),
        ["StopNotebookInstance"] = (api, input, call) =>
            CallAsync(input, NotebookJson.NotebookInstanceNameRequest, (r, ct) => api.notebooks.Instances.StopAsync(r.NotebookInstanceName, ct), call),
        ["UpdateNotebookInstance"] = (api, input, call) =>
            CallAsync(input, NotebookJson.UpdateNotebookInstanceRequest, api.notebooks.Instances.UpdateAsync, call),
        ["DeleteNotebookInstance"] = (api, input, call) =>
            CallAsync(input, NotebookJson.NotebookInstanceNameRequest, (r, ct) => api.notebooks.Instances.DeleteAsync(r.NotebookInstanceName, ct), call),
        ["CreatePresignedNotebookInstanceUrl"] = (api, input, call) =>
            CallAsync(input, NotebookJson.CreatePresignedNotebookInstanceUrlRequest, api.notebooks.Instances.CreatePresignedUrlAsync, NotebookJson.CreatePresignedNotebookInstanceUrlResponse, call),
        ["CreateNotebookInstanceLifecycleConfig"] = (api, input, call) =>
            CallAsync(input, NotebookJson.CreateNotebookInstanceLifecycleConfigRequest, api.notebooks.LifecycleConfigs.CreateAsync, NotebookJson.CreateNotebookInstanceLifecycleConfigResponse, call),
        ["DescribeNotebookInstanceLifecycleConfig"] = (api, input, call) =>
            CallAsync(input, NotebookJson.LifecycleConfigNameRequest, (r, ct) => api.notebooks.LifecycleConfigs.DescribeAsync(r.NotebookInstanceLifecycleConfigName, ct), NotebookJson.DescribeNotebookInstanceLifecycleConfigResponse, call),
        ["ListNotebookInstanceLifecycleConfigs"] = (api, input, call) =>
            CallAsync(input, NotebookJson.ListNamedResourcesRequest, api.notebooks.LifecycleConfigs.ListAsync, NotebookJson.ListNotebookInstanceLifecycleConfigsResponse, call),
        ["UpdateNotebookInstanceLifecycleConfig"] = (api, input, call) =>
            CallAsync(input, NotebookJson.UpdateNotebookInstanceLifecycleConfigRequest, api.notebooks.LifecycleConfigs.UpdateAsync, call),
        ["DeleteNotebookInstanceLifecycleConfig"] = (api, input, call) =>
            CallAsync(input, NotebookJson.LifecycleConfigNameRequest, (r, ct) => api.notebooks.LifecycleConfigs.DeleteAsync(r.NotebookInstanceLifecycleConfigName, ct), call),
        ["CreateCodeRepository"] = (api, input, call) =>
            CallAsync(input, NotebookJson.CreateCodeRepositoryRequest, api.notebooks.Repositories.CreateAsync, NotebookJson.CodeRepositoryArnResponse, call),
        ["DescribeCodeRepository"] = (api, input, call) =>
            CallAsync(input, NotebookJson.CodeRepositoryNameRequest, (r, ct) => api.notebooks.Repositories.DescribeAsync(r.CodeRepositoryName, ct), NotebookJson.DescribeCodeRepositoryResponse, call),
        ["ListCodeRepositories"] = (api, input, call) =>
            CallAsync(input, NotebookJson.ListNamedResourcesRequest, api.notebooks.Repositories.ListAsync, NotebookJson.ListCodeRepositoriesResponse, call),
        ["UpdateCodeRepository"] = (api, input, call) =>
            CallAsync(input, NotebookJson.UpdateCodeRepositoryRequest, api.notebooks.Repositories.UpdateAsync, NotebookJson.CodeRepositoryArnResponse, call),
        ["DeleteCodeRepository"] = (api, input, call) =>
            CallAsync(input, NotebookJson.CodeRepositoryNameRequest, (r, ct) => api.notebooks.Repositories.DeleteAsync(r.CodeRepositoryName, ct), call),
    };
}
