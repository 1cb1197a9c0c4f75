using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using Microsoft.Win32.SafeHandles;

namespace Sagebrush.Algorithms.XGBoost.Native;

/// <summary>
/// An XGBoost booster: trained one round at a time from a training <see cref="DMatrix"/>, or loaded from a saved
/// model. <see cref="PredictDense"/> is XGBoost's in-place prediction, which is safe to call from several threads at
/// once on one booster (its result buffer is per thread); everything else is called from one thread.
/// </summary>
internal sealed unsafe class Booster : SafeHandleZeroOrMinusOneIsInvalid
{
    private Booster(nint handle)
        : base(ownsHandle: true) => SetHandle(handle);

    /// <summary>A booster for training; <paramref name="cache"/> are the matrices it trains and evaluates on.</summary>
    public static Booster Create(IReadOnlyList<DMatrix> cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var handles = cache.Select(m => m.DangerousGetHandle()).ToArray();
        nint handle;
        fixed (nint* pointer = handles)
        {
            XGBoostException.Check(XGBoostApi.XGBoosterCreate(pointer, (ulong)handles.Length, out handle));
        }

        GC.KeepAlive(cache);
        return new Booster(handle);
    }

    public static Booster Load(string path)
    {
        XGBoostException.Check(XGBoostApi.XGBoosterCreate(null, 0, out var handle));
        var booster = new Booster(handle);
        try
        {
            XGBoostException.Check(XGBoostApi.XGBoosterLoadModel(handle, path));
            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    public void SetParam(string name, string value) => XGBoostException.Check(XGBoostApi.XGBoosterSetParam(handle, name, value));

    public void SetAttribute(string key, string value) => XGBoostException.Check(XGBoostApi.XGBoosterSetAttr(handle, key, value));

    public void UpdateOneIteration(int iteration, DMatrix train)
    {
        XGBoostException.Check(XGBoostApi.XGBoosterUpdateOneIter(handle, iteration, train.DangerousGetHandle()));
        GC.KeepAlive(train);
    }

    /// <summary>XGBoost's evaluation line for the round: <c>[3]\ttrain-rmse:0.1\tvalidation-rmse:0.2</c>.</summary>
    public string EvaluateOneIteration(int iteration, IReadOnlyList<(DMatrix Matrix, string Name)> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var matrices = sets.Select(s => s.Matrix.DangerousGetHandle()).ToArray();
        var names = sets.Select(s => Marshal.StringToCoTaskMemUTF8(s.Name)).ToArray();
        try
        {
            nint result;
            fixed (nint* matrixPointer = matrices)
            fixed (nint* namePointer = names)
            {
                XGBoostException.Check(XGBoostApi.XGBoosterEvalOneIter(handle, iteration, matrixPointer, namePointer, (ulong)sets.Count, out result));
            }

            GC.KeepAlive(sets);
            return Marshal.PtrToStringUTF8(result) ?? "";
        }
        finally
        {
            foreach (var name in names)
            {
                Marshal.FreeCoTaskMem(name);
            }
        }
    }

    public void Save(string path) => XGBoostException.Check(XGBoostApi.XGBoosterSaveModel(handle, path));

    public int NumFeatures
    {
        get
        {
            XGBoostException.Check(XGBoostApi.XGBoosterGetNumFeature(handle, out var features));
            return checked((int)features);
        }
    }

    public int BoostedRounds
    {
        get
        {
            XGBoostException.Check(XGBoostApi.XGBoosterBoostedRounds(handle, out var rounds));
            return rounds;
        }
    }

    /// <summary>The whole model (configuration and every tree) in XGBoost's JSON model format.</summary>
    public string ModelJson()
    {
        XGBoostException.Check(XGBoostApi.XGBoosterSaveModelToBuffer(handle, "{\"format\": \"json\"}", out var length, out var json));
        return Marshal.PtrToStringUTF8(json, checked((int)length));
    }

    /// <summary>The booster's configuration as XGBoost's JSON (learner.objective.name, learner_model_param, ...).</summary>
    public string JsonConfig()
    {
        XGBoostException.Check(XGBoostApi.XGBoosterSaveJsonConfig(handle, out var length, out var json));
        return Marshal.PtrToStringUTF8(json, checked((int)length));
    }

    /// <summary>
    /// Predicts <paramref name="rows"/> x <paramref name="columns"/> row-major floats (NaN missing) into a new array;
    /// <paramref name="outputsPerRow"/> is 1, or the class count for multi:softprob. With <paramref name="margin"/>, the
    /// raw sums before the objective's transformation (what output_margin=True answers).
    /// </summary>
    public float[] PredictDense(ReadOnlySpan<float> features, int rows, int columns, out int outputsPerRow, bool margin = false)
    {
        Span<byte> arrayInterface = stackalloc byte[192];
        fixed (float* data = features)
        {
            // numpy's __array_interface__ as JSON, pointing at the caller's floats (no copy).
            if (!Utf8.TryWrite(arrayInterface, CultureInfo.InvariantCulture,
                $"{{\"data\":[{(ulong)data},true],\"shape\":[{rows},{columns}],\"strides\":null,\"typestr\":\"<f4\",\"version\":3}}\0", out _))
            {
                throw new InvalidOperationException("The array interface did not fit its buffer.");
            }

            fixed (byte* arrayPointer = arrayInterface)
            fixed (byte* configPointer = margin ? MarginConfig : PredictConfig)
            {
                XGBoostException.Check(XGBoostApi.XGBoosterPredictFromDense(handle, arrayPointer, configPointer, 0, out var shape, out var dimensions, out var result));
                var total = 1UL;
                for (var i = 0UL; i < dimensions; i++)
                {
                    total *= shape[i];
                }

                outputsPerRow = rows == 0 ? 1 : checked((int)(total / (ulong)rows));
                return new ReadOnlySpan<float>(result, checked((int)total)).ToArray();
            }
        }
    }

    protected override bool ReleaseHandle() => XGBoostApi.XGBoosterFree(handle) == 0;

    // Normal prediction (type 0) with every tree, NaN as missing: what Booster.inplace_predict sends.
    private static ReadOnlySpan<byte> MarginConfig => "{\"type\":1,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false,\"missing\":NaN,\"cache_id\":0}\0"u8;

    private static ReadOnlySpan<byte> PredictConfig => "{\"type\":0,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false,\"missing\":NaN,\"cache_id\":0}\0"u8;
}
