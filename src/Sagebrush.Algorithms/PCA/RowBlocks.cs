using MathNet.Numerics.LinearAlgebra;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.PCA;

/// <summary>
/// Splits the rows into blocks (mini_batch_size rows, at least 1000), hands each to a worker (one per core) as a double matrix with the
/// mean subtracted, and sums what the workers accumulate. Results do not depend on the number of cores: block
/// boundaries are fixed and partial sums are added in block order.
/// </summary>
internal static class RowBlocks
{
    public static Matrix<double> Sum(DenseDataset data, double[] mean, int blockRows, int cpuCount, Func<int, Matrix<double>, Matrix<double>> accumulate)
    {
        var blocks = (data.Rows + blockRows - 1) / blockRows;
        var workers = Math.Max(1, cpuCount);
        Matrix<double>? total = null;

        // Waves of one block per worker keep at most `workers` partial sums alive (a d x d each in regular mode).
        for (var wave = 0; wave < blocks; wave += workers)
        {
            var partial = new Matrix<double>[Math.Min(workers, blocks - wave)];
            Parallel.For(0, partial.Length, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
            {
                var block = wave + i;
                var from = block * blockRows;
                var rows = Math.Min(blockRows, data.Rows - from);
                partial[i] = accumulate(block, Centered(data, mean, from, rows));
            });

            foreach (var part in partial)
            {
                total = total is null ? part : total.Add(part);
            }
        }

        return total!;
    }

    public static double[] Mean(DenseDataset data)
    {
        var columns = data.Columns;
        var mean = new double[columns];
        for (var r = 0; r < data.Rows; r++)
        {
            var row = data.Row(r);
            for (var j = 0; j < columns; j++)
            {
                mean[j] += row[j];
            }
        }

        for (var j = 0; j < columns; j++)
        {
            mean[j] /= data.Rows;
        }

        return mean;
    }

    // MathNet's dense storage is column-major: element (i, j) of a rows x columns matrix is at j * rows + i.
    private static Matrix<double> Centered(DenseDataset data, double[] mean, int from, int rows)
    {
        var columns = data.Columns;
        var values = new double[rows * columns];
        for (var i = 0; i < rows; i++)
        {
            var row = data.Row(from + i);
            for (var j = 0; j < columns; j++)
            {
                values[(j * rows) + i] = row[j] - mean[j];
            }
        }

        return Matrix<double>.Build.Dense(rows, columns, values);
    }
}
