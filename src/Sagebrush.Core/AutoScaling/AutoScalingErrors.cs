using Sagebrush.Core.Common;

namespace Sagebrush.Core.AutoScaling;

/// <summary>Application Auto Scaling's errors in its own codes.</summary>
public static class AutoScalingErrors
{
    public static AwsException Validation(string message) => new("ValidationException", message);

    public static AwsException NotFound(string message) => new("ObjectNotFoundException", message);
}
