namespace Sagebrush.Core.Account.Quotas;

/// <summary>An <see cref="IInstanceHolder"/> over one store: list the documents, ask each what it holds.</summary>
public sealed class InstanceHolder<T>(Func<CancellationToken, Task<IReadOnlyList<T>>> list, Func<T, IEnumerable<HeldInstances>> held) : IInstanceHolder
{
    public async Task<IReadOnlyList<HeldInstances>> HeldAsync(CancellationToken cancellationToken) =>
        (await list(cancellationToken)).SelectMany(held).ToList();
}
