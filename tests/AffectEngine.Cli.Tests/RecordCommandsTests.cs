using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AffectEngine.Persistence;

namespace AffectEngine.Cli.Tests;

public sealed class RecordCommandsTests
{
    private static readonly Regex HashLine = new("^state-hash: ([0-9a-f]{16})$", RegexOptions.Multiline);

    private static string HashOf(string stdout)
    {
        var m = HashLine.Match(stdout.Replace("\r", ""));
        Assert.True(m.Success, "no state-hash line in: " + stdout);
        return m.Groups[1].Value;
    }

    [Theory]
    [InlineData("1", "2")]
    [InlineData("2", "1")]
    public void Run_record_then_replay_verify_matches_at_any_thread_count(string recordThreads, string replayThreads)
    {
        using var dir = new TempDir();
        var rec = dir.File("q.aerec");
        var run = AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--ticks", "400", "--threads", recordThreads, "--record", rec, "--keyframe-every", "100", "--quiet");
        Assert.Equal(0, run.ExitCode);
        var replay = AffectCli.Run("replay", rec, "--verify", "--threads", replayThreads);
        Assert.Equal(0, replay.ExitCode);
        Assert.Contains("replayed  400 ticks, every hash matches the record", replay.Stdout);
        Assert.Equal(HashOf(run.Stdout), HashOf(replay.Stdout));
        Assert.Equal("", replay.Stderr);

        // Per-stage hashes are asked for, not recorded by default (they cost several ticks' worth at scale).
        Assert.Matches("stage hashes +no", AffectCli.Run("inspect", rec).Stdout);
    }

    [Fact]
    public void A_version_2_record_whose_scenario_does_not_say_replays_with_the_action_units_per_tick()
    {
        // Format 2 ran the action units per tick by default; format 3 computes them on read unless asked. A version 2
        // record is made here as that build wrote it: a per-tick run whose embedded scenario does not mention them.
        using var dir = new TempDir();
        var (text, perTick) = PerTickQuickstart(dir);
        var rec = dir.File("q.aerec");
        var run = AffectCli.Run("run", perTick, "--ticks", "200", "--record", rec, "--keyframe-every", "100", "--quiet");
        Assert.Equal(0, run.ExitCode);
        using (var recorded = RecordReader.Open(rec))
        {
            Assert.Contains("express.au.12", recorded.Header.FieldNames);
        }

        var v2 = dir.File("v2.aerec");
        var original = System.Text.Encoding.UTF8.GetBytes(text);
        RewriteHeader(rec, v2, h =>
        {
            h.FormatVersion = 2;
            h.Scenario = original;
            h.ScenarioHash = System.IO.Hashing.XxHash64.HashToUInt64(original);
        });
        using (var old = RecordReader.Open(v2))
        {
            Assert.Equal(2, old.Header.FormatVersion);
        }

        var replay = AffectCli.Run("replay", v2, "--verify");
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);
        Assert.Contains("replayed  200 ticks, every hash matches the record", replay.Stdout);
        Assert.Equal(HashOf(run.Stdout), HashOf(replay.Stdout));

