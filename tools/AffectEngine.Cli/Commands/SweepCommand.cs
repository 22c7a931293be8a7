using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using AffectEngine.Cli.Output;
using AffectEngine.Hosting;
using AffectEngine.Persistence;

namespace AffectEngine.Cli.Commands;

/// <summary>
/// <c>affect sweep &lt;scenario&gt; --seeds 1..100 [--set json.path=v1,v2,...] --out dir/</c>: the grid of
/// seeds × values runs in parallel, one record per run, and a tidy summary CSV of each run's final state.
/// </summary>
internal static class SweepCommand
{
    private const int MaxRuns = 100_000;

    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "The scenario file (JSON)." };
        var seeds = new Option<string>("--seeds") { Description = "Seeds: a range \"1..100\" or a list \"1,5,9\".", Required = true };
        var set = new Option<string[]>("--set") { Description = "Vary a value: json.path=v1,v2,... (repeatable; the grid is the product).", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "Directory for the records and summary.csv (created if missing).", Required = true };
        var ticks = new Option<long?>("--ticks") { Description = "Ticks per run (default: the scenario's)." };
        var parallel = new Option<int?>("--parallel") { Description = "Runs at once (default: processor count)." };
        var command = new Command("sweep", "Run a scenario over a grid of seeds and values, in parallel, recording each run.")
        {
            scenario, seeds, set, output, ticks, parallel,
        };
        command.SetAction(parse =>
        {
            var p = parse.GetValue(parallel) ?? Environment.ProcessorCount;
            if (p < 1 || p > 256)
            {
                throw new UserException($"--parallel must be between 1 and 256; got {p}");
            }

            var t = parse.GetValue(ticks);
            if (t is < 0)
            {
                throw new UserException($"--ticks must be 0 or more; got {t}");
            }

            return Run(parse.GetValue(scenario)!, ParseSeeds(parse.GetValue(seeds)!), ParseSets(parse.GetValue(set) ?? []), parse.GetValue(output)!, t, p);
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

    private static int Run(string scenarioPath, List<ulong> seeds, List<(string Path, string[] Values)> sets, string outDir, long? ticks, int parallel)
    {
        var (_, bytes) = ScenarioFiles.LoadWithBytes(scenarioPath);
        var grid = new List<(ulong Seed, string[] Values)>();
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

        foreach (var seed in seeds)
        {
            foreach (var c in combos)
            {
                grid.Add((seed, c));
            }
        }

        if (grid.Count > MaxRuns)
        {
            throw new UserException($"the sweep has {grid.Count} runs; at most {MaxRuns} are allowed");
        }

        // Build and check every variant before running any, so a bad --set fails fast with its path.
        var variants = new Dictionary<string, (byte[] Bytes, Scenarios.Scenario Scenario)>(StringComparer.Ordinal);
        foreach (var c in combos)
        {
            var key = string.Join("\u0001", c);
            var variant = Apply(bytes, sets, c, scenarioPath);
            variants[key] = (variant, ScenarioFiles.Parse(variant, $"{scenarioPath} with {Describe(sets, c)}"));
        }

        try
        {
            Directory.CreateDirectory(outDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"{outDir}: cannot create the directory: {ex.Message}");
        }

        var results = new (ulong Hash, List<(string Agent, string Variable, float Value)> Rows)[grid.Count];
        var name = Path.GetFileName(scenarioPath);
        try
        {
            Parallel.For(0, grid.Count, new ParallelOptions { MaxDegreeOfParallelism = parallel }, i =>
            {
                var (seed, values) = grid[i];
                var (variantBytes, scenario) = variants[string.Join("\u0001", values)];
                var overrides = new RunOverrides { Seed = seed, Threads = 1, Ticks = ticks };
                var total = ScenarioHost.TicksOf(scenario, overrides);
                using var runner = EngineSetup.CreateRunner(scenario, overrides, stageHashes: true);
                using (var writer = RunCommand.CreateRecord(Path.Combine(outDir, RunFile(i)), EngineSetup.Header(runner, scenario, variantBytes, name, total, 1000, true)))
                {
                    var recorder = RunRecorder.Attach(runner.Simulation, writer);
                    runner.Run(total);
                    if (total == 0)
                    {
                        runner.Simulation.ComputeHash();
                    }

                    recorder.Complete();
                }

                var rows = new List<(string, string, float)>();
                var sink = new ListSink(rows);
                TidyVariables.WriteState(runner.World, runner.NameOf, TidyVariables.Of(runner.World.Schema), total, sink);
                results[i] = (runner.LastHash, rows);
            });
        }
        catch (AggregateException ex)
        {
            foreach (var inner in ex.Flatten().InnerExceptions)
            {
                if (inner is UserException user)
                {
                    throw new UserException(user.Message);
                }
            }

            throw;
        }

        var summaryPath = Path.Combine(outDir, "summary.csv");
        using (var file = AtomicFile.Create(summaryPath))
        {
            WriteSummary(file.Stream, sets, grid, results);
            file.Commit();
        }

        Console.Out.WriteLine($"sweep     {grid.Count} runs ({seeds.Count} seeds × {combos.Count} value sets) in {outDir}");
        Console.Out.WriteLine($"summary   {summaryPath}");
        return 0;
    }

    private static void WriteSummary(Stream stream, List<(string Path, string[] Values)> sets, List<(ulong Seed, string[] Values)> grid, (ulong Hash, List<(string Agent, string Variable, float Value)> Rows)[] results)
    {
        {
            using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
            var header = new StringBuilder("run,record,seed");
            foreach (var (path, _) in sets)
            {
                header.Append(',').Append(Csv(path));
            }

            header.Append(",state_hash,agent,variable,value");
            w.WriteLine(header.ToString());
            var inv = CultureInfo.InvariantCulture;
            for (var i = 0; i < grid.Count; i++)
            {
                var prefix = new StringBuilder();
                prefix.Append(i.ToString(inv)).Append(',').Append(RunFile(i)).Append(',').Append(grid[i].Seed.ToString(inv));
                foreach (var v in grid[i].Values)
                {
                    prefix.Append(',').Append(Csv(v));
                }

                prefix.Append(',').Append(results[i].Hash.ToString("x16", inv));
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

    private sealed class ListSink : ITidySink
    {
        private readonly List<(string, string, float)> _rows;

        public ListSink(List<(string, string, float)> rows) => _rows = rows;

        public void Row(long tick, string agent, string variable, float value) => _rows.Add((agent, variable, value));

        public void Commit()
        {
        }

        public void Dispose()
        {
        }
    }
}
