using System.Text.Json.Serialization;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Notebooks.Shapes;

/// <summary>The notebook instance, lifecycle configuration and code repository shapes on the wire and in the metadata store.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateNotebookInstanceRequest))]
[JsonSerializable(typeof(CreateNotebookInstanceResponse))]
[JsonSerializable(typeof(NotebookInstanceNameRequest))]
[JsonSerializable(typeof(DescribeNotebookInstanceResponse))]
[JsonSerializable(typeof(ListNotebookInstancesRequest))]
[JsonSerializable(typeof(ListNotebookInstancesResponse))]
[JsonSerializable(typeof(UpdateNotebookInstanceRequest))]
[JsonSerializable(typeof(CreatePresignedNotebookInstanceUrlRequest))]
[JsonSerializable(typeof(CreatePresignedNotebookInstanceUrlResponse))]
[JsonSerializable(typeof(CreateNotebookInstanceLifecycleConfigRequest))]
[JsonSerializable(typeof(CreateNotebookInstanceLifecycleConfigResponse))]
[JsonSerializable(typeof(LifecycleConfigNameRequest))]
[JsonSerializable(typeof(DescribeNotebookInstanceLifecycleConfigResponse))]
[JsonSerializable(typeof(UpdateNotebookInstanceLifecycleConfigRequest))]
[JsonSerializable(typeof(ListNamedResourcesRequest))]
[JsonSerializable(typeof(ListNotebookInstanceLifecycleConfigsResponse))]
[JsonSerializable(typeof(CreateCodeRepositoryRequest))]
[JsonSerializable(typeof(CodeRepositoryArnResponse))]
[JsonSerializable(typeof(CodeRepositoryNameRequest))]
[JsonSerializable(typeof(DescribeCodeRepositoryResponse))]
[JsonSerializable(typeof(UpdateCodeRepositoryRequest))]
[JsonSerializable(typeof(ListCodeRepositoriesResponse))]
public sealed partial class NotebookJsonContext : JsonSerializerContext;
