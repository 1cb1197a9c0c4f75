namespace Sagebrush.Core.SageMaker;

/// <summary>The Tags member's constraints, the same on every SageMaker resource: at most 50, keys 1-128 and values 0-256 characters of the tag pattern.</summary>
public static class TagChecks
{
    public const string TagPattern = @"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$";

    public static void Check(IReadOnlyList<Tag>? tags, string path, ConstraintErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Items(tags, path, 0, 50);
        for (var i = 0; tags is not null && i < tags.Count; i++)
        {
            var at = $"{path}.{i + 1}.member";
            if (errors.Required(tags[i].Key, $"{at}.key"))
            {
                errors.Length(tags[i].Key, $"{at}.key", 1, 128);
                errors.Pattern(tags[i].Key, $"{at}.key", TagPattern);
            }

            if (errors.Required(tags[i].Value, $"{at}.value"))
            {
                errors.Length(tags[i].Value, $"{at}.value", 0, 256);
                errors.Pattern(tags[i].Value, $"{at}.value", TagPattern);
            }
        }
    }
}
