using Sagebrush.Core.SageMaker;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.SageMaker;

public sealed partial class SageMakerApi
{
    private Task<byte[]> AddTagsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, Json.AddTagsInput, tags.AddTagsAsync, Json.AddTagsOutput, call);

    private Task<byte[]> ListTagsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, Json.ListTagsInput, tags.ListTagsAsync, Json.ListTagsOutput, call);

    private Task<byte[]> DeleteTagsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, Json.DeleteTagsInput, tags.DeleteTagsAsync, call);
}
