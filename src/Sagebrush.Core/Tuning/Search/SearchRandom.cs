namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// Seeded generators keyed by purpose and position, so a strategy's k-th proposal depends only on the RandomSeed and
/// k (and, for model-based strategies, the history), never on how the orchestrator batched its calls.
/// </summary>
internal static class SearchRandom
{
    public const int ProposalStream = 1;

    /// <summary>A generator for (seed, stream, index), mixed with SplitMix64 so nearby indices give unrelated streams.</summary>
    public static Random For(int seed, int stream, long index)
    {
        var z = unchecked(((ulong)(uint)seed << 32) ^ ((ulong)(uint)stream << 48) ^ (ulong)index);
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return new Random((int)(z & 0x7FFFFFFF));
    }
}
