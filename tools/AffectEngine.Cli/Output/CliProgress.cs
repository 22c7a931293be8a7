using System;
using System.Globalization;
using System.Threading;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace AffectEngine.Cli.Output;

/// <summary>
/// The progress bar of long commands (run, sweep, export, replay, plot, train): on stderr, only when
/// stderr is a terminal and <c>--quiet</c> is off, so pipes, files and CI logs stay clean. Shows the
/// bar, the rate in the command's unit and the time left.
/// </summary>
internal static class CliProgress
{
    /// <summary>Work shorter than this many units shows no bar (it would only flicker).</summary>
    public const long MinUnits = 500;

    public static bool Wanted(bool quiet, long total) =>
        !quiet && total >= MinUnits && !Console.IsErrorRedirected
        && !string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);

    /// <summary>
    /// Runs <paramref name="work"/>, which reports units done through the callback it is given
    /// (thread-safe, cumulative increments), under a bar when <see cref="Wanted"/>. Each report is
    /// also where Ctrl+C takes effect (it throws <see cref="OperationCanceledException"/>).
    /// </summary>
    public static void Run(string label, string unit, long total, bool quiet, Action<Action<long>> work)
    {
        if (!Wanted(quiet, total))
        {
            work(static _ => Interrupt.ThrowIfRequested());
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Interactive = InteractionSupport.Yes,
        });
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(unit), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(label, maxValue: total);
                var done = 0L;
                work(n =>
                {
                    Interrupt.ThrowIfRequested();
                    task.Value = Interlocked.Add(ref done, n);
                });
            });
    }

    /// <summary>Units per second, e.g. "12,345 ticks/s".</summary>
    private sealed class RateColumn : ProgressColumn
    {
        private readonly string _unit;

        public RateColumn(string unit) => _unit = unit;

        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var speed = task.Speed;
            var text = speed is { } s ? s.ToString("#,0", CultureInfo.InvariantCulture) + " " + _unit + "/s" : "-";
            return new Text(text, new Style(Color.Grey));
        }
    }
}
