using System.Text.Json;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.SageMaker;

public sealed partial class SageMakerApi
{
    private async Task<byte[]> AddTagsAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        var response = await tags.AddTagsAsync(Read(input, Json.AddTagsInput), call.Aborted);
        return JsonSerializer.SerializeToUtf8Bytes(response, Json.AddTagsOutput);
    }

    private async Task<byte[]> ListTagsAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        var response = await tags.ListTagsAsync(Read(input, Json.ListTagsInput), call.Aborted);
        return JsonSerializer.SerializeToUtf8Bytes(response, Json.ListTagsOutput);
    }

    private async Task<byte[]> DeleteTagsAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        await tags.DeleteTagsAsync(Read(input, Json.DeleteTagsInput), call.Aborted);
        return EmptyObject;
    }
}
