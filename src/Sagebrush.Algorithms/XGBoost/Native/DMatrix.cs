using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.XGBoost.Native;

/// <summary>
/// XGBoost's data matrix. Dense data is copied in with NaN as the missing value (an empty CSV field); sparse data
/// keeps absent entries absent, which XGBoost treats as missing too, exactly as it treats a libsvm file.
/// </summary>
internal sealed unsafe class DMatrix : SafeHandleZeroOrMinusOneIsInvalid
{
    private DMatrix(nint handle)
        : base(ownsHandle: true) => SetHandle(handle);

    public static DMatrix FromDense(DenseDataset data, int threads)
    {
        ArgumentNullException.ThrowIfNull(data);
        nint handle;
        fixed (float* features = data.Features)
        {
            XGBoostException.Check(XGBoostApi.XGDMatrixCreateFromMat_omp(features, (ulong)data.Rows, (ulong)data.Columns, float.NaN, out handle, threads));
        }

        var matrix = new DMatrix(handle);
        matrix.SetInfo("label", data.Labels);
        matrix.SetInfo("weight", data.Weights);
        return matrix;
    }

    public static DMatrix FromSparse(SparseDataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        // size_t and long are both 64 bits here: the row starts go to XGBoost as they are, without a converted copy.
        var rowStarts = MemoryMarshal.Cast<long, nuint>(data.RowStarts);
        nint handle;
        fixed (nuint* starts = rowStarts)
        fixed (uint* indices = data.Indices)
        fixed (float* values = data.Values)
        {
            XGBoostException.Check(XGBoostApi.XGDMatrixCreateFromCSREx(starts, indices, values, (nuint)rowStarts.Length, (nuint)data.Values.Length, (nuint)data.Columns, out handle));
        }

        var matrix = new DMatrix(handle);
        matrix.SetInfo("label", data.Labels);
        matrix.SetInfo("weight", data.Weights);
        return matrix;
    }

    public ulong Rows
    {
        get
        {
            XGBoostException.Check(XGBoostApi.XGDMatrixNumRow(handle, out var rows));
            return rows;
        }
    }

    public ulong Columns
    {
        get
        {
            XGBoostException.Check(XGBoostApi.XGDMatrixNumCol(handle, out var columns));
            return columns;
        }
    }

    protected override bool ReleaseHandle() => XGBoostApi.XGDMatrixFree(handle) == 0;

    private void SetInfo(string field, float[]? values)
    {
        if (values is null)
        {
            return;
        }

        fixed (float* pointer = values)
        {
            XGBoostException.Check(XGBoostApi.XGDMatrixSetFloatInfo(handle, field, pointer, (ulong)values.Length));
        }
    }
}
