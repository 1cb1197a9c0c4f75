using System.Text;
using Sagebrush.Core.Hosting.Invocations;

namespace Sagebrush.Core.Tests.Hosting;

/// <summary>Invocation records as the router hands them to its sinks, with everything but what a test cares about defaulted.</summary>
public static class Invocations
{
    public static readonly DateTimeOffset Noon = new(2025, 3, 4, 12, 0, 0, TimeSpan.Zero);

    public static InvocationRecord Make(
        string endpoint = "ep",
        string variant = "AllTraffic",
        DateTimeOffset? time = null,
        int status = 200,
        int? containerStatus = 200,
        double modelMicroseconds = 1000,
        double overheadMicroseconds = 100,
        int instances = 1,
        string? contentType = "text/csv",
        string input = "1,2,3",
        string? outputContentType = "text/csv; charset=utf-8",
        string output = "0.5",
        string? eventId = null,
        string? inferenceId = null) => new(
            endpoint,
            variant,
            "i-1",
            instances,
            time ?? Noon,
            eventId ?? Guid.NewGuid().ToString(),
            inferenceId,
            contentType,
            "text/csv",
            Encoding.UTF8.GetBytes(input),
            Encoding.UTF8.GetBytes(output),
            outputContentType,
            status,
            containerStatus,
            TimeSpan.FromTicks((long)(modelMicroseconds * TimeSpan.TicksPerMicrosecond)),
            TimeSpan.FromTicks((long)(overheadMicroseconds * TimeSpan.TicksPerMicrosecond)));
}
