using Sagebrush.Core.Common;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Storage.Metadata;

public sealed class SqliteMetadataStoreResourceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);
    private static readonly ResourceKey JobKey = new("000000000000", "us-east-1", "training-job", "MyJob");
    private const string JobArn = "arn:aws:sagemaker:us-east-1:000000000000:training-job/myjob";

    private readonly TempDirectory directory = new();
    private readonly ManualTimeProvider clock = new(Start);
    private readonly SqliteMetadataStore store;

    public SqliteMetadataStoreResourceTests() => store = SqliteMetadataStore.InDataDir(directory.Path, clock);

    public void Dispose()
    {
        store.Dispose();
        directory.Dispose();
    }

    [Fact]
    public void TheDatabaseLivesInTheDataDir() =>
        Assert.True(File.Exists(directory.File("metadata.db")));

    [Fact]
    public async Task InsertedResourceCanBeReadBack()
    {
        var inserted = await store.InsertAsync(JobKey, JobArn, """{"a":1}""");

        var read = await store.GetAsync(JobKey);

        Assert.Equal(new ResourceRecord(JobKey, JobArn, """{"a":1}""", Start, Start, 1), inserted);
        Assert.Equal(inserted, read);
    }

    [Fact]
    public async Task TimestampsKeepMillisecondsAndDropFinerTicks()
    {
        clock.Advance(TimeSpan.FromTicks(4321));

        var inserted = await store.InsertAsync(JobKey, JobArn, "{}");

        Assert.Equal(Start, inserted.CreatedAt);
        Assert.Equal(inserted, await store.GetAsync(JobKey));
    }

    [Fact]
    public async Task GettingAMissingResourceReturnsNull() =>
        Assert.Null(await store.GetAsync(JobKey));

    [Fact]
    public async Task UpdatingReplacesTheDocumentAndBumpsVersionAndModifiedTime()
    {
        await store.InsertAsync(JobKey, JobArn, "{}");
        clock.Advance(TimeSpan.FromSeconds(5));

        var updated = await store.UpdateAsync(JobKey, 1, """{"status":"Completed"}""");

        Assert.Equal(2, updated.Version);
        Assert.Equal(Start, updated.CreatedAt);
        Assert.Equal(Start.AddSeconds(5), updated.ModifiedAt);
        Assert.Equal(updated, await store.GetAsync(JobKey));
    }

    [Fact]
    public async Task UpdatingWithAStaleVersionIsAConcurrencyConflict()
    {
        await store.InsertAsync(JobKey, JobArn, "{}");
        await store.UpdateAsync(JobKey, 1, "first");

        var conflict = await Assert.ThrowsAsync<ConcurrencyException>(() => store.UpdateAsync(JobKey, 1, "second"));

        Assert.Equal(JobKey, conflict.Key);
        Assert.Equal("first", (await store.GetAsync(JobKey))!.Document);
    }

    [Fact]
    public async Task UpdatingAMissingResourceIsResourceNotFound()
    {
        var error = await Assert.ThrowsAsync<ResourceNotFoundException>(() => store.UpdateAsync(JobKey, 1, "{}"));

        Assert.Equal("ResourceNotFound", error.Code);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public async Task DeletingRemovesTheResourceOnce()
    {
        await store.InsertAsync(JobKey, JobArn, "{}");

        Assert.True(await store.DeleteAsync(JobKey));
        Assert.False(await store.DeleteAsync(JobKey));
        Assert.Null(await store.GetAsync(JobKey));
    }

    [Fact]
    public async Task ADeletedNameCanBeUsedAgain()
    {
        await store.InsertAsync(JobKey, JobArn, "old");
        await store.DeleteAsync(JobKey);

        var again = await store.InsertAsync(JobKey, JobArn, "new");

        Assert.Equal(1, again.Version);
    }

    [Fact]
    public async Task InsertingTheSameNameTwiceIsResourceInUse()
    {
        await store.InsertAsync(JobKey, JobArn, "{}");

        var error = await Assert.ThrowsAsync<ResourceAlreadyExistsException>(() => store.InsertAsync(JobKey, JobArn, "{}"));

        Assert.IsAssignableFrom<AwsException>(error);
        Assert.Equal("ResourceInUse", error.Code);
        Assert.Equal(400, error.StatusCode);
        Assert.Equal("training-job with name MyJob already exists.", error.Message);
    }

    [Fact]
    public async Task NamesDifferingOnlyInCaseAreTheSameResource()
    {
        await store.InsertAsync(JobKey, JobArn, "{}");
        var shouted = JobKey with { Name = "MYJOB" };

        await Assert.ThrowsAsync<ResourceAlreadyExistsException>(() => store.InsertAsync(shouted, JobArn, "{}"));
        var found = await store.GetAsync(shouted);
        Assert.Equal("MyJob", found!.Key.Name);
    }

    [Fact]
    public async Task TheSameNameInAnotherTypeRegionOrAccountIsFine()
    {
        await store.InsertAsync(JobKey, JobArn, "{}");

        await store.InsertAsync(JobKey with { Type = "model" }, "arn:aws:sagemaker:us-east-1:000000000000:model/myjob", "{}");
        await store.InsertAsync(JobKey with { Region = "eu-west-1" }, "arn:aws:sagemaker:eu-west-1:000000000000:training-job/myjob", "{}");
        await store.InsertAsync(JobKey with { Account = "111111111111" }, "arn:aws:sagemaker:us-east-1:111111111111:training-job/myjob", "{}");

        Assert.Single(await store.ListAsync(JobKey.Account, JobKey.Region, JobKey.Type));
    }

    [Fact]
    public async Task ListingOrdersByCreationTimeThenName()
    {
        await Insert("b");
        await Insert("a");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await Insert("0-later");
        await store.InsertAsync(new ResourceKey("000000000000", "us-east-1", "model", "other-type"), "arn:model/other-type", "{}");

        var listed = await store.ListAsync("000000000000", "us-east-1", "training-job");

        Assert.Equal(["a", "b", "0-later"], listed.Select(record => record.Key.Name));
    }

    private Task<ResourceRecord> Insert(string name) =>
        store.InsertAsync(JobKey with { Name = name }, $"arn:aws:sagemaker:us-east-1:000000000000:training-job/{name}", "{}");
}
