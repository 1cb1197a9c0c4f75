using System.Collections.Concurrent;
using Sagebrush.Core.Logs;

namespace Sagebrush.Core.Tests.Training;

/// <summary>An ILogStore test double that keeps events per stream and counts appends (to see batching).</summary>
public sealed class InMemoryLogStore : ILogStore
{
    private readonly ConcurrentDictionary<(string Group, string Stream), List<LogEvent>> streams = new();

    public int AppendCalls;

    public Task EnsureStreamAsync(string group, string stream, CancellationToken cancellationToken = default)
    {
        streams.GetOrAdd((group, stream), _ => []);
        return Task.CompletedTask;
    }

    public Task AppendAsync(string group, string stream, IReadOnlyList<LogEvent> events, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref AppendCalls);
        var list = streams.GetOrAdd((group, stream), _ => []);
        lock (list)
        {
            list.AddRange(events);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<string> Streams(string group) => streams.Keys.Where(k => k.Group == group).Select(k => k.Stream).ToList();

    public IReadOnlyList<LogEvent> Events(string group, string stream) =>
        streams.TryGetValue((group, stream), out var list) ? [.. list] : [];
}
