using Sagebrush.Core.Tuning;
using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tests.Tuning;

/// <summary>
/// A search double (it records every list of trials it is shown): proposes x = 1, 2, 3, ... (as strings) and stops the running trials the test names, so a test
/// can act out what Hyperband or early stopping decide without depending on their thresholds.
/// </summary>
public sealed class ScriptedSearch : ISearchStrategy, IEarlyStoppingRule
{
    private int next;

    public HashSet<string> ToStop { get; } = [];

    public List<IReadOnlyList<Trial>> Seen { get; } = [];

    public SearchComponents Components => new(_ => this, _ => this);

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Propose(int count, IReadOnlyList<Trial> trials)
    {
        Seen.Add(trials);
        return Enumerable.Range(0, count).Select(_ => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["x"] = (++next).ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToList();
    }

    public IReadOnlyList<string> TrialsToStop(IReadOnlyList<Trial> trials)
    {
        Seen.Add(trials);
        return trials.Where(t => t.State == TrialState.Running && ToStop.Contains(t.HyperParameters["x"])).Select(t => t.Id).ToList();
    }
}
