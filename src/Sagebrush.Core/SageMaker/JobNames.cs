namespace Sagebrush.Core.SageMaker;

/// <summary>The name of a training, processing or transform job, checked as the model does: 1-63 characters of the job-name pattern.</summary>
public static class JobNames
{
    public const string Pattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

    /// <summary>Checks a required name at <paramref name="path"/>; false when it is missing (the error is recorded).</summary>
    public static bool Check(string? name, string path, ConstraintErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!errors.Required(name, path))
        {
            return false;
        }

        errors.Length(name, path, 1, 63);
        errors.Pattern(name, path, Pattern);
        return true;
    }

    /// <summary>A request whose only member is the job's name (Describe and Stop); returns the name.</summary>
    public static string Require(string? name, string path)
    {
        var errors = new ConstraintErrors();
        Check(name, path, errors);
        errors.ThrowIfAny();
        return name!;
    }
}
