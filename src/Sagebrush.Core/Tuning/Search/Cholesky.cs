namespace Sagebrush.Core.Tuning.Search;

/// <summary>The small dense linear algebra the Gaussian process needs, on row-major n x n arrays.</summary>
internal static class Cholesky
{
    /// <summary>Lower-triangular L with L L^T = A (A symmetric positive definite), or false if A is not.</summary>
    public static bool TryDecompose(double[] a, int n, out double[] lower)
    {
        lower = new double[n * n];
        for (var j = 0; j < n; j++)
        {
            var sum = a[(j * n) + j];
            for (var k = 0; k < j; k++)
            {
                sum -= lower[(j * n) + k] * lower[(j * n) + k];
            }

            if (!(sum > 0))
            {
                return false;
            }

            var diagonal = Math.Sqrt(sum);
            lower[(j * n) + j] = diagonal;
            for (var i = j + 1; i < n; i++)
            {
                var s = a[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    s -= lower[(i * n) + k] * lower[(j * n) + k];
                }

                lower[(i * n) + j] = s / diagonal;
            }
        }

        return true;
    }

    /// <summary>Solves L z = b in place.</summary>
    public static void SolveLower(double[] lower, int n, Span<double> b)
    {
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= lower[(i * n) + k] * b[k];
            }

            b[i] = s / lower[(i * n) + i];
        }
    }

    /// <summary>Solves L^T z = b in place.</summary>
    public static void SolveUpper(double[] lower, int n, Span<double> b)
    {
        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++)
            {
                s -= lower[(k * n) + i] * b[k];
            }

            b[i] = s / lower[(i * n) + i];
        }
    }

    /// <summary>A^-1 from A's Cholesky factor (column by column).</summary>
    public static double[] Inverse(double[] lower, int n)
    {
        var inverse = new double[n * n];
        var column = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Clear(column);
            column[j] = 1;
            SolveLower(lower, n, column);
            SolveUpper(lower, n, column);
            for (var i = 0; i < n; i++)
            {
                inverse[(i * n) + j] = column[i];
            }
        }

        return inverse;
    }
}
