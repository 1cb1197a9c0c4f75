using System.Runtime.InteropServices;

namespace Sagebrush.Algorithms.XGBoost.Native;

/// <summary>
/// The parts of XGBoost's C API (c_api.h, 1.7) Sagebrush uses, bound to Debian's libxgboost0. Every function returns
/// 0 on success and -1 on failure, with the message in <see cref="XGBGetLastError"/> (per calling thread).
/// </summary>
internal static unsafe partial class XGBoostApi
{
    private const string Library = "libxgboost.so.0";

    [LibraryImport(Library)]
    internal static partial nint XGBGetLastError();

    [LibraryImport(Library)]
    internal static partial void XGBoostVersion(out int major, out int minor, out int patch);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixCreateFromMat_omp(float* data, ulong rows, ulong columns, float missing, out nint handle, int threads);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixCreateFromCSREx(nuint* rowStarts, uint* indices, float* values, nuint rowStartCount, nuint valueCount, nuint columns, out nint handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGDMatrixSetFloatInfo(nint handle, string field, float* values, ulong length);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixNumRow(nint handle, out ulong rows);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixNumCol(nint handle, out ulong columns);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixFree(nint handle);

    [LibraryImport(Library)]
    internal static partial int XGBoosterCreate(nint* matrices, ulong count, out nint handle);

    [LibraryImport(Library)]
    internal static partial int XGBoosterFree(nint handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSetParam(nint handle, string name, string value);

    [LibraryImport(Library)]
    internal static partial int XGBoosterUpdateOneIter(nint handle, int iteration, nint train);

    [LibraryImport(Library)]
    internal static partial int XGBoosterEvalOneIter(nint handle, int iteration, nint* matrices, nint* names, ulong count, out nint result);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSaveModel(nint handle, string path);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterLoadModel(nint handle, string path);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSetAttr(nint handle, string key, string value);

    [LibraryImport(Library)]
    internal static partial int XGBoosterGetNumFeature(nint handle, out ulong features);

    [LibraryImport(Library)]
    internal static partial int XGBoosterBoostedRounds(nint handle, out int rounds);

    [LibraryImport(Library)]
    internal static partial int XGBoosterSaveJsonConfig(nint handle, out ulong length, out nint json);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSaveModelToBuffer(nint handle, string config, out ulong length, out nint buffer);

    [LibraryImport(Library)]
    internal static partial int XGBoosterPredictFromDense(nint handle, byte* arrayInterface, byte* config, nint proxy, out ulong* shape, out ulong dimensions, out float* result);
}
