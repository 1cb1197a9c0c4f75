using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Notebooks;

/// <summary>The constraints the notebook family's members share, as the botocore model states them.</summary>
internal static class NotebookChecks
{
    /// <summary>NotebookInstanceName, NotebookInstanceLifecycleConfigName and CodeRepositoryName: up to 63 characters, letters, digits and inner hyphens.</summary>
    public const string NamePattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9])*";

    public static void Name(ConstraintErrors errors, string? name, string path)
    {
        errors.Length(name, path, 0, 63);
        errors.Pattern(name, path, NamePattern);
    }

    /// <summary>A required name: null is "Member must not be null", else <see cref="Name"/>'s checks.</summary>
    public static void RequiredName(ConstraintErrors errors, string? name, string path)
    {
        if (errors.Required(name, path))
        {
            Name(errors, name, path);
        }
    }

    /// <summary>An operation whose only member is a required name: its checks, thrown at once.</summary>
    public static void RequireName(string? name, string path)
    {
        var errors = new ConstraintErrors();
        RequiredName(errors, name, path);
        errors.ThrowIfAny();
    }

    /// <summary>A List operation's checks and its query, with that operation's sort keys and defaults.</summary>
    public static ListQuery Query(IListRequest request, IReadOnlyList<string>? statuses, IReadOnlyList<string> sortKeys, string defaultSortBy, string defaultSortOrder, string operation)
    {
        var errors = new ConstraintErrors();
        ListChecks.Check(errors, request, statuses ?? [], sortKeys);
        errors.ThrowIfAny();
        return ListQuery.Parse(request, defaultSortBy, defaultSortOrder, $"Invalid pagination token: NextToken must come from a previous {operation} response with the same SortBy.");
    }
}
