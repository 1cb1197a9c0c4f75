using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Hosting;

/// <summary>The name patterns of models, endpoint configurations, endpoints and variants, checked as the model does.</summary>
public static class HostingNames
{
    public const string ModelNamePattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9])*";
    public const string EndpointNamePattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";

    /// <summary>Checks a required name; false when it is missing (the error is recorded).</summary>
    public static bool Check(string? name, string path, string pattern, ConstraintErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!errors.Required(name, path))
        {
            return false;
        }

        errors.Length(name, path, 0, 63);
        errors.Pattern(name, path, pattern);
        return true;
    }

    /// <summary>A request whose only member is a required name (Describe and Delete).</summary>
    public static string Require(string? name, string path, string pattern)
    {
        var errors = new ConstraintErrors();
        Check(name, path, pattern, errors);
        errors.ThrowIfAny();
        return name!;
    }
}
