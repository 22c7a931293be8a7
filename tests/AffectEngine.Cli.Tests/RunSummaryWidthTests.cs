using System;
using System.IO;
using System.Linq;

namespace AffectEngine.Cli.Tests;

/// <summary>The summary of <c>affect run</c> fits an 80-column terminal: long lines wrap, none is cut off or runs over.</summary>
public sealed class RunSummaryWidthTests
{
    private static void AssertFits(string stdout, params string[] expected)
    {
        var lines = stdout.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var wide = lines.Where(l => l.Length > 80).ToList();
        Assert.True(wide.Count == 0, $"{wide.Count} lines over 80 columns:\n" + string.Join("\n", wide));
        foreach (var e in expected)
        {
            Assert.Contains(e, stdout, StringComparison.Ordinal);
        }

        Assert.Matches("^state-hash: [0-9a-f]{16}$", lines.Last(l => l.Length > 0));
    }

    [Fact]
    public void Quickstart_summary_fits_80_columns()
    {
        var (code, stdout, stderr) = AffectCli.Run("run", AffectCli.Scenario("quickstart.json"));
        Assert.True(code == 0, stderr);

        // The quickstart's appraisal events are longer than a line: wrapped, their words all still there.
        AssertFits(stdout, "agent", "strongest (when)", "events    ");
        Assert.Contains("(likelihood", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_quickstart_keeps_emotion_names_whole()
    {
        // Ten ticks: dara's strongest emotion and her emotion at the end are both long names in one row.
        var (code, stdout, stderr) = AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--ticks", "10");
        Assert.True(code == 0, stderr);
        AssertFits(stdout, "agent");
        var dara = stdout.Split('\n').Single(l => l.StartsWith("dara ", StringComparison.Ordinal));
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(dara, @"\bdisappointment\b").Count);
    }

    [Fact]
    public void Tavern_encounter_and_training_percepts_lines_fit_80_columns()
    {
        var (code, stdout, stderr) = AffectCli.Run("run", Path.Combine(AffectCli.RepoRoot, "sims", "tavern", "tavern.json"));
        Assert.True(code == 0, stderr);
        AssertFits(stdout, "encounter ", "meets");

        (code, stdout, stderr) = AffectCli.Run("run", Path.Combine(AffectCli.RepoRoot, "sims", "empathy-training", "patient.json"));
        Assert.True(code == 0, stderr);
        AssertFits(stdout, "percepts  ", "trainee-session.csv");
    }

    [Fact]
    public void Brawl_summary_and_its_relations_fit_80_columns()
    {
        var (code, stdout, stderr) = AffectCli.Run("run", Path.Combine(AffectCli.RepoRoot, "sims", "tavern-brawl", "brawl.json"));
        Assert.True(code == 0, stderr);
        AssertFits(stdout, "garth", "wynn", "relations", "reproach");

        // One line per agent: the number columns never split ("-0.193..-0.1" / "92" was a wrap inside a number).
        var garth = stdout.Split('\n').Single(l => l.StartsWith("garth ", StringComparison.Ordinal));
        Assert.Matches(@"^garth\s+-?\d\.\d{3}\s+-?\d\.\d{3}\s+-?\d\.\d{3}\s+-?\d\.\d{3}\.\.-?\d\.\d{3}\s+reproach", garth);
    }

    [Fact]
    public void Brawl_summary_tells_the_action_chain_once_per_started_action()
    {
        var (code, stdout, stderr) = AffectCli.Run("run", Path.Combine(AffectCli.RepoRoot, "sims", "tavern-brawl", "brawl.json"));
        Assert.True(code == 0, stderr);
        var lines = stdout.Replace("\r", "", StringComparison.Ordinal).Split('\n');

        // Garth flees for many ticks: one line, not one per tick. The insult comes first, the actions after it.
        Assert.Contains("actions   4 started", stdout, StringComparison.Ordinal);
        var shove = Array.FindIndex(lines, l => l.EndsWith("wynn shove -> garth", StringComparison.Ordinal));
        var flee = Array.FindIndex(lines, l => l.EndsWith("garth flee -> wynn", StringComparison.Ordinal));
        var insult = Array.FindIndex(lines, l => l.Contains("garth insult -> wynn", StringComparison.Ordinal));
        Assert.True(insult >= 0 && shove > insult && flee > shove, stdout);
        Assert.Single(lines, l => l.EndsWith("garth flee -> wynn", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("hilda scold -> garth", StringComparison.Ordinal));
    }

    [Fact]
    public void Crowd_summary_fits_80_columns()
    {
        var (code, stdout, stderr) = AffectCli.Run("run", Path.Combine(AffectCli.RepoRoot, "sims", "crowd-contagion", "crowd.json"), "--ticks", "30");
        Assert.True(code == 0, stderr);
        AssertFits(stdout, "agents    900", "... 880 more");
    }

    [Fact]
    public void Generator_lines_wrap_within_80_columns()
    {
        using var dir = new TempDir();
        var path = EventGeneratorCliTests.WriteScenario(dir.Path);
        var (code, stdout, stderr) = AffectCli.Run("run", path);
        Assert.True(code == 0, stderr);
        AssertFits(stdout, "events    0 scheduled, 0 within the run; 4 generators", "file        events.jsonl, read as the run goes", "file        events.csv", "poisson     0.2/s per agent of crowd: $agent feels fear 0.6");
    }
}
