using Sagebrush.Core.Notebooks;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>The notebook family's services as one bundle (one constructor parameter).</summary>
public sealed record NotebookServices(NotebookInstanceService Instances, LifecycleConfigService LifecycleConfigs, CodeRepositoryService Repositories);
