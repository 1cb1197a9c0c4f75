using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Training;

/// <summary>Training lines to stdout, one write (and flush) per line, so the job's log follows training as it goes.</summary>
internal sealed class ConsoleAlgorithmLog : IAlgorithmLog
{
    private readonly Lock _gate = new();
    private readonly TextWriter _out = Console.Out;

    public void Info(string line)
    {
        lock (_gate)
        {
            _out.WriteLine(line);
            _out.Flush();
        }
    }
}
