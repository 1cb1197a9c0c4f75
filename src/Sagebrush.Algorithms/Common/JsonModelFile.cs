using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Common;

/// <summary>
/// A model kept as one JSON file in the model directory (Linear Learner, K-Means, PCA): written by training, read by
/// <c>serve</c>, which refuses a missing, unreadable or foreign file with a message that says which.
/// </summary>
internal static class JsonModelFile
{
    public static void Save<T>(string directory, string fileName, T model, JsonTypeInfo<T> type)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, fileName), JsonSerializer.SerializeToUtf8Bytes(model, type));
    }

    /// <summary>Reads the model; <paramref name="isValid"/> checks its format tag and that its arrays agree.</summary>
    public static T Load<T>(string directory, string fileName, string algorithm, string format, JsonTypeInfo<T> type, Func<T, bool> isValid)
        where T : class
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            throw new AlgorithmException($"ClientError: The model directory has no {fileName}; it was not written by Sagebrush's {algorithm}.");
        }

        T? model;
        try
        {
            model = JsonSerializer.Deserialize(File.ReadAllBytes(path), type);
        }
        catch (JsonException)
        {
            model = null;
        }

        return model is not null && isValid(model) ? model : throw new AlgorithmException($"ClientError: {fileName} is not a {format} model.");
    }
}
