using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace AffectEngine.Cli.Tests;

/// <summary>
/// Event generators (issue 20) wherever the command line runs a scenario: a sweep draws each run's events
/// from its own seed exactly as <c>affect run --seed</c> does, and a record holds what they made, so it
/// replays bit for bit without the event files.
/// </summary>
public sealed class EventGeneratorCliTests
{
    /// <summary>Poisson impulses on a group, Poisson appraisable actions from 5 s, a JSON Lines file and a CSV file.</summary>
    internal const string Scenario = """
        {
          "name": "generated",
          "run": { "ticks": 60, "step": "500ms", "seed": 11 },
          "agents": [
            { "id": "ann", "group": "crowd", "goals": [ { "id": "calm", "utility": 0.8 } ] },
            { "id": "bo", "group": "crowd" },
            { "id": "cy", "group": "crowd" },
            { "id": "dee" }
          ],
          "eventGenerators": [
            { "kind": "poisson", "rate": 0.2, "group": "crowd", "event": { "elicit": { "agent": "$agent", "emotion": "fear", "intensity": 0.6 } } },
            { "kind": "poisson", "rate": 0.1, "from": "5s", "event": { "action": "shout", "actor": "$agent", "beliefs": [ { "goal": "ann/calm", "congruence": -0.7 } ] } },
            { "kind": "file", "file": "events.jsonl" },
            { "kind": "file", "file": "events.csv" }
          ]
        }
        """;

    internal const string JsonLines = """
        { "tick": 3, "elicit": { "agent": "dee", "emotion": "joy", "intensity": 0.9 } }
        { "at": "4s", "action": "help", "actor": "bo", "target": "ann", "beliefs": [ { "goal": "ann/calm", "congruence": 0.6 } ] }
        { "tick": 40, "elicit": { "agent": "cy", "emotion": "anger", "intensity": 0.5 } }
        """;

    internal const string CsvEvents = "at,agent,emotion,intensity\n2s,ann,distress,0.7\n\"12s\",dee,fear,0.4\n";

