using System;
using System.CommandLine;
using System.Threading;
using AffectEngine.Perception;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect percepts &lt;source-spec&gt; [--seconds S] [--csv out.csv]</c>: what a perception source delivers, raw and fused.</summary>
internal static class PerceptsCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("source") { Description = "A source spec: openface:<file.csv>, e4:<dir>, imotions:<file.csv>, csv:<file.csv>, osc:<host>:<port>, lsl:<predicate>, e4stream:<host>:<port>." };
        var seconds = new Option<double?>("--seconds") { Description = "How long to listen to a network source (default 10 s); files play to their end." };
        var csv = new Option<string?>("--csv") { Description = "Write one row per fused percept to this CSV file." };
        var command = new Command("percepts", "Show what a perception source delivers, raw and fused, without running a simulation.")
        {
            spec, seconds, csv,
        };
        command.SetAction(parse =>
        {
            var s = parse.GetValue(seconds);
            if (s is <= 0 or > 86400)
            {
                throw new UserException($"--seconds must be in (0, 86400]; got {s}");
            }

            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                return PerceptsInspector.RunAsync(parse.GetValue(spec)!, s ?? 10, parse.GetValue(csv), Console.Out, cancel.Token).GetAwaiter().GetResult();
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }
}
