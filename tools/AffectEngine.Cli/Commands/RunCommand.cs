using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Cli.Output;
using AffectEngine.Hosting;
using AffectEngine.Persistence;
using Spectre.Console;

namespace AffectEngine.Cli.Commands;

/// <summary>
/// <c>affect run &lt;scenario&gt; [--ticks N] [--seed S] [--threads T] [--record out.aerec] [--csv out.csv]
/// [--parquet out.parquet] [--plot out.png] [--quiet]</c>.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "The scenario file (JSON)." };
        var ticks = CliOptions.Ticks("Ticks to run (default: the scenario's).");
        var seed = new Option<ulong?>("--seed") { Description = "Seed (default: the scenario's)." };
        var threads = new Option<int?>("--threads") { Description = "Threads for per-agent stages (default: the scenario's)." };
        var record = new Option<string?>("--record") { Description = "Write a replay record (.aerec) of the run." };
        var keyframes = new Option<int?>("--keyframe-every") { Description = "Keyframe interval of the record, in ticks (0 = initial only; default 1000, longer for worlds over 128 MB of state so keyframes stay a few percent of the run)." };
        var noStageHashes = new Option<bool>("--no-stage-hashes") { Description = "Record only one hash per tick (the default; kept for scripts that pass it)." };

        // Per-stage hashes cost 3.6x a tick at 10^6 agents (benchmarks/README.md), so they are asked for, not default.
        var stageHashes = new Option<bool>("--stage-hashes") { Description = "Record a hash after every stage too, so replay --verify names the first differing stage (slower)." };
        var csv = new Option<string?>("--csv") { Description = "Write every tick's state as tidy CSV (tick,agent,variable,value)." };
        var parquet = new Option<string?>("--parquet") { Description = "Write every tick's state as tidy Parquet." };
        var plot = new Option<string?>("--plot") { Description = "Plot emotions and mood of the first agents (PNG)." };
        var csvFormat = CliOptions.CsvFormat();
        var quiet = new Option<bool>("--quiet") { Description = "Print only the run digest and the final state hash (no summary, no progress bar)." };
        var cluster = new Option<string?>("--cluster") { Description = "Run sharded over running silos (cluster config JSON; see docs/scale-out.md)." };
        var hashes = new Option<string?>("--hashes") { Description = "With --cluster: write every tick's cluster hash (tick hash per line)." };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "With --cluster: also write each checkpoint to this file (replaced atomically), so a run outlives its client (--resume)." };
        var resume = new Option<string?>("--resume") { Description = "With --cluster: go on from a checkpoint file written by --checkpoint (same scenario and seed; --hashes then starts at its tick)." };
        var profile = new Option<bool>("--profile") { Description = "Print the wall time each system took per tick (where a run spends its time)." };
        var events = new Option<string?>("--events") { Description = "Write the engine events (emotions crossing thresholds, dominant emotion and mood octant changes, actions) as JSON lines (.jsonl) or CSV (.csv)." };
        var command = new Command("run", "Run a scenario headless and print a summary and the final state hash.")
        {
            scenario, ticks, seed, threads, record, keyframes, noStageHashes, stageHashes, csv, csvFormat, parquet, plot, quiet, cluster, hashes, checkpoint, resume, profile, events,
        };
        command.SetAction(parse =>
        {
            var overrides = new RunOverrides
            {
                Ticks = parse.GetValue(ticks),
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
            };
            if (overrides.Ticks is < 0)
            {
                throw new UserException($"--ticks must be 0 or more; got {overrides.Ticks}");
            }

            if (overrides.Threads is < 1 or > 256)
            {
                throw new UserException($"--threads must be between 1 and 256; got {overrides.Threads}");
            }

            var every = parse.GetValue(keyframes);
            if (every is < 0)
            {
                throw new UserException($"--keyframe-every must be 0 or more; got {every}");
            }

            var outputs = new RunOutputs(parse.GetValue(record), every, parse.GetValue(stageHashes) && !parse.GetValue(noStageHashes), parse.GetValue(csv), parse.GetValue(parquet), parse.GetValue(plot))
            {
                Profile = parse.GetValue(profile),
                Wide = CliOptions.WideCsv(parse, csvFormat, parse.GetValue(csv)),
                Events = parse.GetValue(events),
            };
            if (parse.GetValue(cluster) is { } config)
            {
                return outputs is { Record: null, Csv: null, Parquet: null, Plot: null, Profile: false, Events: null }
                    ? ClusterRun.Run(parse.GetValue(scenario)!, config, overrides, parse.GetValue(hashes), parse.GetValue(quiet), parse.GetValue(checkpoint), parse.GetValue(resume))
                    : throw new UserException("--record, --csv, --parquet, --plot, --profile and --events are not available with --cluster (use --hashes)");
            }

            if (parse.GetValue(hashes) is not null || parse.GetValue(checkpoint) is not null || parse.GetValue(resume) is not null)
            {
                throw new UserException("--hashes, --checkpoint and --resume need --cluster");
            }

            return Run(parse.GetValue(scenario)!, overrides, outputs, parse.GetValue(quiet));
        });
        return command;
    }

    private static int Run(string path, RunOverrides overrides, RunOutputs outputs, bool quiet)
    {
        var (scenario, bytes) = ScenarioFiles.LoadWithBytes(path);
        var total = ScenarioHost.TicksOf(scenario, overrides);
        var clock = Stopwatch.StartNew();
        var stageHashes = outputs.Record is not null && outputs.StageHashes;
        using var plugins = RunPlugins.Load(scenario, path, Console.Error);
        using var runner = EngineSetup.CreateRunner(scenario, overrides, stageHashes, plugins, events: outputs.Events is not null, runFrom: ScenarioFiles.DirectoryOf(path));
        using var perception = ScenarioPerception.Open(scenario, ScenarioFiles.DirectoryOf(path));
        if (perception is not null)
        {
            runner.AddInputFeed(perception);
        }

        var profile = outputs.Profile ? new SystemProfile() : null;
        runner.Simulation.Observer = profile;

        // Every output is created (so checked: folder, permissions, free space) before the first tick,
        // under a temporary name; all are renamed together after the last, or all removed.
        using var files = new OutputSet();
        var recordFile = outputs.Record is null ? null : files.Add(outputs.Record, "--record");
        var csvFile = outputs.Csv is null ? null : files.Add(outputs.Csv, "--csv");
        var parquetFile = outputs.Parquet is null ? null : files.Add(outputs.Parquet, "--parquet");
        var plotFile = outputs.Plot is null ? null : files.Add(outputs.Plot, "--plot");
        using var eventLog = outputs.Events is null ? null : EventLogFile.Create(outputs.Events, files);
        var w = runner.World;
        var stateBytes = (long)w.SlotCount * w.Schema.FieldCount * sizeof(float);
        if (recordFile is not null)
        {
            outputs = outputs with { KeyframeEvery = outputs.KeyframeEvery ?? KeyframeInterval.Default(stateBytes) };
            var keyframes = 1 + (outputs.KeyframeEvery > 0 ? total / outputs.KeyframeEvery.Value : 0);
            OutputPaths.CheckSpace(outputs.Record!, "--record", checked((keyframes * stateBytes) + (total * (stageHashes ? 64 : 16))));
        }

        if (csvFile is not null)
        {
            // At least "t,a,v,0\n" per value; real rows are two to three times longer.
            OutputPaths.CheckSpace(outputs.Csv!, "--csv", checked(total * w.AgentCount * TidyVariables.Of(runner).Names.Length * 8));
        }

        using var sinks = new TidySinks();
        RecordWriter? writer = null;
        RunStory? story = null;
        try
        {
            RunRecorder? recorder = null;
            if (recordFile is not null)
            {
                writer = new RecordWriter(recordFile.Stream, EngineSetup.Header(runner, scenario, bytes, System.IO.Path.GetFileName(path), total, outputs.KeyframeEvery ?? 0, stageHashes));
                recorder = RunRecorder.Attach(runner.Simulation, writer);
            }

            if (csvFile is not null)
            {
                sinks.Add(outputs.Wide ? new WideCsvSink(csvFile) : new CsvSink(csvFile));
            }

            if (parquetFile is not null)
            {
                sinks.Add(new ParquetSink(parquetFile));
            }

            TrajectoryPlot? plot = null;
            if (plotFile is not null)
            {
                var shown = new List<(string, AgentId)>();
                foreach (var id in runner.World.Agents)
                {
                    if (shown.Count == 4)
                    {
                        break;
                    }

                    shown.Add((runner.NameOf(id), id));
                }

                plot = new TrajectoryPlot(runner.World, shown);
            }

            if (sinks.Any || plot is not null)
            {
                var variables = TidyVariables.Of(runner);
                var step = runner.World.Options.StepSeconds;
                runner.TickCompleted += (tick, _) =>
                {
                    sinks.WriteState(runner.World, runner.NameOf, variables, tick);
                    plot?.Sample(runner.World, (tick + 1) * step);
                };
            }

            if (eventLog is not null)
            {
                var step = runner.World.Options.StepSeconds;
                // Action and coping codes are named by the behaviour layer's vocabulary, not the affect model's.
                var behaviour = System.Linq.Enumerable.FirstOrDefault(System.Linq.Enumerable.OfType<AffectEngine.Hosting.BehaviourEngineModule>(runner.Modules))?.Behaviour;
                Func<EngineEvent, string?>? codeName = behaviour is null ? null : e => behaviour.CodeName(e);
                runner.TickCompleted += (_, _) => eventLog.Write(runner.World.Events.Events, runner.NameOf, step, codeName);
            }

            var digest = new RunDigest();
            runner.TickCompleted += digest.Add;
            story = quiet ? null : RunStory.Attach(runner);
            Execute(runner, total, quiet);
            if (total == 0)
            {
                runner.Simulation.ComputeHash();
            }

            recorder?.Complete();
            writer?.Dispose();
            sinks.Finish();
            eventLog?.Commit();
            plotFile?.Stream.Write(plot!.Render(scenario.Name));
            files.CommitAll();
            outputs.Digest = digest.Value;
        }
        finally
        {
            writer?.Dispose();
        }

        clock.Stop();
        if (!quiet)
        {
            PrintSummary(scenario, runner, total, clock.Elapsed, outputs, story);
            if (perception is not null)
            {
                PrintPerception(perception);
            }

            SocialSummary.Print(runner, scenario);
            profile?.Print(Console.Out);
            foreach (var note in Notes(scenario, runner))
            {
                SummaryText.WriteWrapped(Console.Out, "note: " + note, 6);
            }
        }

        RunDigest.Print(Console.Out, outputs.Digest, runner.LastHash);
        return 0;
    }

    /// <summary>Scenario content this engine build does not act on yet, said plainly rather than dropped silently.</summary>
    private static List<string> Notes(Scenarios.Scenario scenario, SimulationRunner runner)
    {
        var notes = new List<string>();
        var appraisal = false;
        foreach (var a in scenario.Agents)
        {
            appraisal |= a.Goals.Count > 0 || a.Standards.Count > 0 || a.Attitudes.Count > 0 || a.Relations.Count > 0;
        }

        foreach (var e in scenario.Events)
        {
            appraisal |= ScenarioHost.IsAppraisable(e);
        }

        if (appraisal && !ScenarioHost.HasBinder(runner))
        {
            notes.Add($"goals, standards, attitudes, relations and appraisable events were checked but no appraisal module ({scenario.Run.Appraisal}) is registered in this build to use them");
        }

        return notes;
    }

    private static void PrintPerception(ScenarioPerception perception)
    {
        var inv = CultureInfo.InvariantCulture;
        SummaryText.WriteWrapped(Console.Out, string.Format(inv, "percepts  {0} accepted, {1} fused into the run from {2}", perception.Accepted, perception.Produced, string.Join("; ", perception.Sources)), 10);
        foreach (var r in perception.Rejections())
        {
            SummaryText.WriteWrapped(Console.Out, string.Format(inv, "          refused {0} ({1}) from {2}", r.Count, r.Reason, r.SourceId), 12);
        }
    }

    /// <summary>Runs the ticks in chunks, so Ctrl+C stops between ticks and the bar moves.</summary>
    private static void Execute(SimulationRunner runner, long total, bool quiet) =>
        CliProgress.Run("run", "ticks", total, quiet, report =>
        {
            var chunk = Math.Clamp(total / 200, 1, 10_000);
            for (var done = 0L; done < total;)
            {
                var n = Math.Min(chunk, total - done);
                runner.Run(n, Interrupt.Token);
                done += n;
                report(n);
            }
        });

    private static void PrintSummary(Scenarios.Scenario scenario, SimulationRunner runner, long ticks, TimeSpan elapsed, RunOutputs outputs, RunStory? story)
    {
        var name = scenario.Name;
        var inv = CultureInfo.InvariantCulture;
        var o = Console.Out;
        var w = runner.World;
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        o.WriteLine(string.Format(inv, "scenario  {0}", name));
        o.WriteLine(string.Format(inv, "agents    {0}", w.AgentCount));
        o.WriteLine(string.Format(inv, "ticks     {0} (step {1} s, simulated {2:0.###} s)", ticks, w.Options.StepSeconds, ticks * w.Options.StepSeconds));
        o.WriteLine(string.Format(inv, "seed      {0}", w.Seed));
        o.WriteLine(string.Format(inv, "threads   {0}", runner.Simulation.Threads));
        o.WriteLine(string.Format(inv, "wall      {0:0.000} s ({1:0} ticks/s)", elapsed.TotalSeconds, ticks / seconds));
        foreach (var (label, file) in new[] { ("record", outputs.Record), ("csv", outputs.Csv), ("parquet", outputs.Parquet), ("plot", outputs.Plot), ("events", outputs.Events) })
        {
            if (file is not null)
            {
                o.WriteLine(string.Format(inv, "{0,-9} {1}", label, file));
            }
        }

        foreach (var line in RunStory.Events(scenario, ticks, w.Options.StepSeconds))
        {
            // Event lines: "  <time> s  <what>"; continuations line up under <what>.
            SummaryText.WriteWrapped(o, line, 14);
        }

        foreach (var line in story?.Actions() ?? [])
        {
            SummaryText.WriteWrapped(o, line, 14);
        }

        if (story?.StrongestOfAll() is { } strongestOfAll)
        {
            SummaryText.WriteWrapped(o, "strongest " + strongestOfAll, 10);
        }

        // At most 80 columns whatever the terminal (and fewer on a narrower one): numbers never split,
        // the emotion columns wrap at spaces. No border: its edges and separators would cost 10 columns.
        var table = new Table().Border(TableBorder.None);
        table.Width = Math.Min(SummaryText.Width, AnsiConsole.Profile.Width);
        table.AddColumn(new TableColumn("agent").PadLeft(0).PadRight(2));
        table.AddColumn(new TableColumn("P").RightAligned().NoWrap().PadLeft(0).PadRight(1));
        table.AddColumn(new TableColumn("A").RightAligned().NoWrap().PadLeft(0).PadRight(1));
        table.AddColumn(new TableColumn("D").RightAligned().NoWrap().PadLeft(0).PadRight(1));
        if (story is not null)
        {
            table.AddColumn(new TableColumn("P low..high").NoWrap().PadLeft(0).PadRight(1));
            // Wraps at spaces (never inside a word or number), so "at end" keeps room for its longest emotion name.
            table.AddColumn(new TableColumn("strongest (when)").PadLeft(0).PadRight(1));
        }

        table.AddColumn(new TableColumn("at end").PadLeft(0).PadRight(0));
        var affect = runner.Affect;
        var shown = 0;
        foreach (var id in w.Agents)
        {
            if (shown++ == 20)
            {
                var more = new string[table.Columns.Count];
                Array.Fill(more, "");
                more[0] = string.Format(inv, "... {0} more", w.AgentCount - 20);
                table.AddRow(more);
                break;
            }

            var mood = affect.Mood(id);
            var best = -1;
            var bestValue = 0f;
            for (var e = 0; e < Emotions.Count; e++)
            {
                var v = affect.Intensity(id, (EmotionType)e);
                if (v > bestValue)
                {
                    bestValue = v;
                    best = e;
                }
            }

            var strongest = best < 0 ? "-" : string.Format(inv, "{0} {1:0.000}", ((EmotionType)best).Name(), bestValue);
            var cells = new List<string> { Markup.Escape(runner.NameOf(id)), mood.P.ToString("0.000", inv), mood.A.ToString("0.000", inv), mood.D.ToString("0.000", inv) };
            if (story is not null)
            {
                cells.Add(story.PleasureRange(id));
                cells.Add(Markup.Escape(story.Strongest(id)));
            }

            cells.Add(Markup.Escape(strongest));
            table.AddRow(cells.ToArray());
        }

        AnsiConsole.Write(table);
        SummaryText.WriteWrapped(o, "P A D: mood (pleasure, arousal, dominance) in [-1, 1] at the end" + (story is null ? "" : "; P low..high: the pleasure's range over the run") + "; strongest: the most intense emotion; \"-\" = none above zero (emotions decay, moods stay longer)", 0);
    }

    private sealed record RunOutputs(string? Record, int? KeyframeEvery, bool StageHashes, string? Csv, string? Parquet, string? Plot)
    {
        /// <summary>Time each system (--profile).</summary>
        public bool Profile { get; init; }

        /// <summary>--csv-format wide: one row per tick, one column per agent and variable.</summary>
        public bool Wide { get; init; }

        /// <summary>The run digest, set when the run finished.</summary>
        public ulong Digest { get; set; }

        /// <summary>Event log file (--events).</summary>
        public string? Events { get; init; }
    }
}
