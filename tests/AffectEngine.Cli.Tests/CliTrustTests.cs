using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace AffectEngine.Cli.Tests;

/// <summary>A quickstart record of 200 ticks shared by the tests that only read it.</summary>
public sealed class QuickstartRecord : IDisposable
{
    private readonly TempDir _dir = new();

    public QuickstartRecord()
    {
        Path = _dir.File("q.aerec");
        var run = AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--ticks", "200", "--record", Path, "--quiet");
        Assert.True(run.ExitCode == 0, run.Stderr);
        RunDigest = Regex.Match(run.Stdout, "^run-digest: ([0-9a-f]{16})$", RegexOptions.Multiline).Groups[1].Value;
    }

    public string Path { get; }

    public string RunDigest { get; }

    public void Dispose() => _dir.Dispose();
}

/// <summary>
/// Issue 22: every command driven with bad flags, bad paths and interruptions; the message, the
/// stream, the exit code, and that nothing half-written remains.
/// </summary>
public sealed class CliTrustTests : IClassFixture<QuickstartRecord>
{
    private const int UsageError = 2;
    private const int IncompleteRecord = 4;
    private const int Interrupted = 130;
    private readonly QuickstartRecord _record;

    public CliTrustTests(QuickstartRecord record) => _record = record;

    private static string Q => AffectCli.Scenario("quickstart.json");

    public static TheoryData<string[], string> BadFlags => new()
    {
        { ["run", "{Q}", "--ticks", "abc"], "affect: --ticks: expected a whole number, found 'abc'" },
        { ["run", "{Q}", "--ticks", "99999999999"], "affect: --ticks: expected a whole number in [0, 1e9]" },
        { ["run", "{Q}", "--seed", "-1"], "affect: --seed: expected a whole number, 0 or more, found '-1'" },
        { ["run", "{Q}", "--bogus"], "affect: unknown option --bogus for 'affect run'" },
        { ["run", "{Q}", "--csv-format", "tall"], "affect: --csv-format: expected one of long, wide, found 'tall'" },
        { ["run", "{Q}", "--threads", "0"], "affect: --threads must be between 1 and 256; got 0" },
        { ["bench", "--agents", "many"], "affect: --agents: expected a whole number, found 'many'" },
        { ["validate"], "affect: 'affect validate' needs <scenario>" },
        { ["schema", "extra"], "affect: unexpected argument 'extra' for 'affect schema'" },
        { ["inspect"], "affect: 'affect inspect' needs <record>" },
        { ["replay", "{R}", "--threads", "0"], "affect: --threads must be between 1 and 256; got 0" },
        { ["export", "{R}"], "affect: export needs --csv <file> or --parquet <file>" },
        { ["export", "{R}", "--csv", "x.csv", "--every", "0"], "affect: --every must be at least 1; got 0" },
        { ["plot", "{R}"], "affect: --out is required" },
        { ["plot", "{R}", "--agents", "zed", "--out", "x.png"], "affect: --agents: {R}: no agent 'zed' (agents: ada, bo, chen, dara)" },
        { ["sweep", "{Q}", "--seeds", "5..1", "--out", "x"], "affect: --seeds: expected a range such as 1..100, found '5..1'" },
        { ["sweep", "{Q}", "--seeds", "1..2", "--set", "nosuch.path=1", "--out", "x"], "affect: --set nosuch.path=1: $.nosuch: expected one of the properties" },
        { ["sweep", "{Q}", "--seeds", "1", "--out", "x", "--ticks", "2000000000"], "affect: --ticks: expected a whole number in [0, 1e9]" },
        { ["models", "--bogus"], "affect: unknown option --bogus for 'affect models'" },
        { ["percepts", "nope:x"], "affect: " },
        { ["train", "{Q}"], "affect: --report is required" },
        { ["train", "{Q}", "--report", "x", "--ticks", "0"], "affect: --ticks: expected a whole number in [1, 1e9]" },
        { ["silo", "--bogus"], "affect: unknown option --bogus for 'affect silo'" },
        { ["plugins", "--dir", "/nonexistent/plugins"], "affect: --dir: no folder '/nonexistent/plugins'" },
        { ["nosuchcommand"], "affect: no command 'nosuchcommand' (commands: run, bench," },
    };

