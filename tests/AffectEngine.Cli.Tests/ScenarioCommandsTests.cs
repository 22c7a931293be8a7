using System.IO;
using System.Text.RegularExpressions;

namespace AffectEngine.Cli.Tests;

public sealed class ScenarioCommandsTests
{
    [Fact]
    public void Validate_lists_every_problem_as_file_line_column_path_and_exits_2()
    {
        using var dir = new TempDir();
        var bad = dir.File("bad.json");
        File.WriteAllText(bad, """
            {
              "run": { "ticks": "many", "step": "fast" },
              "agents": [ { "id": "a", "personality": { "o": 2 } }, { "id": "a" } ],
              "events": [ { "tick": 1, "elicit": { "agent": "zed", "emotion": "glee", "intensity": 0.5 } } ]
            }
            """);
        var (code, stdout, stderr) = AffectCli.Run("validate", bad);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Replace("\r", "").TrimEnd().Split('\n');
        Assert.Equal(7, lines.Length);
        for (var i = 0; i < 6; i++)
        {
            Assert.Matches(@"^.*bad\.json:[0-9]+:[0-9]+: \$\.[a-z\[\]0-9.]+: expected .+, found .+$", lines[i]);
        }

        Assert.Contains("bad.json:2:21: $.run.ticks: expected an integer in [0, 1e9], found the string \"many\"", stderr);
        Assert.Contains("$.events[0].elicit.emotion: expected one of joy,", stderr);
        Assert.EndsWith("bad.json: 6 problems", lines[6]);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void Validate_accepts_the_bundled_scenarios()
    {
        foreach (var name in new[] { "quickstart.json", "tavern.json" })
        {
            var (code, stdout, stderr) = AffectCli.Run("validate", AffectCli.Scenario(name));
            Assert.Equal(0, code);
            Assert.Equal("", stderr);
            Assert.Contains(": ok (", stdout);
        }
    }

    [Fact]
    public void Validate_takes_every_bundled_scenario_at_once_and_reports_each_bad_file()
    {
        var all = Directory.GetFiles(Path.Combine(AffectCli.RepoRoot, "scenarios"), "*.json");
        Assert.True(all.Length >= 2);
        var (code, stdout, stderr) = AffectCli.Run(["validate", .. all]);
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Equal(all.Length, stdout.Split(": ok (").Length - 1);

        var bad = Path.Combine(Path.GetTempPath(), "affect-validate-" + System.Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(bad, "{ \"run\": { \"ticks\": -1 } }");
        try
        {
            var mixed = AffectCli.Run("validate", all[0], bad, "no/such.json");
            Assert.Equal(2, mixed.ExitCode);
            Assert.Contains(": ok (", mixed.Stdout);
            Assert.Contains(bad + ":1:21: $.run.ticks: expected an integer in [0, 1e9], found -1", mixed.Stderr);
            Assert.Contains("no/such.json: file not found", mixed.Stderr);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public void Schema_command_prints_the_published_schema()
    {
        var (code, stdout, _) = AffectCli.Run("schema");
        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(AffectCli.Scenario(Path.Combine("schema", "affect.schema.json"))), stdout);
        Assert.Matches(new Regex("\"description\": \"Big Five"), stdout);
    }

    [Fact]
    public void Run_of_a_scenario_with_appraisal_data_applies_it_without_notes()
    {
        var (code, stdout, stderr) = AffectCli.Run("run", AffectCli.Scenario("tavern.json"));
        Assert.Equal(0, code);
        Assert.Equal("", stderr);

        // Goals and events reach the appraisal model, and perception sources are connected: nothing is left as a note.
        Assert.DoesNotContain("note:", stdout);
        Assert.Matches("state-hash: [0-9a-f]{16}\n?$", stdout.Replace("\r", ""));
    }

    [Fact]
    public void Output_to_a_missing_directory_is_a_user_error_and_writes_nothing()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "missing", "out.csv");
        var (code, stdout, stderr) = AffectCli.Run("run", AffectCli.Scenario("quickstart.json"), "--ticks", "5", "--csv", target);
        Assert.Equal(2, code);
        Assert.DoesNotContain("state-hash", stdout);
        Assert.Contains("does not exist", stderr);
        Assert.False(File.Exists(target));
    }
}
