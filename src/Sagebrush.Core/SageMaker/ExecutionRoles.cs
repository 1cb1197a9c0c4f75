using Sagebrush.Core.Iam;

namespace Sagebrush.Core.SageMaker;

/// <summary>
/// SageMaker assumes the role a CreateTrainingJob, CreateModel or CreateHyperParameterTuningJob names, and refuses the
/// request when it cannot: the role must exist in IAM (Sagebrush's, where <c>SageMakerRole</c> exists from the start).
/// Its policies are not evaluated.
/// </summary>
public sealed class ExecutionRoles(IamService iam)
{
    public async Task RequireAsync(string? roleArn, CancellationToken cancellationToken = default)
    {
        if (roleArn is not null && await iam.FindByArnAsync(roleArn, cancellationToken) is null)
        {
            throw SageMakerErrors.Validation($"Could not assume role {roleArn}. Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role.");
        }
    }
}