        // The same scenario run today computes the units on read: its hot fields, and so its hashes, differ.
        var now = AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--ticks", "200", "--quiet");
        Assert.NotEqual(HashOf(run.Stdout), HashOf(now.Stdout));
    }

    [Fact]
    public void Replay_verify_names_the_first_differing_tick_and_stage_and_exits_1()
    {
        using var dir = new TempDir();
        var rec = dir.File("q.aerec");
        Assert.Equal(0, AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--ticks", "100", "--record", rec, "--stage-hashes", "--quiet").ExitCode);
        var altered = dir.File("altered.aerec");
        Rewrite(rec, altered, t =>
        {
            if (t.Tick != 10 || t.Inputs.Count == 0)
            {
                return t;
            }

            var input = t.Inputs[0];
            var payload = (byte[])input.Payload.Clone();
            BitConverter.GetBytes(0.125f).CopyTo(payload, 12);
            return new TickRecord(t.Tick, t.Hash, t.StageHashes, [input with { Payload = payload }, .. t.Inputs.Skip(1)]);
        });
        var (code, stdout, stderr) = AffectCli.Run("replay", altered, "--verify");
        Assert.Equal(1, code);
        Assert.Matches("MISMATCH at tick 10, stage inputs: recorded [0-9a-f]{16}, replayed [0-9a-f]{16}", stdout);
        Assert.Contains("tick 10, stage inputs", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public async System.Threading.Tasks.Task Export_writes_tidy_csv_and_parquet_readable_back()
    {
        using var dir = new TempDir();
        var rec = dir.File("q.aerec");
        Assert.Equal(0, AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--ticks", "300", "--record", rec, "--quiet").ExitCode);
        var csv = dir.File("out.csv");
        var parquet = dir.File("out.parquet");
        var (code, stdout, stderr) = AffectCli.Run("export", rec, "--csv", csv, "--parquet", parquet, "--every", "100");
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("tick,agent,variable,value", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.All(rows, r => Assert.Equal(4, r.Length));
        Assert.Equal(["0", "100", "200"], rows.Select(r => r[0]).Distinct().ToArray());
        Assert.Equal(["ada", "bo", "chen", "dara"], rows.Select(r => r[1]).Distinct().ToArray());
        var variables = rows.Select(r => r[2]).Distinct().ToArray();
        Assert.Contains("joy", variables);
        Assert.Contains("fears-confirmed", variables);
        Assert.Contains("mood.p", variables);
        Assert.Contains("mood.a", variables);
        Assert.Contains("mood.d", variables);
        Assert.Contains("personality.n", variables);
        Assert.All(rows, r => float.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"exported  {rows.Length} rows", stdout);

        await using var stream = File.OpenRead(parquet);
        await using var reader = await Parquet.ParquetReader.CreateAsync(stream);
        var fields = reader.Schema.GetDataFields();
        Assert.Equal(["tick", "agent", "variable", "value"], fields.Select(f => f.Name).ToArray());
        long total = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            total += group.RowCount;
        }

        Assert.Equal(rows.Length, total);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void Run_writes_csv_and_a_png_plot_and_plot_command_draws_chosen_agents()
    {
        using var dir = new TempDir();
        var csv = dir.File("run.csv");
        var png = dir.File("run.png");
        var rec = dir.File("r.aerec");
        Assert.Equal(0, AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--ticks", "50", "--csv", csv, "--plot", png, "--record", rec).ExitCode);
        Assert.Equal("tick,agent,variable,value", File.ReadLines(csv).First());
        // One row per (tick, agent, variable): every engine field, whatever modules declare.
        var csvRows = File.ReadLines(csv).Skip(1).Select(l => l.Split(',')).ToArray();
        var variables = csvRows.Select(r => r[2]).Distinct().ToArray();
        Assert.Contains("fears-confirmed", variables);
        Assert.Contains("mood.p", variables);
        Assert.Equal(50 * 4 * variables.Length, csvRows.Length);
        AssertPng(png);

        var plot = dir.File("plot.png");
        var (code, stdout, _) = AffectCli.Run("plot", rec, "--agents", "ada,bo", "--out", plot);
        Assert.Equal(0, code);
        Assert.Contains("plotted   2 agents over 50 ticks", stdout);
        AssertPng(plot);

        var bad = AffectCli.Run("plot", rec, "--agents", "zed", "--out", dir.File("no.png"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("no agent 'zed'", bad.Stderr);
        Assert.False(File.Exists(dir.File("no.png")));
    }

    [Fact]
    public void Exports_hold_the_action_units_whether_they_are_computed_per_tick_or_on_read()
    {
        // On read (the default) the world has no express.au fields; the export computes them from the emotions and
        // lists them where a per-tick world holds them, so both runs export the same bytes.
        using var dir = new TempDir();
        var (_, perTickScenario) = PerTickQuickstart(dir);
        string Csv(string scenario, string name, params string[] more)
        {
            var csv = dir.File(name + ".csv");
            var rec = dir.File(name + ".aerec");
            var run = AffectCli.Run(["run", scenario, "--ticks", "120", "--csv", csv, "--record", rec, "--quiet", .. more]);
            Assert.True(run.ExitCode == 0, run.Stderr);
            using (var recorded = RecordReader.Open(rec))
            {
                // The two runs really differ in their worlds: only the per-tick one has the units as hot fields.
                Assert.Equal(name == "per-tick", recorded.Header.FieldNames.Any(f => f.StartsWith("express.au.", StringComparison.Ordinal)));
            }

            var exported = dir.File(name + "-export.csv");
            Assert.Equal(0, AffectCli.Run("export", rec, "--csv", exported, "--quiet").ExitCode);
            Assert.Equal(File.ReadAllText(csv), File.ReadAllText(exported));
            return File.ReadAllText(csv);
        }

        var perTick = Csv(perTickScenario, "per-tick");
        var onRead = Csv(AffectCli.Scenario("quickstart.json"), "on-read");
        Assert.Contains(",express.au.12,", onRead);
        Assert.Equal(perTick, onRead);

        // Some unit must move in this run, or the comparison would hold for zeros.
        var smiles = onRead.Split('\n').Where(l => l.Contains(",express.au.12,", StringComparison.Ordinal)).Select(l => float.Parse(l.Split(',')[3], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(smiles, v => v > 0.05f);
    }

    [Fact]
    public void Default_keyframe_interval_is_1000_ticks_for_a_small_world()
    {
        using var dir = new TempDir();
        var rec = dir.File("q.aerec");
        Assert.Equal(0, AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--ticks", "10", "--record", rec, "--quiet").ExitCode);
        Assert.Contains("(every 1000 ticks)", AffectCli.Run("inspect", rec).Stdout);
    }

    [Fact]
    public void Inspect_describes_a_record_and_a_truncated_one_says_where_it_stopped()
    {
        using var dir = new TempDir();
        var rec = dir.File("q.aerec");
        Assert.Equal(0, AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--ticks", "200", "--record", rec, "--keyframe-every", "50", "--quiet").ExitCode);
        var (code, stdout, stderr) = AffectCli.Run("inspect", rec);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("ticks           200 of 200 planned (last tick 199)", stdout);
        Assert.Contains("keyframes       5 (every 50 ticks)", stdout);
        Assert.Contains("complete        yes", stdout);
        Assert.Contains($"size            {new FileInfo(rec).Length} bytes", stdout);

        var bytes = File.ReadAllBytes(rec);
        var cut = dir.File("cut.aerec");
        File.WriteAllBytes(cut, bytes.AsSpan(0, bytes.Length - 1000).ToArray());
        (code, stdout, stderr) = AffectCli.Run("inspect", cut);
        Assert.Equal(0, code);
        Assert.Contains("complete        no", stdout);
        Assert.Matches("warning: .*cut.aerec: byte [0-9]+: truncated frame.*read up to tick [0-9]+", stderr);

        // Only the part before the damage can be verified, which is not "every hash matches" (issue 20 §5).
        var replay = AffectCli.Run("replay", cut, "--verify");
        Assert.Equal(4, replay.ExitCode);
        Assert.Contains("verification INCOMPLETE", replay.Stdout);
        Assert.Contains("truncated frame", replay.Stdout);
        Assert.DoesNotContain("every hash matches", replay.Stdout);
    }

    [Fact]
    public void Files_that_are_not_records_are_user_errors_with_exit_2()
    {
        foreach (var command in new[] { "replay", "inspect", "export" })
        {
            var args = command == "export" ? new[] { command, AffectCli.Scenario("quickstart.json"), "--csv", "x.csv" } : new[] { command, AffectCli.Scenario("quickstart.json") };
            var (code, _, stderr) = AffectCli.Run(args);
            Assert.Equal(2, code);
            Assert.Contains("not an AffectEngine record", stderr);
            Assert.DoesNotContain("   at ", stderr);
        }

        var missing = AffectCli.Run("replay", "no/such.aerec");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("file not found", missing.Stderr);
    }

    [Fact]
    public void Sweep_runs_the_grid_with_one_record_per_run_and_a_summary()
    {
        using var dir = new TempDir();
        var outDir = Path.Combine(dir.Path, "sweep");
        var (code, stdout, stderr) = AffectCli.Run("sweep", AffectCli.Scenario("quickstart.json"), "--seeds", "1..2", "--set", "run.ticks=20,30", "--set", "agents[0].personality.n=0.5,-0.5", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains("sweep     8 runs (2 seeds × 4 value sets)", stdout);
        Assert.Equal(8, Directory.GetFiles(outDir, "run-*.aerec").Length);
        var lines = File.ReadAllLines(Path.Combine(outDir, "summary.csv"));
        Assert.Equal("run,record,seed,run.ticks,agents[0].personality.n,run_digest,state_hash,agent,variable,value", lines[0]);
        var sweepVariables = lines.Skip(1).Select(l => l.Split(',')[^2]).Distinct().Count();
        Assert.True(sweepVariables > 30, $"{sweepVariables} variables");
        Assert.Equal(8 * 4 * sweepVariables, lines.Length - 1);
        Assert.Contains(lines, l => l.StartsWith("7,run-0007.aerec,2,30,-0.5,", StringComparison.Ordinal) && l.EndsWith(",ada,personality.n,-0.5", StringComparison.Ordinal));
        var digests = lines.Skip(1).Select(l => l.Split(',')[5]).Distinct().Count();
        Assert.Equal(8, digests);
        var hashes = lines.Skip(1).Select(l => l.Split(',')[6]).Distinct().Count();
        Assert.Equal(8, hashes);
        var replay = AffectCli.Run("replay", Path.Combine(outDir, "run-0007.aerec"), "--verify");
        Assert.Equal(0, replay.ExitCode);
        Assert.Contains("replayed  30 ticks", replay.Stdout);

        var bad = AffectCli.Run("sweep", AffectCli.Scenario("quickstart.json"), "--seeds", "1..2", "--set", "run.ticks=-5", "--out", outDir);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("$.run.ticks", bad.Stderr);
    }

    /// <summary>
    /// A real child process killed with SIGKILL mid-run (no chance to clean up) leaves nothing under the
    /// final names; the hidden temporary record is readable up to its last complete frame, and every tick
    /// in it still verifies (the verification says it is incomplete).
    /// </summary>
    [Fact]
    public void A_run_killed_mid_way_leaves_no_final_outputs_and_a_verifiable_hidden_partial_record()
    {
        using var dir = new TempDir();
        var rec = dir.File("killed.aerec");
        var csv = dir.File("killed.csv");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { AffectCli.Executable, "run", AffectCli.Scenario("quickstart.json"), "--ticks", "10000000", "--record", rec, "--csv", csv, "--quiet" })
        {
            psi.ArgumentList.Add(a);
        }

        string Partial() => Directory.GetFiles(dir.Path, ".killed.aerec.*.tmp").SingleOrDefault() ?? "";
        using (var child = Process.Start(psi)!)
        {
            var clock = Stopwatch.StartNew();
            while ((Partial().Length == 0 || new FileInfo(Partial()).Length < 300_000) && clock.Elapsed < TimeSpan.FromSeconds(60) && !child.HasExited)
            {
                System.Threading.Thread.Sleep(20);
            }

            if (child.HasExited)
            {
                Assert.Fail("the run ended before it could be killed: " + child.StandardError.ReadToEnd());
            }

            child.Kill();
            child.WaitForExit();
            Assert.NotEqual(0, child.ExitCode);
        }

        Assert.False(File.Exists(csv), "a half-written CSV exists under its final name");
        Assert.False(File.Exists(rec), "a half-written record exists under its final name");
        var partial = Partial();
        var (code, stdout, stderr) = AffectCli.Run("inspect", partial);
        Assert.Equal(0, code);
        Assert.Contains("complete        no", stdout);
        Assert.Contains("warning:", stderr);
        var ticks = int.Parse(Regex.Match(stdout, "ticks +([0-9]+) of").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ticks > 1000, stdout);

        var replay = AffectCli.Run("replay", partial, "--verify");
        Assert.Equal(4, replay.ExitCode);
        Assert.Contains($"replayed  {ticks} ticks; verification INCOMPLETE", replay.Stdout);
    }

    private static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes.AsSpan(0, 8).ToArray());
    }

    /// <summary>The quickstart's text, and a copy of it in <paramref name="dir"/> that asks for the action units per tick.</summary>
    private static (string Text, string PerTickPath) PerTickQuickstart(TempDir dir)
    {
        var text = File.ReadAllText(AffectCli.Scenario("quickstart.json"));
        var path = dir.File("per-tick.json");
        File.WriteAllText(path, text.Replace("\"run\": {", "\"run\": { \"actionUnits\": \"perTick\",", StringComparison.Ordinal));
        return (text, path);
    }

    private static void RewriteHeader(string from, string to, Action<RecordHeader> header) => Rewrite(from, to, t => t, header);

    private static void Rewrite(string from, string to, Func<TickRecord, TickRecord> change, Action<RecordHeader>? header = null)
    {
        using var reader = RecordReader.Open(from);
        header?.Invoke(reader.Header);
        using var writer = RecordWriter.Create(to, reader.Header);
        while (reader.TryRead(out var frame))
        {
            if (frame!.Tick is { } t)
            {
                writer.WriteTick(change(t));
            }
            else if (frame.Keyframe is { } k)
            {
                writer.WriteKeyframe(k.Tick, k.Snapshot);
            }
            else if (frame.End is { } e)
            {
                writer.WriteEnd(e.Ticks, e.FinalHash);
            }
        }
    }
}
