using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Bench;

/// <summary>Keeps the algorithm's log lines for the report.</summary>
internal sealed class LineLog : IAlgorithmLog
{
    public List<string> Lines { get; } = [];

    public void Info(string line)
    {
        lock (Lines)
        {
            Lines.Add(line);
        }
    }
}
