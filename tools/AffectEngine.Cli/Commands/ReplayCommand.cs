using System;
using System.CommandLine;
using System.Globalization;
using AffectEngine.Cli.Output;
using AffectEngine.Persistence;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect replay &lt;file.aerec&gt; [--verify] [--threads T]</c>: re-run a record; with --verify compare every tick's hash.</summary>
internal static class ReplayCommand
{
    /// <summary>Exit code when a replayed hash differs from the recorded one.</summary>
    public const int Mismatch = ExitCodes.Mismatch;

    public static Command Create()
    {
        var file = new Argument<string>("record") { Description = "The record (.aerec)." };
        var verify = new Option<bool>("--verify") { Description = "Compare every tick's state hash with the record; exit 1 at the first difference, 4 when the record is incomplete." };
        var threads = new Option<int?>("--threads") { Description = "Threads for per-agent stages (default: as recorded; results do not depend on it)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print only the run digest and the final state hash (no progress bar; a mismatch or an incomplete record is still reported)." };
        var command = new Command("replay", "Re-run a record from its embedded scenario and input batches.") { file, verify, threads, quiet };
        command.SetAction(parse =>
        {
            var t = parse.GetValue(threads);
            if (t is < 1 or > 256)
            {
                throw new UserException($"--threads must be between 1 and 256; got {t}");
            }

            return Run(parse.GetValue(file)!, parse.GetValue(verify), t, parse.GetValue(quiet));
        });
        return command;
    }

    private static int Run(string path, bool verify, int? threads, bool quiet)
    {
        using var reader = RecordFiles.Open(path);
        using var runner = RecordFiles.RunnerFor(reader, path, threads);
        var digest = new RunDigest();
        ReplayResult? result = null;
        CliProgress.Run(verify ? "verify" : "replay", "ticks", reader.Header.PlannedTicks, quiet, report =>
            result = RecordFiles.Replay(reader, runner, path, new ReplayOptions
            {
                Verify = verify,
                AfterTick = (tick, sim) =>
                {
                    digest.Add(tick, sim.LastHash);
                    report(1);
                },
            }));
        var inv = CultureInfo.InvariantCulture;
        if (result!.Mismatch is { } m)
        {
            var where = m.Stage is null ? "" : $", stage {m.Stage}";
            Console.Out.WriteLine(string.Format(inv, "MISMATCH at tick {0}{1}: recorded {2:x16}, replayed {3:x16}", m.Tick, where, m.Expected, m.Actual));
            if (m.Stage is null && !reader.Header.StageHashes)
            {
                Console.Out.WriteLine("(the record has no per-stage hashes; record without --no-stage-hashes to name the stage)");
            }

            Console.Error.WriteLine($"affect: {path}: replay differs from the record at tick {m.Tick}{where}");
            return Mismatch;
        }

        if (!result.Complete)
        {
            Console.Out.WriteLine(string.Format(inv, "replayed  {0} ticks{1}", result.Ticks, verify ? "; verification INCOMPLETE: only these ticks were checked" : ""));
            RunDigest.Print(Console.Out, digest.Value, result.FinalHash);
            return RecordFiles.ReportIncomplete(result, reader, path, verify ? "verified" : "replayed");
        }

        if (!quiet)
        {
            Console.Out.WriteLine(string.Format(inv, "replayed  {0} ticks{1}", result.Ticks, verify ? ", every hash matches the record" : ""));
        }

        RunDigest.Print(Console.Out, digest.Value, result.FinalHash);
        return ExitCodes.Ok;
    }
}
