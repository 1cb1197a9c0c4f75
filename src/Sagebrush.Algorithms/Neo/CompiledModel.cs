using System.Runtime.InteropServices;

namespace Sagebrush.Algorithms.Neo;

/// <summary>
/// A compiled ensemble (<c>model.so</c>) loaded into this process: its margins for rows of floats, transformed by the
/// objective. The library is the compiler's output for this model; the serving sandbox confines it like any model code.
/// </summary>
public sealed unsafe class CompiledModel : XGBoost.IDenseModel
{
    private readonly nint library;
    private readonly delegate* unmanaged<float*, long, float*, void> margins;

    public CompiledModel(string libraryPath, string objective)
    {
        library = NativeLibrary.Load(libraryPath);
        try
        {
            margins = (delegate* unmanaged<float*, long, float*, void>)NativeLibrary.GetExport(library, CSourceGenerator.MarginsFunction);
            Features = ((delegate* unmanaged<int>)NativeLibrary.GetExport(library, "sagebrush_features"))();
            Groups = ((delegate* unmanaged<int>)NativeLibrary.GetExport(library, "sagebrush_groups"))();
        }
        catch
        {
            NativeLibrary.Free(library);
            throw;
        }

        Objective = objective;
    }

    public int Features { get; }

    public int Groups { get; }

    public string Objective { get; }

    /// <summary>Margins of <paramref name="rows"/> rows of <see cref="Features"/> floats (NaN missing), rows x <see cref="Groups"/>.</summary>
    public float[] Margins(ReadOnlySpan<float> features, int rows)
    {
        if (features.Length < (long)rows * Features)
        {
            throw new ArgumentException($"{rows} rows need {rows * Features} floats, not {features.Length}.", nameof(features));
        }

        var output = new float[(long)rows * Groups];
        fixed (float* input = features)
        fixed (float* result = output)
        {
            margins(input, rows, result);
        }

        return output;
    }

    /// <summary>Predictions as XGBoost answers them: the margins through the objective's transformation.</summary>
    public float[] Predict(ReadOnlySpan<float> features, int rows, out int outputsPerRow)
    {
        outputsPerRow = ObjectiveTransform.OutputsPerRow(Objective, Groups);
        return ObjectiveTransform.Apply(Objective, Margins(features, rows), Groups);
    }

    public void Dispose() => NativeLibrary.Free(library);
}
