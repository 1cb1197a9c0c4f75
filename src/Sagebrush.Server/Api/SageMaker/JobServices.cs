using Sagebrush.Core.Compilation;
using Sagebrush.Core.Processing;
using Sagebrush.Core.Transform;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>The services of the job kinds beside training and tuning, as one bundle (one constructor parameter).</summary>
public sealed record JobServices(ProcessingJobService Processing, TransformJobService Transform, CompilationJobService Compilation);
