"""Built-in Linear Learner, K-Means and PCA (Sagebrush.Algorithms, in-process Train) versus scikit-learn on the same
generated CSV data, timed the same way (CSV read + fit) and scored by the same numpy code. Run by
bench/builtin-vs-sklearn.sh; prints a markdown table and writes raw.json to the results directory."""
import json, os, subprocess, sys, time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs, make_classification, make_regression
from sklearn.decomposition import PCA
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

tool, work, results = sys.argv[1], sys.argv[2], sys.argv[3]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 1
rows = []


def write(name, matrix):
    os.makedirs(f"{work}/{name}", exist_ok=True)
    path = f"{work}/{name}/data.csv"
    pd.DataFrame(matrix).to_csv(path, header=False, index=False, float_format="%.7g")
    return f"{work}/{name}"


def read(directory):
    return pd.read_csv(f"{directory}/data.csv", header=None, dtype=np.float64).to_numpy()


def ours(algorithm, hyperparameters, channels):
    model = f"{work}/model-{algorithm}"
    os.makedirs(model, exist_ok=True)
    with open(f"{work}/hp.json", "w") as f:
        json.dump(hyperparameters, f)
    args = [tool, algorithm, f"{work}/hp.json", model] + [f"{k}={v}" for k, v in channels.items()]
    out = subprocess.run(args, check=True, capture_output=True, text=True, timeout=3600).stdout
    report = json.loads(out.strip().splitlines()[-1])
    files = [f for f in os.listdir(model) if f.endswith(".json")]
    with open(f"{model}/{files[0]}") as f:
        report["model"] = json.load(f)
    return report


def timed(fit):
    start = time.perf_counter()
    value = fit()
    return value, time.perf_counter() - start


def record(task, method, seconds, quality, note=""):
    rows.append({"task": task, "method": method, "seconds": seconds, "quality": quality, "note": note})
    print(f"{task:28s} {method:44s} {seconds:8.2f} s  {quality}", file=sys.stderr, flush=True)


