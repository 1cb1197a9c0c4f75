namespace Sagebrush.Core.Tests.Storage.Objects;

/// <summary>Tests that measure process-wide allocations run outside the parallel batch.</summary>
[CollectionDefinition(nameof(LargeBodyTests), DisableParallelization = true)]
public sealed class LargeBodyCollection;
