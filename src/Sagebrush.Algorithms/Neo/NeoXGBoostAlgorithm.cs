using System.Security.Cryptography;
using System.Text.Json;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.XGBoost;

namespace Sagebrush.Algorithms.Neo;

/// <summary>
/// The image Neo names for compiled XGBoost models (<c>xgboost-neo</c>): <c>serve</c> loads <c>model.so</c> after
/// checking it is the library neo.json describes, and answers exactly as the built-in XGBoost does (content types,
/// response formats); <c>compile</c> is a compilation job (<see cref="NeoCompiler"/>). It does not train.
/// </summary>
public sealed class NeoXGBoostAlgorithm : IBuiltInAlgorithm
{
    public string Name => "xgboost-neo";

    public void Train(TrainingContext context) =>
        throw new AlgorithmException("ClientError: xgboost-neo serves models compiled by a compilation job; train with the xgboost image.");

    public IPredictor Load(string modelDirectory)
    {
        var metadataPath = Path.Combine(modelDirectory, NeoCompiler.MetadataFile);
        var libraryPath = Path.Combine(modelDirectory, NeoCompiler.LibraryFile);
        if (!File.Exists(metadataPath) || !File.Exists(libraryPath))
        {
            throw new AlgorithmException($"ClientError: {modelDirectory} holds no compiled model ({NeoCompiler.LibraryFile} and {NeoCompiler.MetadataFile}): deploy the artifact a compilation job wrote.");
        }

        var metadata = JsonSerializer.Deserialize(File.ReadAllText(metadataPath), NeoJsonContext.Default.NeoMetadata)
            ?? throw new AlgorithmException($"ClientError: {NeoCompiler.MetadataFile} is empty.");
        var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(libraryPath)));
        if (!string.Equals(digest, metadata.LibrarySha256, StringComparison.Ordinal))
        {
            throw new AlgorithmException($"ClientError: {NeoCompiler.LibraryFile} is not the library {NeoCompiler.MetadataFile} describes (sha256 {digest}).");
        }

        var model = new CompiledModel(libraryPath, metadata.Objective);
        if (model.Features != metadata.Features || model.Groups != metadata.Groups)
        {
            model.Dispose();
            throw new AlgorithmException($"ClientError: {NeoCompiler.LibraryFile} takes {model.Features} features and {model.Groups} outputs, not what {NeoCompiler.MetadataFile} says.");
        }

        return XGBoostAlgorithm.Predictor(model);
    }
}
