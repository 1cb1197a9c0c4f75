using Sagebrush.Core.Logs;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Logs;

/// <summary>A log store in a temp directory with a manual clock, and helpers to write events at chosen times.</summary>
public sealed class LogStoreScope : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory directory = new();

    public LogStoreScope()
    {
        Store = SqliteLogStore.InDataDir(directory.Path, Clock);
    }

    public ManualTimeProvider Clock { get; } = new(Epoch);

    public SqliteLogStore Store { get; }

    public string DatabasePath => directory.File(SqliteLogStore.FileName);

    public static long At(int seconds) => Epoch.AddSeconds(seconds).ToUnixTimeMilliseconds();

    public static LogEvent Event(int seconds, string message) => new(Epoch.AddSeconds(seconds), message);

    /// <summary>Appends events at seconds 0..count-1 with messages "line 0".."line n-1".</summary>
    public Task AppendLinesAsync(string group, string stream, int count, int firstSecond = 0) =>
        Store.AppendAsync(group, stream, Enumerable.Range(0, count).Select(i => Event(firstSecond + i, $"line {i}")).ToList());

    public void Dispose()
    {
        Store.Dispose();
        directory.Dispose();
    }
}
