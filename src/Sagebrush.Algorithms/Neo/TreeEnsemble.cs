using System.Globalization;
using System.Text.Json;

namespace Sagebrush.Algorithms.Neo;

/// <summary>
/// A gradient-boosted tree ensemble as XGBoost's JSON model holds it: per tree, the output group it adds to and its
/// nodes (a split: feature, threshold, children, where a missing value goes; a leaf: its value, kept in the split
/// condition as XGBoost does). Margins are the base margin plus each tree's leaf, summed in tree order in float, as
/// XGBoost's CPU predictor sums them.
/// </summary>
public sealed record TreeEnsemble(string Objective, int Features, int Groups, IReadOnlyList<Tree> Trees)
{
    /// <summary>Reads XGBoost's JSON model; throws <see cref="InvalidDataException"/> for what the compiler cannot compile.</summary>
    public static TreeEnsemble Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var learner = document.RootElement.GetProperty("learner");
        var parameters = learner.GetProperty("learner_model_param");
        var objective = learner.GetProperty("objective").GetProperty("name").GetString()!;
        var booster = learner.GetProperty("gradient_booster");
        var kind = booster.GetProperty("name").GetString();
        if (kind != "gbtree")
        {
            throw new InvalidDataException($"The booster is '{kind}': only gbtree ensembles compile (dart and gblinear are served uncompiled).");
        }

        if (Number(parameters, "num_target") > 1)
        {
            throw new InvalidDataException("Multi-target models do not compile.");
        }

        var model = booster.GetProperty("model");
        var groups = Math.Max(1, Number(parameters, "num_class"));
        var info = model.GetProperty("tree_info").EnumerateArray().Select(e => e.GetInt32()).ToList();
        var trees = model.GetProperty("trees").EnumerateArray().Select((tree, i) => Tree.Parse(tree, info[i])).ToList();
        var features = Number(parameters, "num_feature");
        foreach (var tree in trees)
        {
            if (tree.Group < 0 || tree.Group >= groups
                || Enumerable.Range(0, tree.Left.Length).Any(n => !tree.IsLeaf(n) && (tree.Feature[n] < 0 || tree.Feature[n] >= features)))
            {
                throw new InvalidDataException("A tree names a feature or output group the model does not have.");
            }
        }

        return new TreeEnsemble(objective, features, groups, trees);
    }

    /// <summary>The sums of the trees alone (no base margin) for one row, per group: what the compiled code adds to its base.</summary>
    public float[] TreeSums(ReadOnlySpan<float> row)
    {
        var sums = new float[Groups];
        foreach (var tree in Trees)
        {
            sums[tree.Group] += tree.Leaf(row);
        }

        return sums;
    }

    private static int Number(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) ? int.Parse(value.GetString()!, CultureInfo.InvariantCulture) : 0;
}

/// <summary>One tree's nodes in XGBoost's arrays (node 0 is the root; a leaf has no left child).</summary>
public sealed record Tree(int Group, int[] Left, int[] Right, int[] Feature, float[] Condition, bool[] DefaultLeft)
{
    public bool IsLeaf(int node) => Left[node] < 0;

    /// <summary>The leaf a row reaches, as XGBoost walks it: missing goes the default way, else <c>value &lt; threshold</c> goes left.</summary>
    public float Leaf(ReadOnlySpan<float> row)
    {
        var node = 0;
        while (!IsLeaf(node))
        {
            var value = row[Feature[node]];
            node = (float.IsNaN(value) ? DefaultLeft[node] : value < Condition[node]) ? Left[node] : Right[node];
        }

        return Condition[node];
    }

    internal static Tree Parse(JsonElement tree, int group)
    {
        if (tree.TryGetProperty("split_type", out var types) && types.EnumerateArray().Any(t => t.GetInt32() != 0))
        {
            throw new InvalidDataException("The model has categorical splits; only numerical splits compile.");
        }

        var left = Ints(tree, "left_children");
        var tree_ = new Tree(
            group,
            left,
            Ints(tree, "right_children"),
            Ints(tree, "split_indices"),
            tree.GetProperty("split_conditions").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
            Ints(tree, "default_left").Select(v => v != 0).ToArray());
        for (var node = 0; node < left.Length; node++)
        {
            if (!tree_.IsLeaf(node) && (tree_.Left[node] <= node || tree_.Right[node] <= node || tree_.Left[node] >= left.Length || tree_.Right[node] >= left.Length))
            {
                throw new InvalidDataException($"Tree node {node} points outside its tree or backwards: not a tree XGBoost wrote.");
            }
        }

        return tree_;
    }

    private static int[] Ints(JsonElement tree, string name) => tree.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();
}
