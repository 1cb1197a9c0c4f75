namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// Python the built-in XGBoost tests share: <c>ensure_bucket(name)</c>, and <c>binary_rows(rng, n, noise)</c>, n CSV
/// rows (label first, then five features) of a binary problem XGBoost learns well, drawn from the seeded
/// <c>random.Random</c> the test passes so the data is the same on every run.
/// </summary>
internal static class XGBoostData
{
    public const string Python = """
        def ensure_bucket(name):
            try:
                s3.create_bucket(Bucket=name)
            except s3.exceptions.BucketAlreadyOwnedByYou:
                pass

        def binary_rows(rng, n, noise):
            out = []
            for _ in range(n):
                x = [rng.uniform(-1, 1) for _ in range(5)]
                y = 1 if x[0] - 0.7 * x[1] + 0.4 * x[2] * x[3] + rng.gauss(0, noise) > 0 else 0
                out.append(",".join([str(y)] + [f"{v:.6f}" for v in x]))
            return "\n".join(out) + "\n"

        """;
}