    /// <summary>Writes the scenario and its two event files into <paramref name="dir"/>; returns the scenario's path.</summary>
    internal static string WriteScenario(string dir, string json = Scenario)
    {
        File.WriteAllText(Path.Combine(dir, "events.jsonl"), JsonLines);
        File.WriteAllText(Path.Combine(dir, "events.csv"), CsvEvents);
        var path = Path.Combine(dir, "generated.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>The same scenario without generators: a run of it must differ, or the comparisons prove nothing.</summary>
    private static string WithoutGenerators(string dir)
    {
        var json = Regex.Replace(Scenario, @",\s*""eventGenerators"": \[.*?\n  \]", "", RegexOptions.Singleline);
        Assert.DoesNotContain("eventGenerators", json, StringComparison.Ordinal);
        var path = Path.Combine(dir, "plain.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string Line(string stdout, string name)
    {
        var m = Regex.Match(stdout.Replace("\r", "", StringComparison.Ordinal), $"^{name}: ([0-9a-f]{{16}})$", RegexOptions.Multiline);
        Assert.True(m.Success, $"no {name} line in: " + stdout);
        return m.Groups[1].Value;
    }

    [Fact]
    public void A_sweep_of_a_generator_scenario_gives_each_seed_the_digest_of_affect_run_with_that_seed()
    {
        using var dir = new TempDir();
        var path = WriteScenario(dir.Path);
        var run5 = AffectCli.Run("run", path, "--seed", "5", "--quiet");
        Assert.True(run5.ExitCode == 0, run5.Stderr);
        var run6 = AffectCli.Run("run", path, "--seed", "6", "--quiet");
        var plain = AffectCli.Run("run", WithoutGenerators(dir.Path), "--seed", "5", "--quiet");
        Assert.True(plain.ExitCode == 0, plain.Stderr);
        Assert.NotEqual(Line(plain.Stdout, "run-digest"), Line(run5.Stdout, "run-digest"));
        Assert.NotEqual(Line(run6.Stdout, "run-digest"), Line(run5.Stdout, "run-digest"));

        var outDir = Path.Combine(dir.Path, "sweep");
        var sweep = AffectCli.Run("sweep", path, "--seeds", "5..6", "--out", outDir, "--quiet");
        Assert.True(sweep.ExitCode == 0, sweep.Stderr);
        var rows = File.ReadAllLines(Path.Combine(outDir, "summary.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        string DigestOf(string seed) => rows.Where(r => r[2] == seed).Select(r => r[3]).Distinct().Single();
        Assert.Equal(Line(run5.Stdout, "run-digest"), DigestOf("5"));
        Assert.Equal(Line(run6.Stdout, "run-digest"), DigestOf("6"));
        Assert.Equal(Line(run5.Stdout, "state-hash"), rows.Where(r => r[2] == "5").Select(r => r[4]).Distinct().Single());

        // The sweep's records hold the generated inputs too: they verify with the event files gone.
        File.Delete(Path.Combine(dir.Path, "events.jsonl"));
        File.Delete(Path.Combine(dir.Path, "events.csv"));
        var replay = AffectCli.Run("replay", Path.Combine(outDir, "run-0001.aerec"), "--verify", "--quiet");
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);
        Assert.Equal(Line(run6.Stdout, "run-digest"), Line(replay.Stdout, "run-digest"));

        // --quiet: the two hash lines and nothing else, as for run.
        Assert.Equal(["run-digest", "state-hash"], replay.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0]).ToArray());
    }

    [Fact]
    public void A_record_of_a_generator_run_replays_bit_for_bit_without_the_event_files()
    {
        using var dir = new TempDir();
        var path = WriteScenario(dir.Path);
        var rec = dir.File("g.aerec");
        var run = AffectCli.Run("run", path, "--record", rec, "--stage-hashes", "--keyframe-every", "20", "--quiet");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var plain = AffectCli.Run("run", WithoutGenerators(dir.Path), "--quiet");
        Assert.NotEqual(Line(plain.Stdout, "run-digest"), Line(run.Stdout, "run-digest"));

        // Moved away, not only renamed: the replay must not read them from anywhere.
        File.Delete(Path.Combine(dir.Path, "events.jsonl"));
        File.Delete(Path.Combine(dir.Path, "events.csv"));
        var replay = AffectCli.Run("replay", rec, "--verify");
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);
        Assert.Contains("replayed  60 ticks, every hash matches the record", replay.Stdout, StringComparison.Ordinal);
        Assert.Equal(Line(run.Stdout, "run-digest"), Line(replay.Stdout, "run-digest"));
        Assert.Equal(Line(run.Stdout, "state-hash"), Line(replay.Stdout, "state-hash"));
        Assert.Equal("", replay.Stderr);

        // A new run of the record's scenario does need them, and says which file is missing.
        var rerun = AffectCli.Run("run", path, "--quiet");
        Assert.Equal(2, rerun.ExitCode);
        Assert.Contains("events.jsonl", rerun.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", rerun.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_goal_cell_late_in_a_csv_event_file_is_named_by_validate_and_stops_run_before_it_writes_anything()
    {
        using var dir = new TempDir();
        var path = WriteScenario(dir.Path);

        // A good goal row, then a controllability out of range at 25 s (tick 50 of 60).
        File.WriteAllText(Path.Combine(dir.Path, "events.csv"), "at,agent,emotion,action,actor,goal,congruence,likelihood,controllability\n"
            + "2s,ann,distress,,,,,,\n"
            + "6s,,,shout,bo,ann/calm,-0.5,0.8,0.3\n"
            + "25s,,,shout,bo,ann/calm,-0.5,1,1.2\n");
        var expected = Path.Combine(dir.Path, "events.csv") + ":4:32: controllability: expected a controllability in [0, 1], found '1.2'";

        var validate = AffectCli.Run("validate", path);
        Assert.NotEqual(0, validate.ExitCode);
        Assert.Contains(expected, validate.Stdout + validate.Stderr, StringComparison.Ordinal);

        var rec = dir.File("bad.aerec");
        var run = AffectCli.Run("run", path, "--record", rec);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("run-digest", run.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(rec), "no record of a run that never started");

        // The same file with the value in range runs, and its goal rows change the run.
        File.WriteAllText(Path.Combine(dir.Path, "events.csv"), File.ReadAllText(Path.Combine(dir.Path, "events.csv")).Replace(",1.2\n", ",0.9\n", StringComparison.Ordinal));
        var good = AffectCli.Run("run", path, "--quiet");
        Assert.True(good.ExitCode == 0, good.Stderr);
        File.WriteAllText(Path.Combine(dir.Path, "events.csv"), CsvEvents);
        var plain = AffectCli.Run("run", path, "--quiet");
        Assert.NotEqual(Line(plain.Stdout, "run-digest"), Line(good.Stdout, "run-digest"));
    }
}
