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

    /// <summary>A^-1 = L^-T L^-1 from A's Cholesky factor: L^-1 by forward substitution, then the symmetric product (n^3 / 3 in all).</summary>
    public static double[] Inverse(double[] lower, int n)
    {
        var li = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            li[(i * n) + i] = 1 / lower[(i * n) + i];
            for (var j = 0; j < i; j++)
            {
                var s = 0.0;
                for (var k = j; k < i; k++)
                {
                    s -= lower[(i * n) + k] * li[(k * n) + j];
                }

                li[(i * n) + j] = s / lower[(i * n) + i];
            }
        }

        var inverse = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var s = 0.0;
                for (var k = i; k < n; k++)
                {
                    s += li[(k * n) + i] * li[(k * n) + j];
                }

                inverse[(i * n) + j] = s;
                inverse[(j * n) + i] = s;
            }
        }

        return inverse;
    }
}
