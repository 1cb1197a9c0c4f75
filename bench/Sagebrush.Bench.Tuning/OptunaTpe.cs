using System.Diagnostics;
using System.Text.Json.Nodes;
using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Bench.Tuning;

/// <summary>
/// Optuna's TPE sampler (Debian's python3-optuna, defaults, seeded) as an <see cref="ISearchStrategy"/>: a
/// Python process speaking bench/tuning/optuna_tpe.py's line protocol. Each Propose first tells Optuna the trials
/// that completed since the last call, then asks; so the sampler sees exactly the history Sagebrush's strategies
/// see, running trials included (TPE's default ignores them). One process serves many studies: <see cref="Start"/>
/// begins the next one.
/// </summary>
internal sealed class OptunaTpe : ISearchStrategy, IDisposable
{
    private readonly Process process;
    private readonly List<int> optunaIds = [];
    private readonly HashSet<int> told = [];

    public OptunaTpe(string script)
    {
        process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
    }

    /// <summary>A new study for <paramref name="space"/> with TPESampler(seed=<paramref name="seed"/>).</summary>
    public OptunaTpe Start(ParameterSpace space, ObjectiveDirection direction, int seed)
    {
        optunaIds.Clear();
        told.Clear();
        var ranges = new JsonArray([.. space.Ranges.Select(Range)]);
        Send(new JsonObject
        {
            ["op"] = "study",
            ["seed"] = seed,
            ["direction"] = direction == ObjectiveDirection.Minimize ? "minimize" : "maximize",
            ["ranges"] = ranges,
        });
        return this;
    }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Propose(int count, IReadOnlyList<Trial> trials)
    {
        for (var k = 0; k < optunaIds.Count && k < trials.Count; k++)
        {
            if (trials[k].State == TrialState.Completed && trials[k].FinalValue is { } value && told.Add(k))
            {
                Send(new JsonObject { ["op"] = "tell", ["id"] = optunaIds[k], ["value"] = value });
            }
        }

        var proposals = new List<IReadOnlyDictionary<string, string>>();
        for (var j = 0; j < count; j++)
        {
            Send(new JsonObject { ["op"] = "ask" });
            var answer = JsonNode.Parse(process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("optuna_tpe.py ended"))!;
            optunaIds.Add(answer["id"]!.GetValue<int>());
            proposals.Add(answer["params"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal));
        }

        return proposals;
    }

    public IReadOnlyList<string> TrialsToStop(IReadOnlyList<Trial> trials) => [];

    public void Dispose()
    {
        process.StandardInput.Close();
        process.WaitForExit();
        process.Dispose();
    }

    private void Send(JsonObject message)
    {
        process.StandardInput.WriteLine(message.ToJsonString());
        process.StandardInput.Flush();
    }

    private static JsonObject Range(ParameterRange range) => range switch
    {
        ContinuousParameterRange r => new JsonObject
        {
            ["name"] = r.Name, ["type"] = "Continuous", ["min"] = r.MinValue, ["max"] = r.MaxValue, ["log"] = r.Scaling == ScalingType.Logarithmic,
        },
        IntegerParameterRange r => new JsonObject
        {
            ["name"] = r.Name, ["type"] = "Integer", ["min"] = r.MinValue, ["max"] = r.MaxValue, ["log"] = r.Scaling == ScalingType.Logarithmic,
        },
        CategoricalParameterRange r => new JsonObject { ["name"] = r.Name, ["type"] = "Categorical", ["values"] = new JsonArray([.. r.Values.Select(v => (JsonNode)v)]) },
        _ => throw new ArgumentException($"unknown range {range}", nameof(range)),
    };
}
