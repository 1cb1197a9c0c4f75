namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// Hyperband's brackets for a resource range. Rung levels r_k = MinResource * eta^k below MaxResource; bracket b
/// (0 &lt;= b &lt;= s_max, s_max = the number of rungs) has the rungs from r_b on, so bracket 0 is the most aggressive
/// and bracket s_max runs every trial to MaxResource. Hyperband starts n_s = ceil((s_max + 1) / (s + 1) * eta^s)
/// configurations in the bracket with s = s_max - b; trials are dealt to brackets in those proportions by a smooth
/// weighted round robin, so the k-th trial's bracket depends on k alone.
/// </summary>
public sealed class HyperbandBrackets
{
    public const int Eta = 3;

    private readonly int[] rungs;
    private readonly int[] cycle;

    public HyperbandBrackets(int minResource, int maxResource)
    {
        if (minResource < 1 || maxResource < minResource)
        {
            throw new ArgumentException("Hyperband needs 1 <= MinResource <= MaxResource.");
        }

        var levels = new List<int>();
        for (long r = minResource; r < maxResource; r *= Eta)
        {
            levels.Add((int)r);
        }

        rungs = [.. levels];
        var sMax = rungs.Length;
        var weights = new int[sMax + 1];
        for (var b = 0; b <= sMax; b++)
        {
            var s = sMax - b;
            weights[b] = (int)Math.Ceiling((sMax + 1.0) / (s + 1) * Math.Pow(Eta, s));
        }

        Weights = weights;
        cycle = SmoothRoundRobin(weights);
    }

    /// <summary>All rung levels, lowest first.</summary>
    public IReadOnlyList<int> Rungs => rungs;

    /// <summary>n_s per bracket, bracket 0 (most aggressive) first.</summary>
    public IReadOnlyList<int> Weights { get; }

    public int BracketCount => Weights.Count;

    public int BracketOf(int position) => cycle[position % cycle.Length];

    public ReadOnlySpan<int> RungsOf(int bracket) => rungs.AsSpan(bracket);

    /// <summary>nginx's smooth weighted round robin: each bracket appears weight times per cycle, spread evenly.</summary>
    private static int[] SmoothRoundRobin(int[] weights)
    {
        var total = weights.Sum();
        var current = new int[weights.Length];
        var order = new int[total];
        for (var k = 0; k < total; k++)
        {
            var pick = 0;
            for (var b = 0; b < weights.Length; b++)
            {
                current[b] += weights[b];
                if (current[b] > current[pick])
                {
                    pick = b;
                }
            }

            current[pick] -= total;
            order[k] = pick;
        }

        return order;
    }
}
