using System.Diagnostics;
using System.Globalization;

namespace Sagebrush.Cli.Quickstart;

/// <summary>
/// Prints the quickstart's steps as they go: each status change with the seconds elapsed in its step (a job's
/// SecondaryStatus, an endpoint's status, invocations sent), what each step cost, and the summary table at the end.
/// </summary>
internal sealed class QuickstartReport(TextWriter output)
{
    private readonly List<(string Step, TimeSpan Took)> _steps = [];

    public async Task<T> StepAsync<T>(string title, Func<Action<string>, Task<T>> run)
    {
        output.WriteLine($"==> {title}");
        var watch = Stopwatch.StartNew();
        var lastStatus = "";
        var result = await run(status =>
        {
            if (status == lastStatus)
            {
                return;
            }

            lastStatus = status;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {watch.Elapsed.TotalSeconds,5:F1}s  {status}"));
        });
        watch.Stop();
        _steps.Add((title, watch.Elapsed));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    done in {watch.Elapsed.TotalSeconds:F2}s"));
        return result;
    }

    public Task StepAsync(string title, Func<Action<string>, Task> run) =>
        StepAsync(title, async progress => { await run(progress); return true; });

    public void Line(string text) => output.WriteLine("    " + text);

    public void Summary()
    {
        output.WriteLine();
        output.WriteLine("Step                                               Seconds");
        foreach (var (step, took) in _steps)
        {
            // The step's title without its details in parentheses.
            var name = step.Split(" (", 2)[0];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-50} {took.TotalSeconds,7:F2}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"total",-50} {_steps.Sum(s => s.Took.TotalSeconds),7:F2}"));
    }
}