def median_of(fn):
    samples = [fn() for _ in range(rounds)]
    samples.sort(key=lambda s: s[0])
    return samples[len(samples) // 2]


# --- Linear Learner, binary classification: 200k x 50 ---------------------------------------------------------------
X, y = make_classification(n_samples=250_000, n_features=50, n_informative=20, random_state=1)
train = write("ll-train", np.column_stack([y[:200_000], X[:200_000]]))
test_X, test_y = X[200_000:], y[200_000:]


def sklearn_logistic():
    def fit():
        data = read(train)
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(data[:, 1:], data[:, 0])
    model, seconds = timed(fit)
    return seconds, float(np.mean(model.predict(test_X) == test_y))


def ours_logistic():
    report = ours("linear-learner", {"predictor_type": "binary_classifier"}, {"train": train})
    m = report["model"]
    score = 1 / (1 + np.exp(-(test_X @ np.array(m["weights"][0]) + m["bias"][0])))
    return report["train_seconds"], float(np.mean((score > m["threshold"]) == test_y)), report


s, q = median_of(sklearn_logistic)
record("linear-learner binary 200k x 50", "scikit-learn StandardScaler + LogisticRegression", s, f"test accuracy {q:.4f}")
s, q, report = median_of(ours_logistic)
record("linear-learner binary 200k x 50", "Sagebrush linear-learner (defaults)", s, f"test accuracy {q:.4f}",
       f"CSV parse {report['read_mb_per_second']:.0f} MB/s, peak {report['peak_working_set_mb']:.0f} MB")

# --- Linear Learner, regression: 200k x 50 ---------------------------------------------------------------------------
X, y = make_regression(n_samples=250_000, n_features=50, n_informative=30, noise=20.0, random_state=2)
train = write("lr-train", np.column_stack([y[:200_000], X[:200_000]]))
test_X, test_y = X[200_000:], y[200_000:]


def sklearn_linear():
    def fit():
        data = read(train)
        return LinearRegression().fit(data[:, 1:], data[:, 0])
    model, seconds = timed(fit)
    return seconds, float(np.mean((model.predict(test_X) - test_y) ** 2))


def ours_linear():
    report = ours("linear-learner", {"predictor_type": "regressor"}, {"train": train})
    m = report["model"]
    return report["train_seconds"], float(np.mean((test_X @ np.array(m["weights"][0]) + m["bias"][0] - test_y) ** 2)), report


s, q = median_of(sklearn_linear)
record("linear-learner regressor 200k x 50", "scikit-learn LinearRegression", s, f"test MSE {q:.2f}")
s, q, _ = median_of(ours_linear)
record("linear-learner regressor 200k x 50", "Sagebrush linear-learner (defaults)", s, f"test MSE {q:.2f}")

# --- K-Means: 500k x 20, k = 10 ---------------------------------------------------------------------------------------
X, _ = make_blobs(n_samples=500_000, n_features=20, centers=10, cluster_std=4.0, random_state=3)
train = write("km-train", X)


def inertia(centers):
    centers = np.asarray(centers)
    total = 0.0
    for start in range(0, len(X), 50_000):
        block = X[start:start + 50_000]
        d = (block ** 2).sum(1)[:, None] - 2 * block @ centers.T + (centers ** 2).sum(1)[None, :]
        total += np.maximum(d.min(1), 0).sum()
    return total


for n_init in (1, 10):
    def sklearn_kmeans():
        def fit():
            return KMeans(n_clusters=10, init="k-means++", n_init=n_init, random_state=0).fit(read(train))
        model, seconds = timed(fit)
        return seconds, inertia(model.cluster_centers_)
    s, q = median_of(sklearn_kmeans)
    record("kmeans 500k x 20, k=10", f"scikit-learn KMeans k-means++ n_init={n_init}", s, f"inertia {q:.6g}")


def ours_kmeans():
    report = ours("kmeans", {"k": "10", "feature_dim": "20", "init_method": "kmeans++"}, {"train": train + ";text/csv;label_size=0"})
    return report["train_seconds"], inertia(report["model"]["centers"]), report


s, q, report = median_of(ours_kmeans)
record("kmeans 500k x 20, k=10", "Sagebrush kmeans (init_method=kmeans++)", s, f"inertia {q:.6g}",
       f"CSV parse {report['read_mb_per_second']:.0f} MB/s, peak {report['peak_working_set_mb']:.0f} MB")

# --- PCA: 300k x 50, 10 components ------------------------------------------------------------------------------------
rng = np.random.default_rng(4)
X = (rng.normal(size=(300_000, 12)) * np.linspace(10, 1, 12)) @ rng.normal(size=(12, 50)) + 0.5 * rng.normal(size=(300_000, 50))
train = write("pca-train", X)
for solver in ("full", "randomized"):
    def sklearn_pca():
        model, seconds = timed(lambda: PCA(n_components=10, svd_solver=solver, random_state=0).fit(read(train)))
        return seconds, float(model.explained_variance_.sum())
    s, q = median_of(sklearn_pca)
    record("pca 300k x 50, 10 components", f"scikit-learn PCA svd_solver={solver}", s, f"explained variance {q:.8g}")

for mode in ("regular", "randomized"):
    def ours_pca():
        report = ours("pca", {"num_components": "10", "feature_dim": "50", "mini_batch_size": "5000", "algorithm_mode": mode},
                      {"train": train + ";text/csv;label_size=0"})
        return report["train_seconds"], float(sum(report["model"]["explained_variance"])), report
    s, q, report = median_of(ours_pca)
    record("pca 300k x 50, 10 components", f"Sagebrush pca (algorithm_mode={mode})", s, f"explained variance {q:.8g}",
           f"CSV parse {report['read_mb_per_second']:.0f} MB/s, peak {report['peak_working_set_mb']:.0f} MB")

with open(f"{results}/raw.json", "w") as f:
    json.dump(rows, f, indent=1)
print("| task | method | seconds (median) | quality | notes |")
print("|---|---|---|---|---|")
for r in rows:
    print(f"| {r['task']} | {r['method']} | {r['seconds']:.2f} | {r['quality']} | {r['note']} |")
