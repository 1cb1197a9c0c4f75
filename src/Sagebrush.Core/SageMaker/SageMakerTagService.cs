using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.SageMaker;

/// <summary>
/// AddTags, ListTags and DeleteTags for any SageMaker resource the metadata store holds (the ARN names its type and
/// name). An ARN of no stored resource answers ValidationException, as SageMaker does for these three operations
/// (their model declares no ResourceNotFound). Belongs in a shared SageMaker folder once a second resource family exists.
/// </summary>
public sealed class SageMakerTagService(IMetadataStore metadata, AccountSettings account)
{
    private const string ResourceArnPattern = "arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+";

    public async Task<AddTagsOutput> AddTagsAsync(AddTagsInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ConstraintErrors();
        CheckArn(input.ResourceArn, errors);
        if (errors.Required(input.Tags, "tags"))
        {
            TagChecks.Check(input.Tags, "tags", errors);
        }

        errors.ThrowIfAny();
        var arn = await RequireResourceAsync(input.ResourceArn!, cancellationToken);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in input.Tags!)
        {
            tags[tag.Key!] = tag.Value!;
        }

        await metadata.SetTagsAsync(arn, tags, cancellationToken);
        return new AddTagsOutput(input.Tags!);
    }

    /// <summary>A resource holds at most 50 tags, so one page always holds them all.</summary>
    public async Task<ListTagsOutput> ListTagsAsync(ListTagsInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ConstraintErrors();
        CheckArn(input.ResourceArn, errors);
        errors.Minimum(input.MaxResults, "maxResults", 50);
        errors.ThrowIfAny();
        var arn = await RequireResourceAsync(input.ResourceArn!, cancellationToken);
        var tags = await metadata.GetTagsAsync(arn, cancellationToken);
        return new ListTagsOutput(tags.Select(t => new Tag { Key = t.Key, Value = t.Value }).ToList(), null);
    }

    public async Task DeleteTagsAsync(DeleteTagsInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ConstraintErrors();
        CheckArn(input.ResourceArn, errors);
        if (errors.Required(input.TagKeys, "tagKeys"))
        {
            errors.Items(input.TagKeys, "tagKeys", 1, 50);
        }

        errors.ThrowIfAny();
        var arn = await RequireResourceAsync(input.ResourceArn!, cancellationToken);
        await metadata.RemoveTagsAsync(arn, input.TagKeys!, cancellationToken);
    }

    private static void CheckArn(string? arn, ConstraintErrors errors)
    {
        if (errors.Required(arn, "resourceArn"))
        {
            errors.Length(arn, "resourceArn", 0, 256);
            errors.Pattern(arn, "resourceArn", ResourceArnPattern);
        }
    }

    /// <summary>arn:aws:sagemaker:region:account:type/name, looked up as a stored resource; returns the stored ARN.</summary>
    private async Task<string> RequireResourceAsync(string arn, CancellationToken cancellationToken)
    {
        var parts = arn.Split(':', 6);
        var slash = parts.Length == 6 ? parts[5].IndexOf('/', StringComparison.Ordinal) : -1;
        if (slash > 0 && parts[3] == account.Region && parts[4] == account.AccountId)
        {
            var key = new ResourceKey(account.AccountId, account.Region, parts[5][..slash], parts[5][(slash + 1)..]);
            if (await metadata.GetAsync(key, cancellationToken) is { } record)
            {
                return record.Arn;
            }
        }

        throw SageMakerErrors.Validation($"Resource {arn} does not exist.");
    }
}
