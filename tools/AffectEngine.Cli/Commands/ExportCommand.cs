using System;
using System.CommandLine;
using AffectEngine.Cli.Output;
using AffectEngine.Persistence;

namespace AffectEngine.Cli.Commands;

/// <summary><c>affect export &lt;file.aerec&gt; (--csv out.csv | --parquet out.parquet) [--every K]</c>: tidy long data by replaying the record.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("record") { Description = "The record (.aerec)." };
        var csv = new Option<string?>("--csv") { Description = "Write tidy CSV (tick,agent,variable,value)." };
        var parquet = new Option<string?>("--parquet") { Description = "Write tidy Parquet." };
        var every = new Option<int>("--every") { Description = "Keep every K-th tick (ticks 0, K, 2K, ...).", DefaultValueFactory = _ => 1 };
        var csvFormat = CliOptions.CsvFormat();
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar." };
        var command = new Command("export", "Export the states of a record as tidy long (or wide) data.") { file, csv, csvFormat, parquet, every, quiet };
        command.SetAction(parse =>
        {
            var k = parse.GetValue(every);
            if (k < 1)
            {
                throw new UserException($"--every must be at least 1; got {k}");
            }

            var c = parse.GetValue(csv);
            var p = parse.GetValue(parquet);
            if (c is null && p is null)
            {
                throw new UserException("export needs --csv <file> or --parquet <file>");
            }

            return Run(parse.GetValue(file)!, c, p, k, CliOptions.WideCsv(parse, csvFormat, c), parse.GetValue(quiet));
        });
        return command;
    }

    private static int Run(string path, string? csv, string? parquet, int every, bool wide, bool quiet)
    {
        using var reader = RecordFiles.Open(path);
        using var runner = RecordFiles.RunnerFor(reader, path, null);
        using var files = new OutputSet();
        using var sinks = new TidySinks();
        if (csv is not null)
        {
            var file = files.Add(csv, "--csv");
            sinks.Add(wide ? new WideCsvSink(file) : new CsvSink(file));
        }

        if (parquet is not null)
        {
            sinks.Add(new ParquetSink(files.Add(parquet, "--parquet")));
        }

        var variables = TidyVariables.Of(runner);
        var rows = 0L;
        ReplayResult? result = null;
        CliProgress.Run("export", "ticks", reader.Header.PlannedTicks, quiet, report =>
        {
            result = RecordFiles.Replay(reader, runner, path, new ReplayOptions
            {
                AfterTick = (tick, sim) =>
                {
                    if (tick % every == 0)
                    {
                        sinks.WriteState(sim.World, runner.NameOf, variables, tick);
                        rows += (long)sim.World.AgentCount * variables.Names.Length;
                    }

                    report(1);
                },
            });
        });
        sinks.Finish();
        files.CommitAll();
        Console.Out.WriteLine($"exported  {rows} rows ({result!.Ticks} ticks replayed, every {every}) to {csv ?? parquet}{(csv is not null && parquet is not null ? " and " + parquet : "")}");
        return RecordFiles.ReportIncomplete(result, reader, path, "exported");
    }
}
