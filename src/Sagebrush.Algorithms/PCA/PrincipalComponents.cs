using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.PCA;

/// <summary>
/// The two ways SageMaker's PCA computes components. regular: the exact d x d scatter matrix sum((x - mean)^T (x - mean))
/// and its symmetric eigendecomposition (MathNet). randomized: a Gaussian sketch G (x - mean) of width
/// num_components + extra_components gives an orthonormal basis Q of the dominant row space; a second pass forms
/// Q^T X^T X Q, whose eigendecomposition gives the components within that basis.
/// </summary>
internal static class PrincipalComponents
{
    /// <summary>Eigenvalues of the scatter matrix (descending) with their unit eigenvectors as columns.</summary>
    public static (double[] Eigenvalues, Matrix<double> Vectors) Compute(DenseDataset data, double[] mean, PcaHyperParameters hp, int cpuCount)
    {
        var width = hp.SketchWidth;
        return hp.Randomized && width < data.Columns
            ? Randomized(data, mean, hp, width, cpuCount)
            : Exact(RowBlocks.Sum(data, mean, BlockRows(hp), cpuCount, (_, block) => block.TransposeThisAndMultiply(block)), hp.NumComponents);
    }

    private static (double[], Matrix<double>) Randomized(DenseDataset data, double[] mean, PcaHyperParameters hp, int width, int cpuCount)
    {
        var sketch = RowBlocks.Sum(data, mean, BlockRows(hp), cpuCount, (index, block) =>
        {
            var random = new Random(PcaAlgorithm.Seed + index);
            var gaussian = Matrix<double>.Build.Dense(width, block.RowCount, (_, _) => Gaussian(random));
            return gaussian * block;
        });
        var basis = sketch.Transpose().QR(QRMethod.Thin).Q; // d x width, orthonormal columns
        var projected = RowBlocks.Sum(data, mean, BlockRows(hp), cpuCount, (_, block) =>
        {
            var reduced = block * basis;
            return reduced.TransposeThisAndMultiply(reduced);
        });
        var (values, vectors) = Exact(projected, hp.NumComponents);
        return (values, basis * vectors);
    }

    private static (double[], Matrix<double>) Exact(Matrix<double> scatter, int components)
    {
        var evd = scatter.Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, scatter.RowCount).OrderByDescending(i => evd.EigenValues[i].Real).Take(components).ToArray();
        var vectors = Matrix<double>.Build.Dense(scatter.RowCount, components, (i, j) => evd.EigenVectors[i, order[j]]);
        return ([.. order.Select(i => Math.Max(0, evd.EigenValues[i].Real))], vectors);
    }

    private static int BlockRows(PcaHyperParameters hp) => Math.Max(hp.MiniBatchSize, 1000);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
