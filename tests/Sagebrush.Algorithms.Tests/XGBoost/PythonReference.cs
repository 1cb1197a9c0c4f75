using System.Text.Json;
using Sagebrush.Algorithms.Tests.Support;

namespace Sagebrush.Algorithms.Tests.XGBoost;

/// <summary>
/// The reference: Python xgboost trained on the workspace's channels with the same hyperparameters, evaluated and
/// predicting on a test file; and Sagebrush's saved xgboost-model loaded by Python, predicting the same file.
/// </summary>
internal sealed record PythonReference(double[] Predictions, double[] LoadedModelPredictions, string LastEvaluationLine, int Rounds)
{
    private const string Script = """
        import glob, json, os, sys, tempfile
        import numpy as np, xgboost as xgb
        root, hyper, fmt, test = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], sys.argv[4]
        num_round = int(hyper.pop("num_round"))
        early = hyper.pop("early_stopping_rounds", None)
        params = dict(hyper)
        if "eval_metric" in params:
            params["eval_metric"] = params["eval_metric"].split(",")
        def matrix(files):
            if fmt == "csv":
                data = np.vstack([np.atleast_2d(np.genfromtxt(f, delimiter=",", dtype=np.float32)) for f in files])
                return xgb.DMatrix(data[:, 1:], label=data[:, 0])
            # In a directory of its own: libxgboost lists the file's directory, and /tmp's other files come and go.
            joined = tempfile.NamedTemporaryFile("w", suffix=".libsvm", delete=False, dir=tempfile.mkdtemp())
            for f in files:
                joined.write(open(f).read())
            joined.close()
            return xgb.DMatrix(joined.name + "?format=libsvm")
        def channel(name):
            files = sorted(glob.glob(os.path.join(root, "input", "data", name, "*")))
            return matrix(files) if files else None
        dtrain, dval = channel("train"), channel("validation")
        evals = [(dtrain, "train")] + ([(dval, "validation")] if dval is not None else [])
        result = {}
        booster = xgb.train(params, dtrain, num_round, evals=evals, evals_result=result, verbose_eval=False,
                            early_stopping_rounds=int(early) if early else None)
        if fmt == "csv":
            dtest = xgb.DMatrix(np.atleast_2d(np.genfromtxt(test, delimiter=",", dtype=np.float32)))
        else:
            dtest = xgb.DMatrix(test + "?format=libsvm")
        last = booster.num_boosted_rounds() - 1
        line = "[%d]" % last + "".join("#011%s-%s:%.5f" % (d, m, v[last]) for d in result for m, v in result[d].items())
        loaded = xgb.Booster()
        loaded.load_model(os.path.join(root, "model", "xgboost-model"))
        print(json.dumps({
            "python": booster.predict(dtest).ravel().tolist(),
            "loaded": loaded.predict(dtest).ravel().tolist(),
            "line": line,
            "rounds": booster.num_boosted_rounds()}))
        """;

    public static async Task<PythonReference> RunAsync(Workspace workspace, IReadOnlyDictionary<string, string> hyperParameters, string format, string testFile)
    {
        var output = await Python.RunAsync(Script, workspace.Root, JsonSerializer.Serialize(hyperParameters), format, testFile);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        return new PythonReference(
            [.. root.GetProperty("python").EnumerateArray().Select(v => v.GetDouble())],
            [.. root.GetProperty("loaded").EnumerateArray().Select(v => v.GetDouble())],
            root.GetProperty("line").GetString()!,
            root.GetProperty("rounds").GetInt32());
    }
}