    [Theory]
    [MemberData(nameof(BadFlags))]
    public void Bad_flags_of_every_command_are_plain_words_on_stderr_with_exit_2(string[] args, string expected)
    {
        using var dir = new TempDir();
        var resolved = args.Select(a => a.Replace("{Q}", Q, StringComparison.Ordinal).Replace("{R}", _record.Path, StringComparison.Ordinal)).ToArray();
        var (code, stdout, stderr) = RunIn(dir.Path, resolved);
        Assert.Equal(UsageError, code);
        Assert.Equal("", stdout);
        Assert.Contains(expected.Replace("{R}", _record.Path, StringComparison.Ordinal), stderr);
        AssertPlain(stderr);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Scenario_syntax_errors_speak_plainly_and_a_refused_tick_is_reported_once()
    {
        using var dir = new TempDir();
        var negative = dir.File("negative.json");
        File.WriteAllText(negative, "{ \"agents\": [ { \"id\": \"a\" } ],\n  \"events\": [ { \"tick\": -3, \"elicit\": { \"agent\": \"a\", \"emotion\": \"joy\", \"intensity\": 0.5 } } ] }");
        var (code, _, stderr) = AffectCli.Run("validate", negative);
        Assert.Equal(UsageError, code);
        Assert.Contains("negative.json:2:25: $.events[0].tick: expected an integer in [0, 1e12], found -3", stderr);
        Assert.DoesNotContain("found neither", stderr);
        Assert.Contains("negative.json: 1 problem", stderr);

        var open = dir.File("open.json");
        File.WriteAllText(open, "{ \"run\": { \"ticks\": 5 },\n \"agents\": [ {\"id\":\"a\"} ");
        (code, _, stderr) = AffectCli.Run("run", open);
        Assert.Equal(UsageError, code);
        Assert.Contains("open.json:2:25: $: expected the JSON to go on, found the end of the file (an object or array is not closed)", stderr);
        AssertPlain(stderr);

        var empty = dir.File("empty.json");
        File.WriteAllText(empty, "");
        (code, _, stderr) = AffectCli.Run("run", empty);
        Assert.Equal(UsageError, code);
        Assert.Contains("empty.json:1:1: $: expected a JSON object, found no JSON at all", stderr);
        AssertPlain(stderr);
    }

    public static TheoryData<string[], string> BadOutputs => new()
    {
        // The good output named first must not be left behind when a later one is unusable.
        { ["run", "{Q}", "--record", "{D}/good.aerec", "--csv", "/proc/x.csv"], "affect: --csv /proc/x.csv: cannot write there (" },
        { ["run", "{Q}", "--csv", "{D}/good.csv", "--plot", "/proc/x.png"], "affect: --plot /proc/x.png: cannot write there (" },
        { ["run", "{Q}", "--parquet", "{D}/missing/x.parquet"], "affect: --parquet {D}/missing/x.parquet: the folder {D}/missing does not exist (affect creates no folders for output files; create it first)" },
        { ["run", "{Q}", "--record", "{D}"], "affect: --record {D}: is a folder, expected a file name" },
        { ["run", "{Q}", "--record", "{D}/good.aerec", "--events", "/proc/e.jsonl"], "affect: --events /proc/e.jsonl: cannot write there (" },
        { ["run", "{Q}", "--csv", "{D}/same", "--parquet", "{D}/same"], "affect: --parquet {D}/same: --csv {D}/same writes the same file" },
        { ["export", "{R}", "--parquet", "{D}/x.parquet", "--csv-format", "wide"], "affect: --csv-format: applies to --csv only" },
        { ["run", "{Q}", "--parquet", "{D}/x.parquet", "--csv-format", "long"], "affect: --csv-format: applies to --csv only" },
        { ["run", "{Q}", "--ticks", "1000000000", "--csv", "{D}/huge.csv"], "affect: --csv {D}/huge.csv: would need about" },
        { ["export", "{R}", "--csv", "{D}/good.csv", "--parquet", "/proc/x.parquet"], "affect: --parquet /proc/x.parquet: cannot write there (" },
        { ["plot", "{R}", "--out", "{D}/missing/p.png"], "affect: --out {D}/missing/p.png: the folder {D}/missing does not exist" },
        { ["sweep", "{Q}", "--seeds", "1", "--out", "{D}/missing/sweep"], "affect: --out {D}/missing/sweep: the folder {D}/missing does not exist (affect creates the output folder, not the folders above it" },
        { ["train", "{T}", "--script", "{S}", "--report", "{D}/missing/report"], "affect: --report {D}/missing/report: the folder {D}/missing does not exist" },
        { ["percepts", "openface:/nonexistent.csv", "--csv", "{D}/missing/p.csv"], "affect: --csv {D}/missing/p.csv: the folder {D}/missing does not exist" },
        { ["schema", "--out", "{D}/missing/schema.json"], "affect: --out {D}/missing/schema.json: the folder {D}/missing does not exist" },
    };

    [Theory]
    [MemberData(nameof(BadOutputs))]
    public void Unusable_output_paths_are_refused_before_any_work_and_leave_nothing(string[] args, string expected)
    {
        using var dir = new TempDir();
        var training = Path.Combine(AffectCli.RepoRoot, "sims", "empathy-training");
        string Resolve(string a) => a.Replace("{Q}", Q, StringComparison.Ordinal).Replace("{R}", _record.Path, StringComparison.Ordinal).Replace("{D}", dir.Path, StringComparison.Ordinal)
            .Replace("{T}", Path.Combine(training, "patient.json"), StringComparison.Ordinal).Replace("{S}", Path.Combine(training, "empathic.moves.json"), StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        var (code, stdout, stderr) = AffectCli.Run(args.Select(Resolve).ToArray());
        Assert.Equal(UsageError, code);
        Assert.StartsWith(Resolve(expected), stderr.Split('\n')[0].TrimEnd('\r'), StringComparison.Ordinal);
        Assert.DoesNotContain("scenario  ", stdout); // no run happened
        AssertPlain(stderr);
        Assert.DoesNotContain(".tmp", stderr);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "refusing took as long as a run");
    }

    [Fact]
    public void An_output_named_like_a_file_the_command_reads_is_refused_and_the_input_kept()
    {
        using var dir = new TempDir();
        foreach (var f in Directory.GetFiles(Path.Combine(AffectCli.RepoRoot, "sims", "empathy-training")))
        {
            File.Copy(f, dir.File(Path.GetFileName(f)));
        }

        File.Copy(Q, dir.File("q.json"));
        File.Copy(_record.Path, dir.File("q.aerec"));
        File.CreateSymbolicLink(dir.File("link.json"), dir.File("q.json"));
        Directory.CreateSymbolicLink(dir.File("here"), dir.Path);
        EventGeneratorCliTests.WriteScenario(dir.Path);
        var before = Directory.GetFiles(dir.Path).ToDictionary(f => f, File.ReadAllBytes);
        (string[] Args, string Expected)[] cases =
        [
            (["run", "q.json", "--ticks", "5", "--record", "q.json"], "affect: --record q.json: is the scenario this command reads"),
            (["run", "q.json", "--ticks", "5", "--csv", "good.csv", "--plot", "link.json"], "affect: --plot link.json: is the scenario this command reads"),
            (["export", "q.aerec", "--csv", "q.aerec"], "affect: --csv q.aerec: is the record this command reads"),
            (["plot", "q.aerec", "--out", "q.aerec"], "affect: --out q.aerec: is the record this command reads"),
            (["run", "patient.json", "--ticks", "5", "--csv", "trainee-session.csv"], "affect: --csv trainee-session.csv: is the perception file of $.perception[0].source this command reads"),
            (["train", "patient.json", "--script", "session.moves.json", "--report", "report", "--record", "session.moves.json"], "affect: --record session.moves.json: is the moves script this command reads"),
            (["run", "here/q.json", "--ticks", "5", "--csv", "q.json"], "affect: --csv q.json: is the scenario this command reads"),
            (["run", "generated.json", "--ticks", "5", "--events", "events.jsonl"], "affect: --events events.jsonl: is the event file of $.eventGenerators[2] this command reads"),
            (["percepts", "openface:trainee-bored.csv", "--csv", "trainee-bored.csv"], "affect: --csv trainee-bored.csv: is the perception file of the source this command reads"),
        ];
        foreach (var (args, expected) in cases)
        {
            var (code, _, stderr) = AffectCli.RunIn(dir.Path, args);
            Assert.Equal(UsageError, code);
            Assert.StartsWith(expected, stderr.Split('\n')[0].TrimEnd('\r'), StringComparison.Ordinal);
            AssertPlain(stderr);
            Assert.Equal(before.Keys.Append(dir.File("here")).Order(), Directory.GetFileSystemEntries(dir.Path).Order());
            foreach (var (file, bytes) in before)
            {
                Assert.Equal(bytes, File.ReadAllBytes(file));
            }
        }
    }

    [Fact]
    public void Ctrl_c_mid_run_removes_every_unfinished_output_and_exits_130()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("before.txt"), "kept");
        using var child = StartWithSigintDefault(dir.Path, "run", Q, "--ticks", "5000000", "--record", dir.File("r.aerec"), "--csv", dir.File("r.csv"), "--plot", dir.File("r.png"), "--quiet");
        WaitFor(() => Directory.GetFiles(dir.Path, ".r.csv.*.tmp").Any(f => new FileInfo(f).Length > 200_000), child);
        Signal(child, "INT");
        Assert.True(child.WaitForExit(60_000), "affect did not stop after SIGINT");
        var stderr = child.StandardError.ReadToEnd();
        Assert.Equal(Interrupted, child.ExitCode);
        Assert.Equal("affect: interrupted; unfinished outputs were removed", stderr.Trim());
        Assert.Equal(["before.txt"], Directory.GetFileSystemEntries(dir.Path).Select(f => Path.GetFileName(f)).ToArray());
    }

    [Fact]
    public void Ctrl_c_mid_sweep_keeps_finished_runs_and_resume_completes_the_same_sweep()
    {
        using var dir = new TempDir();
        var outDir = dir.File("sweep");
        string[] sweep = ["sweep", Q, "--seeds", "1..6", "--ticks", "3000", "--every", "1000", "--parallel", "1", "--out", outDir];
        using (var child = StartWithSigintDefault(dir.Path, sweep))
        {
            WaitFor(() => File.Exists(Path.Combine(outDir, "run-0001.aerec")), child);
            Signal(child, "INT");
            Assert.True(child.WaitForExit(60_000), "affect did not stop after SIGINT");
            var stderr = child.StandardError.ReadToEnd();
            Assert.Equal(Interrupted, child.ExitCode);
            Assert.Contains($"of 6 runs are complete in {outDir}; run the same command with --resume to finish the rest", stderr);
        }

        var left = Directory.GetFileSystemEntries(outDir).Select(f => Path.GetFileName(f)).ToArray();
        Assert.All(left, f => Assert.Matches("^run-000[0-5]\\.aerec$", f)); // no summary, no temporary files
        Assert.InRange(left.Length, 2, 5);

        var (code, stdout, err) = AffectCli.Run([.. sweep, "--resume"]);
        Assert.True(code == 0, err);
        Assert.Contains($"sweep     6 runs (6 seeds × 1 value sets) in {outDir}, {left.Length} kept from before", stdout);

        // A kept run's digest (from replaying its record) is the digest a plain run of that seed prints.
        var summary = File.ReadAllLines(Path.Combine(outDir, "summary.csv"));
        Assert.Equal("run,record,seed,run_digest,state_hash,agent,variable,value", summary[0]);
        var kept = summary[1].Split(',');
        var single = AffectCli.Run("run", Q, "--seed", kept[2], "--ticks", "3000", "--quiet");
        Assert.Equal($"run-digest: {kept[3]}\nstate-hash: {kept[4]}", single.Stdout.Replace("\r", "").Trim());
    }

    [Fact]
    public void The_run_digest_tells_apart_runs_whose_final_states_coincide()
    {
        // Seeded impulses only in the first minute: by the end every drawn emotion has decayed and every
        // mood is back at its default, whatever the seed. (The quickstart's moods now move until its end.)
        using var dir = new TempDir();
        var scenario = dir.File("settles.json");
        File.WriteAllText(scenario, """
            {
              "run": { "ticks": 600, "step": "1s" },
              "agents": [ { "id": "a", "personality": { "e": 0.5 } }, { "id": "b", "personality": { "n": 0.4 } } ],
              "eventGenerators": [
                { "kind": "poisson", "rate": 0.2, "until": "60s", "event": { "elicit": { "agent": "$agent", "emotion": "joy", "intensity": 0.5 } } }
              ]
            }
            """);
        var one = AffectCli.Run("run", scenario, "--seed", "1", "--quiet").Stdout.Replace("\r", "").Trim().Split('\n');
        var other = AffectCli.Run("run", scenario, "--seed", "42", "--quiet").Stdout.Replace("\r", "").Trim().Split('\n');
        Assert.Equal(2, one.Length);
        Assert.Equal(one[1], other[1]); // the final states coincide (issue 20 §5)...
        Assert.StartsWith("state-hash: ", one[1]);
        Assert.StartsWith("run-digest: ", one[0]);
        Assert.NotEqual(one[0], other[0]); // ...the trajectories do not

        var replay = AffectCli.Run("replay", _record.Path, "--verify");
        Assert.Equal(0, replay.ExitCode);
        Assert.Contains($"run-digest: {_record.RunDigest}", replay.Stdout);
    }

    [Fact]
    public void Damaged_records_say_on_stdout_what_could_not_be_read_and_exit_4()
    {
        using var dir = new TempDir();
        var bytes = File.ReadAllBytes(_record.Path);
        var cut = dir.File("cut.aerec");
        File.WriteAllBytes(cut, bytes.AsSpan(0, bytes.Length - 700).ToArray());

        var verify = AffectCli.Run("replay", cut, "--verify");
        Assert.Equal(IncompleteRecord, verify.ExitCode);
        Assert.Matches("replayed  [0-9]+ ticks; verification INCOMPLETE: only these ticks were checked", verify.Stdout);
        Assert.Matches("incomplete [0-9]+ ticks of 200 planned could be read; verified only those: .*truncated frame", verify.Stdout);
        Assert.DoesNotContain("every hash matches", verify.Stdout);
        Assert.Contains($"affect: {cut}: the record is incomplete or damaged; verified only its first", verify.Stderr);

        var export = AffectCli.Run("export", cut, "--csv", dir.File("cut.csv"));
        Assert.Equal(IncompleteRecord, export.ExitCode);
        Assert.Matches("incomplete [0-9]+ ticks of 200 planned could be read; exported only those", export.Stdout);
        var ticks = int.Parse(Regex.Match(export.Stdout, "incomplete ([0-9]+) ticks").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(ticks - 1, File.ReadLines(dir.File("cut.csv")).Skip(1).Select(l => int.Parse(l.Split(',')[0], CultureInfo.InvariantCulture)).Max());

        var plot = AffectCli.Run("plot", cut, "--out", dir.File("cut.png"));
        Assert.Equal(IncompleteRecord, plot.ExitCode);
        Assert.Contains("plotted only those", plot.Stdout);

        // Cut inside the first keyframe: a header, no tick. As incomplete as the cut above, and the name said once.
        var early = dir.File("early.aerec");
        File.WriteAllBytes(early, bytes.AsSpan(0, FirstFrameEnd(bytes) + 40).ToArray());
        var none = AffectCli.Run("replay", early, "--verify");
        Assert.Equal(IncompleteRecord, none.ExitCode);
        Assert.Matches("incomplete 0 ticks of 200 planned could be read: .*truncated frame.*no tick was readable", none.Stdout);
        Assert.StartsWith($"affect: {early}: byte ", none.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain($"{early}: {early}", none.Stderr);
    }

    /// <summary>The end of a record's header frame: the 8-byte magic, the frame's prefix (4-byte little-endian length, 4-byte checksum), its body.</summary>
    private static int FirstFrameEnd(byte[] record) => 8 + 8 + BitConverter.ToInt32(record, 8);

    [Fact]
    public void Wide_csv_has_one_row_per_tick_and_the_same_values_as_the_long_form()
    {
        using var dir = new TempDir();
        Assert.Equal(0, AffectCli.Run("run", Q, "--ticks", "20", "--csv", dir.File("long.csv"), "--quiet").ExitCode);
        Assert.Equal(0, AffectCli.Run("export", _record.Path, "--csv", dir.File("wide.csv"), "--csv-format", "wide", "--every", "10").ExitCode);
        var wide = File.ReadAllLines(dir.File("wide.csv"));
        Assert.Equal(1 + 20, wide.Length); // ticks 0, 10, ..., 190
        var header = wide[0].Split(',');
        Assert.Equal("tick", header[0]);
        Assert.Contains("bo.mood.p", header);
        var longRows = File.ReadLines(dir.File("long.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal((header.Length - 1) * 20, longRows.Count);
        var col = Array.IndexOf(header, "bo.mood.p");
        var at10 = wide[2].Split(',');
        Assert.Equal("10", at10[0]);
        Assert.Equal(longRows.Single(r => r[0] == "10" && r[1] == "bo" && r[2] == "mood.p")[3], at10[col]);
    }

    [Fact]
    public async System.Threading.Tasks.Task Sweep_aggregates_mean_sd_and_95_percent_ci_per_condition_and_tick_and_plot_draws_the_bands()
    {
        using var dir = new TempDir();
        var outDir = dir.File("sweep");
        var (code, _, stderr) = AffectCli.Run("sweep", Q, "--seeds", "1..5", "--ticks", "3001", "--every", "1000", "--set", "agents[0].personality.n=0.5,-0.5", "--out", outDir);
        Assert.True(code == 0, stderr);
        var aggregate = File.ReadAllLines(Path.Combine(outDir, "aggregate.csv"));
        Assert.Equal("agents[0].personality.n,tick,agent,variable,n,mean,sd,ci95_low,ci95_high", aggregate[0]);
        var variables = aggregate.Skip(1).Select(l => l.Split(',')[3]).Distinct().Count();
        Assert.Equal(2 * 4 * 4 * variables, aggregate.Length - 1); // conditions × ticks 0,1000,2000,3000 × agents × variables

        // The last sampled tick is the final state: its figures follow from summary.csv's final values.
        // A variable the seeds spread (the seed changes the trajectory), checked against summary.csv.
        var spread = File.ReadLines(Path.Combine(outDir, "summary.csv")).Skip(1).Select(l => l.Split(','))
            .Where(r => r[3] == "-0.5").GroupBy(r => (Agent: r[6], Variable: r[7]))
            .Select(g => (g.Key, Values: g.Select(r => double.Parse(r[8], CultureInfo.InvariantCulture)).ToArray()))
            .FirstOrDefault(g => g.Values.Distinct().Count() > 1);
        Assert.True(spread.Values is not null, "no variable differs between seeds");
        var finals = spread.Values!;
        Assert.Equal(5, finals.Length);
        var row = aggregate.Single(l => l.StartsWith($"-0.5,3000,{spread.Key.Agent},{spread.Key.Variable},", StringComparison.Ordinal)).Split(',').Skip(4).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var mean = finals.Average();
        var sd = Math.Sqrt(finals.Sum(x => (x - mean) * (x - mean)) / 4);
        Assert.Equal(5, row[0]);
        Assert.Equal(mean, row[1], 6);
        Assert.Equal(sd, row[2], 6);
        Assert.Equal(mean - (2.776 * sd / Math.Sqrt(5)), row[3], 6); // t(0.975, 4) = 2.776
        Assert.Equal(mean + (2.776 * sd / Math.Sqrt(5)), row[4], 6);

        await using (var stream = File.OpenRead(Path.Combine(outDir, "aggregate.parquet")))
        await using (var parquet = await Parquet.ParquetReader.CreateAsync(stream))
        {
            Assert.Equal(["agents[0].personality.n", "tick", "agent", "variable", "n", "mean", "sd", "ci95_low", "ci95_high"], parquet.Schema.GetDataFields().Select(f => f.Name).ToArray());
            long rows = 0;
            for (var g = 0; g < parquet.RowGroupCount; g++)
            {
                using var group = parquet.OpenRowGroupReader(g);
                rows += group.RowCount;
            }

            Assert.Equal(aggregate.Length - 1, rows);
        }

        var png = dir.File("bands.png");
        var plot = AffectCli.Run("plot", outDir, "--agents", "bo", "--variable", "distress", "--out", png);
        Assert.True(plot.ExitCode == 0, plot.Stderr);
        Assert.Contains("plotted   distress for 2 conditions with 95% CI bands", plot.Stdout);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, File.ReadAllBytes(png).AsSpan(0, 4).ToArray());

        var bad = AffectCli.Run("plot", outDir, "--variable", "nosuch", "--out", dir.File("x.png"));
        Assert.Equal(UsageError, bad.ExitCode);
        Assert.Contains("affect: --variable: no variable 'nosuch' in", bad.Stderr);
        Assert.Contains("mood.p", bad.Stderr);
        Assert.False(File.Exists(dir.File("x.png")));
    }

    private static void AssertPlain(string stderr)
    {
        foreach (var leak in new[] { "System.", "Nullable", "   at ", "isFinalBlock", "LineNumber", "BytePositionInLine", "Could not find", "Exception" })
        {
            Assert.DoesNotContain(leak, stderr);
        }

        Assert.All(stderr.Replace("\r", "").TrimEnd().Split('\n'), line => Assert.True(line.StartsWith("affect: ", StringComparison.Ordinal) || line.StartsWith("Run 'affect", StringComparison.Ordinal) || Regex.IsMatch(line, @"^\S+\.json(:\d+:\d+)?: "), line));
    }

    private static (int ExitCode, string Stdout, string Stderr) RunIn(string workingDirectory, string[] args)
    {
        using var p = Start(workingDirectory, false, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(180_000), "affect did not finish: " + string.Join(' ', args));
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Starts affect with SIGINT at its default disposition: a process started from a non-interactive
    /// shell's background job inherits SIGINT ignored, and .NET then keeps ignoring it, so python resets it.
    /// </summary>
    private static Process StartWithSigintDefault(string workingDirectory, params string[] args) => Start(workingDirectory, true, args);

    private static Process Start(string workingDirectory, bool resetSigint, string[] args)
    {
        var psi = new ProcessStartInfo(resetSigint ? "python3" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (resetSigint)
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp('dotnet', ['dotnet'] + sys.argv[1:])");
        }

        psi.ArgumentList.Add(AffectCli.Executable);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        p.StandardInput.Close();
        return p;
    }

    private static void WaitFor(Func<bool> condition, Process child)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (child.HasExited)
            {
                Assert.Fail($"affect ended (exit {child.ExitCode}) before it could be interrupted: {child.StandardError.ReadToEnd()}");
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), "the interrupted command never got going");
            System.Threading.Thread.Sleep(20);
        }
    }

    /// <summary>A real signal, as a terminal's Ctrl+C or a scheduler's stop sends it.</summary>
    private static void Signal(Process child, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {child.Id.ToString(CultureInfo.InvariantCulture)}") { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
