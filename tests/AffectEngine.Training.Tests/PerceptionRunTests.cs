using System.IO;
using System.Linq;
using AffectEngine.Persistence;

namespace AffectEngine.Training.Tests;

/// <summary>Issue 6's last piece: a scenario's perception sources feed `affect run`, the record holds the percepts, replay needs no source.</summary>
public sealed class PerceptionRunTests
{
    private static string Scenario(string perception) => $$"""
        // A patient watching a concerned face (OpenFace recording), read as a spectator would.
        {
          "name": "perceived concern",
          "run": { "ticks": 300, "step": "100ms", "seed": 3 },
          "agents": [
            { "id": "patient", "personality": { "o": 0, "c": 0, "e": 0, "a": 0.5, "n": 0.2 }, "relations": { "visitor": { "liking": 0.6 } } },
            { "id": "visitor" },
            { "id": "bystander" },
          ],
          "perception": [{{perception}}],
        }
        """;

    [Fact]
    public void A_file_source_in_the_scenario_feeds_the_run_is_recorded_and_replays_without_the_source()
    {
        using var dir = new TempDir();
        var face = dir.File("visitor.csv");
        File.Copy(Cli.Sim("trainee-concerned.csv"), face);
        var with = dir.File("with.json");
        File.WriteAllText(with, Scenario("""{ "person": "visitor", "source": "openface:visitor.csv", "attendedBy": [ "patient" ] }"""));
        var without = dir.File("without.json");
        File.WriteAllText(without, Scenario(""));

        var run = Cli.Run("run", with, "--record", dir.File("with.aerec"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        // The summary wraps at 80 columns: the line is read with its continuations joined.
        Assert.Contains("300 fused into the run from visitor <- openface:visitor.csv", System.Text.RegularExpressions.Regex.Replace(run.Stdout, @"\n +", " "));
        Assert.DoesNotContain("note:", run.Stdout);
        var plain = Cli.Run("run", without, "--record", dir.File("without.aerec"));
        Assert.Equal(0, plain.ExitCode);

        // The record holds one fused percept per tick for the person.
        using (var reader = RecordReader.Open(dir.File("with.aerec")))
        {
            var percepts = 0;
            while (reader.TryRead(out var frame))
            {
                if (frame!.Tick is { } t)
                {
                    var p = t.Inputs.Where(i => i.Kind == "percept").ToArray();
                    Assert.Single(p);
                    percepts += p.Length;
                }
            }

            Assert.Equal(300, percepts);
        }

        // Replay reproduces every hash with the source file gone.
        File.Delete(face);
        var replay = Cli.Run("replay", dir.File("with.aerec"), "--verify");
        Assert.True(replay.ExitCode == 0, replay.Stdout + replay.Stderr);
        Assert.Contains("every hash matches the record", replay.Stdout);

        // The percepts changed the attending agent: pity for a liked visitor showing concern (sadness).
        var seen = SessionRecord.Replay(dir.File("with.aerec"), traineeName: "visitor");
        var unseen = SessionRecord.Replay(dir.File("without.aerec"), traineeName: "visitor");
        Assert.Equal(300, seen.PerceptInputs);
        Assert.Equal(0, unseen.PerceptInputs);
        Assert.True(seen.PatientPity.Max() > 0.2, $"pity peaked at {seen.PatientPity.Max()}");
        Assert.Equal(0f, unseen.PatientPity.Max());
        Assert.NotEqual(LastHash(run.Stdout), LastHash(plain.Stdout));
    }

    [Fact]
    public void A_missing_perception_file_is_a_user_error_naming_the_scenario_field()
    {
        using var dir = new TempDir();
        var path = dir.File("s.json");
        File.WriteAllText(path, Scenario("""{ "person": "visitor", "source": "openface:nowhere.csv" }"""));
        var (code, stdout, stderr) = Cli.Run("run", path);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("affect: $.perception[0].source: Perception source 'openface:nowhere.csv': file", stderr.Trim(), System.StringComparison.Ordinal);
    }

    private static string LastHash(string stdout) => stdout.Trim().Split('\n')[^1];
}
