using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Cli.Output;
using AffectEngine.Hosting;
using AffectEngine.Persistence;

namespace AffectEngine.Cli.Commands;

/// <summary>
/// <c>affect sweep &lt;scenario&gt; --seeds 1..100 [--set json.path=v1,v2,...] --out dir/ [--resume]</c>: the
/// grid of seeds × values runs in parallel, one record per run; a tidy summary CSV of each run's final
/// state and digest, and per condition (value set) and tick the mean, SD and 95% CI over the seeds.
/// </summary>
internal static class SweepCommand
{
    private const int MaxRuns = 100_000;

    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "The scenario file (JSON)." };
        var seeds = new Option<string>("--seeds") { Description = "Seeds: a range \"1..100\" or a list \"1,5,9\".", Required = true };
        var set = new Option<string[]>("--set") { Description = "Vary a value: json.path=v1,v2,... (repeatable; the grid is the product).", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "Folder for the records, summary.csv and aggregate.csv/.parquet (created if missing; its parent must exist).", Required = true };
        var ticks = CliOptions.Ticks("Ticks per run (default: the scenario's).");
        var parallel = new Option<int?>("--parallel") { Description = "Runs at once (default: every core)." };
        var every = new Option<int>("--every") { Description = "Aggregate every K-th tick (ticks 0, K, 2K, ...).", DefaultValueFactory = _ => 1 };
        var resume = new Option<bool>("--resume") { Description = "Keep the complete records of an interrupted sweep in --out and run only the missing ones." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress bar." };
        var command = new Command("sweep", "Run a scenario over a grid of seeds and values, in parallel, recording each run and aggregating per condition and tick.")
        {
            scenario, seeds, set, output, ticks, parallel, every, resume, quiet,
        };
        command.SetAction(parse =>
        {
            var p = parse.GetValue(parallel) ?? Environment.ProcessorCount;
            if (p < 1 || p > 256)
            {
                throw new UserException($"--parallel must be between 1 and 256; got {p}");
            }

            var k = parse.GetValue(every);
            if (k < 1)
            {
                throw new UserException($"--every must be at least 1; got {k}");
            }

            var plan = new SweepPlan(ParseSeeds(parse.GetValue(seeds)!), ParseSets(parse.GetValue(set) ?? []), parse.GetValue(output)!, parse.GetValue(ticks), p, k, parse.GetValue(resume), parse.GetValue(quiet));
            return Run(parse.GetValue(scenario)!, plan);
        });
        return command;
    }

    internal static List<ulong> ParseSeeds(string text)
    {
        var seeds = new List<ulong>();
        var range = text.Split("..");
        if (range.Length == 2)
        {
            if (!ulong.TryParse(range[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a) || !ulong.TryParse(range[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) || b < a)
            {
                throw new UserException($"--seeds: expected a range such as 1..100, found '{text}'");
            }

            if (b - a >= MaxRuns)
            {
                throw new UserException($"--seeds: at most {MaxRuns} seeds; got {b - a + 1}");
            }

            for (var s = a; ; s++)
            {
                seeds.Add(s);
                if (s == b)
                {
                    break;
                }
            }

            return seeds;
        }

        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
            {
                throw new UserException($"--seeds: expected a range such as 1..100 or a list such as 1,5,9, found '{text}'");
            }

            seeds.Add(s);
        }

        return seeds;
    }

    internal static List<(string Path, string[] Values)> ParseSets(string[] sets)
    {
        var list = new List<(string, string[])>();
        foreach (var s in sets)
        {
            var eq = s.IndexOf('=');
            if (eq <= 0 || eq == s.Length - 1)
            {
                throw new UserException($"--set: expected json.path=v1,v2,..., found '{s}'");
            }

            var path = s.Substring(0, eq).Trim();
            if (path.StartsWith("$.", StringComparison.Ordinal))
            {
                path = path.Substring(2);
            }

            list.Add((path, s.Substring(eq + 1).Split(',', StringSplitOptions.TrimEntries)));
        }

        return list;
    }

    private static int Run(string scenarioPath, SweepPlan plan)
    {
        var (_, bytes) = ScenarioFiles.LoadWithBytes(scenarioPath);
        var sets = plan.Sets;
        var combos = new List<string[]> { Array.Empty<string>() };
        foreach (var (_, values) in sets)
        {
            var next = new List<string[]>();
            foreach (var c in combos)
            {
                foreach (var v in values)
                {
                    next.Add([.. c, v]);
                }
            }

            combos = next;
        }

        // Seed-major: run i is condition i % conditions, so a condition's runs are merged in seed order.
        var grid = new List<(ulong Seed, int Condition)>();
        foreach (var seed in plan.Seeds)
        {
            for (var c = 0; c < combos.Count; c++)
            {
                grid.Add((seed, c));
            }
        }

        if (grid.Count > MaxRuns)
        {
            throw new UserException($"the sweep has {grid.Count} runs; at most {MaxRuns} are allowed");
        }

        // Build and check every variant before running any, so a bad --set fails fast with its path.
        var variants = new List<(byte[] Bytes, Scenarios.Scenario Scenario)>();
        foreach (var c in combos)
        {
            var variant = Apply(bytes, sets, c, scenarioPath);
            variants.Add((variant, c.Length == 0 ? ScenarioFiles.Parse(variant, scenarioPath) : ScenarioFiles.ParseChanged(variant, "--set " + Describe(sets, c), ScenarioFiles.DirectoryOf(scenarioPath))));
        }

        var outDir = plan.OutDir;
        var created = OutputPaths.CreateFolder(outDir, "--out");
        var name = Path.GetFileName(scenarioPath);
        var aggregates = new SweepAggregate(combos.Count);
        var results = new RunResult[grid.Count];
        var totalTicks = 0L;
        foreach (var (_, c) in grid)
        {
            totalTicks += ScenarioHost.TicksOf(variants[c].Scenario, new RunOverrides { Ticks = plan.Ticks });
        }

        var kept = 0;
        var finished = 0;
        try
        {
            CliProgress.Run($"sweep ({grid.Count} runs)", "ticks", totalTicks, plan.Quiet, report =>
                Parallel.For(0, grid.Count, new ParallelOptions { MaxDegreeOfParallelism = plan.Parallel, CancellationToken = Interrupt.Token }, i =>
                {
                    var (seed, c) = grid[i];
                    var (variantBytes, scenario) = variants[c];
                    var recordPath = Path.Combine(outDir, RunFile(i));
                    var result = plan.Resume ? Reuse(recordPath, variantBytes, seed, scenario, plan, report) : null;
                    if (result is not null)
                    {
                        Interlocked.Increment(ref kept);
                    }

                    result ??= RunOne(recordPath, variantBytes, name, seed, scenario, plan, report, ScenarioFiles.DirectoryOf(scenarioPath));
                    results[i] = result;
                    aggregates.Add(i, c, result.Trajectory);
                    result.Trajectory = null;
                    Interlocked.Increment(ref finished);
                }));
        }
        catch (Exception) when (Interrupt.ExitCode != 0)
        {
            Console.Error.WriteLine($"affect: interrupted; {finished} of {grid.Count} runs are complete in {outDir}; run the same command with --resume to finish the rest");
            throw;
        }
        catch
        {
            if (created)
            {
                OutputPaths.RemoveIfEmpty(outDir);
            }

            throw;
        }

        using (var files = new OutputSet())
        {
            var summary = files.Add(Path.Combine(outDir, "summary.csv"), "--out");
            WriteSummary(summary.Stream, sets, grid, combos, results);
            var labels = new List<string>();
            foreach (var (path, _) in sets)
            {
                labels.Add(path);
            }

            aggregates.WriteCsv(files.Add(Path.Combine(outDir, "aggregate.csv"), "--out").Stream, labels, combos);
            aggregates.WriteParquet(files.Add(Path.Combine(outDir, "aggregate.parquet"), "--out").Stream, labels, combos);
            files.CommitAll();
        }

        Console.Out.WriteLine($"sweep     {grid.Count} runs ({plan.Seeds.Count} seeds × {combos.Count} value sets) in {outDir}{(kept > 0 ? $", {kept} kept from before" : "")}");
        Console.Out.WriteLine($"summary   {Path.Combine(outDir, "summary.csv")} (each run's final state, run digest and state hash)");
        Console.Out.WriteLine($"aggregate {Path.Combine(outDir, "aggregate.csv")} and .parquet (per condition and tick: n, mean, sd, 95% CI over seeds)");
        return 0;
    }

    /// <summary>Runs one grid point into its record (renamed into place only when complete).</summary>
    private static RunResult RunOne(string recordPath, byte[] variantBytes, string name, ulong seed, Scenarios.Scenario scenario, SweepPlan plan, Action<long> report, string scenarioFolder)
    {
        var overrides = new RunOverrides { Seed = seed, Threads = 1, Ticks = plan.Ticks };
        var total = ScenarioHost.TicksOf(scenario, overrides);

        // Each run draws its own generated events from its own seed, as `affect run --seed` would.
        using var runner = EngineSetup.CreateRunner(scenario, overrides, stageHashes: true, runFrom: scenarioFolder);
        var sampler = new TrajectorySampler(runner, plan.Every);
        var digest = new RunDigest();
        runner.TickCompleted += (tick, hash) =>
        {
            digest.Add(tick, hash);
            sampler.Sample(runner.World, tick);
        };
        using (var file = AtomicFile.Create(recordPath, "--out"))
        {
            using (var writer = new RecordWriter(file.Stream, EngineSetup.Header(runner, scenario, variantBytes, name, total, 1000, true)))
            {
                var recorder = RunRecorder.Attach(runner.Simulation, writer);
                var chunk = Math.Clamp(total / 100, 1, 10_000);
                for (var done = 0L; done < total;)
                {
                    var n = Math.Min(chunk, total - done);
                    runner.Run(n, Interrupt.Token);
                    done += n;
                    report(n);
                }

                if (total == 0)
                {
                    runner.Simulation.ComputeHash();
                }

                recorder.Complete();
            }

            file.Commit();
        }

        return new RunResult(digest.Value, runner.LastHash, FinalRows(runner, total)) { Trajectory = sampler.Finish() };
    }

    /// <summary>
    /// With --resume: a complete record of this very run (same scenario bytes, seed and length) is
    /// replayed instead of re-run, which gives the same trajectory, digest and final state.
    /// </summary>
    private static RunResult? Reuse(string recordPath, byte[] variantBytes, ulong seed, Scenarios.Scenario scenario, SweepPlan plan, Action<long> report)
    {
        if (!File.Exists(recordPath))
        {
            return null;
        }

        RecordReader reader;
        try
        {
            reader = RecordReader.Open(recordPath);
        }
        catch (Exception ex) when (ex is RecordException or IOException)
        {
            return null;
        }

        using (reader)
        {
            var h = reader.Header;
            var total = ScenarioHost.TicksOf(scenario, new RunOverrides { Ticks = plan.Ticks });
            if (h.Seed != seed || h.PlannedTicks != total || !h.Scenario.AsSpan().SequenceEqual(variantBytes))
            {
                return null;
            }

            using var runner = EngineSetup.CreateRunner(scenario, new RunOverrides { Seed = seed, Threads = 1 }, h.StageHashes);
            var sampler = new TrajectorySampler(runner, plan.Every);
            var digest = new RunDigest();
            ReplayResult result;
            try
            {
                result = RecordReplayer.Replay(reader, runner.Simulation, runner.InputReaders(), new ReplayOptions
                {
                    Verify = true,
                    AfterTick = (tick, sim) =>
                    {
                        digest.Add(tick, sim.LastHash);
                        sampler.Sample(sim.World, tick);
                        report(1);
                    },
                });
            }
            catch (RecordException)
            {
                return null;
            }

            if (!result.Complete || result.Mismatch is not null || result.Ticks != total)
            {
                report(-result.Ticks);
                return null;
            }

            if (total == 0)
            {
                runner.Simulation.ComputeHash();
            }

            return new RunResult(digest.Value, runner.LastHash, FinalRows(runner, total)) { Trajectory = sampler.Finish() };
        }
    }

    private static List<(string, string, float)> FinalRows(SimulationRunner runner, long total)
    {
        var rows = new List<(string, string, float)>();
        TidyVariables.Of(runner).WriteState(runner.World, runner.NameOf, total, [new ListSink(rows)]);
        return rows;
    }

    private static void WriteSummary(Stream stream, List<(string Path, string[] Values)> sets, List<(ulong Seed, int Condition)> grid, List<string[]> combos, RunResult[] results)
    {
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var header = new StringBuilder("run,record,seed");
        foreach (var (path, _) in sets)
        {
            header.Append(',').Append(Csv(path));
        }

        header.Append(",run_digest,state_hash,agent,variable,value");
        w.WriteLine(header.ToString());
        var inv = CultureInfo.InvariantCulture;
        for (var i = 0; i < grid.Count; i++)
        {
            var prefix = new StringBuilder();
            prefix.Append(i.ToString(inv)).Append(',').Append(RunFile(i)).Append(',').Append(grid[i].Seed.ToString(inv));
            foreach (var v in combos[grid[i].Condition])
            {
                prefix.Append(',').Append(Csv(v));
            }

            prefix.Append(',').Append(results[i].Digest.ToString("x16", inv));
            prefix.Append(',').Append(results[i].FinalHash.ToString("x16", inv));
            var p = prefix.ToString();
            foreach (var (agent, variable, value) in results[i].Rows)
            {
                w.Write(p);
                w.Write(',');
                w.Write(Csv(agent));
                w.Write(',');
                w.Write(variable);
                w.Write(',');
                w.WriteLine(value.ToString("R", inv));
            }
        }

        w.Flush();
    }

    private static string RunFile(int i) => "run-" + i.ToString("D4", CultureInfo.InvariantCulture) + ".aerec";

    private static string Describe(List<(string Path, string[] Values)> sets, string[] values)
    {
        var parts = new List<string>();
        for (var i = 0; i < values.Length; i++)
        {
            parts.Add(sets[i].Path + "=" + values[i]);
        }

        return parts.Count == 0 ? "no overrides" : string.Join(", ", parts);
    }

    private static byte[] Apply(byte[] bytes, List<(string Path, string[] Values)> sets, string[] values, string file)
    {
        if (values.Length == 0)
        {
            return bytes;
        }

        var root = JsonNode.Parse(bytes, null, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        for (var i = 0; i < values.Length; i++)
        {
            Set(root, sets[i].Path, ParseValue(values[i]), file);
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static JsonNode? ParseValue(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    /// <summary>Sets <c>a.b[2].c</c> in the document; intermediate objects are created, array indices must exist.</summary>
    private static void Set(JsonNode root, string path, JsonNode? value, string file)
    {
        var segments = new List<object>();
        foreach (var part in path.Split('.'))
        {
            var name = part;
            var bracket = name.IndexOf('[');
            var head = bracket < 0 ? name : name.Substring(0, bracket);
            if (head.Length > 0)
            {
                segments.Add(head);
            }

            while (bracket >= 0)
            {
                var close = name.IndexOf(']', bracket);
                if (close < 0 || !int.TryParse(name.AsSpan(bracket + 1, close - bracket - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw new UserException($"--set: cannot read the path '{path}' (expected names and [index] parts such as agents[0].personality.n)");
                }

                segments.Add(index);
                bracket = name.IndexOf('[', close);
            }
        }

        if (segments.Count == 0)
        {
            throw new UserException($"--set: empty path '{path}'");
        }

        var node = root;
        for (var s = 0; s < segments.Count; s++)
        {
            var last = s == segments.Count - 1;
            switch (segments[s])
            {
                case string key when node is JsonObject obj:
                    if (last)
                    {
                        obj[key] = value;
                        return;
                    }

                    if (obj[key] is null)
                    {
                        obj[key] = new JsonObject();
                    }

                    node = obj[key]!;
                    break;
                case int index when node is JsonArray arr && index < arr.Count:
                    if (last)
                    {
                        arr[index] = value;
                        return;
                    }

                    node = arr[index] ?? throw new UserException($"--set: {path}: {file} has null at [{index}]");
                    break;
                default:
                    throw new UserException($"--set: {path}: {file} has no {(segments[s] is int i ? $"element [{i}]" : $"object to hold '{segments[s]}'")} there");
            }
        }
    }

    private static string Csv(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record SweepPlan(List<ulong> Seeds, List<(string Path, string[] Values)> Sets, string OutDir, long? Ticks, int Parallel, int Every, bool Resume, bool Quiet);

    private sealed class RunResult(ulong digest, ulong finalHash, List<(string Agent, string Variable, float Value)> rows)
    {
        public ulong Digest { get; } = digest;

        public ulong FinalHash { get; } = finalHash;

        public List<(string Agent, string Variable, float Value)> Rows { get; } = rows;

        /// <summary>The sampled trajectory until it is merged into the aggregate.</summary>
        public SampledTrajectory? Trajectory { get; set; }
    }

    private sealed class ListSink : ITidySink
    {
        private readonly List<(string, string, float)> _rows;

        public ListSink(List<(string, string, float)> rows) => _rows = rows;

        public void Row(long tick, string agent, string variable, float value) => _rows.Add((agent, variable, value));

        public void Finish()
        {
        }

        public void Dispose()
        {
        }
    }
}
