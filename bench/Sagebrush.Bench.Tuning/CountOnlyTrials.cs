using System.Collections;
using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Bench.Tuning;

/// <summary>
/// A history of <see cref="Count"/> trials without the trials. Random's k-th proposal depends only on the seed and k in
/// a space with a continuous range (RandomSearch's documented contract), so the benchmark can ask for proposal k of
/// millions without keeping millions of trials.
/// </summary>
internal sealed class CountOnlyTrials(int count) : IReadOnlyList<Trial>
{
    public int Count { get; } = count;

    public Trial this[int index] => throw new NotSupportedException("Only the count of this history is known.");

    public IEnumerator<Trial> GetEnumerator() => throw new NotSupportedException("Only the count of this history is known.");

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
