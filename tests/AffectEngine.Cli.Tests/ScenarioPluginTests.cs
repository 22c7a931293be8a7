using System;
using System.IO;

namespace AffectEngine.Cli.Tests;

/// <summary><c>affect run</c> with a scenario's <c>pluginDirs</c>, and <c>affect plugins</c> over the bundled plugins' folders.</summary>
public sealed class ScenarioPluginTests
{
    private static string Config => AffectCli.Executable.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string Output(string project) => Path.Combine(AffectCli.RepoRoot, "plugins", project, "bin", Config, "net10.0");

    private static string Scenario(string extra) => "{ \"name\": \"plugged\", \"run\": { \"ticks\": 300, \"seed\": 3 }, \"agents\": [ { \"id\": \"a\", \"personality\": { \"o\": 0.2, \"c\": 0.1, \"e\": 0.5, \"a\": 0.3, \"n\": -0.2 } } ]" + extra + " }";

    private static string HashOf(string stdout) => stdout.TrimEnd().Split('\n')[^1].Trim();

    [Fact]
    public void Plugins_shows_the_appraisal_model_and_perception_sources_the_bundled_plugins_add()
    {
        var (code, stdout, stderr) = AffectCli.Run("plugins", "--dir", Output("AffectEngine.Appraisal.Gamygdala"), "--dir", Output("AffectEngine.Perception"));

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("gamygdala 1.0.0 (API 1.1)", stdout);
        Assert.Contains("  appraisal models: gamygdala", stdout);
        Assert.Contains("perception 1.0.0 (API 1.1)", stdout);
        Assert.Contains("  perception sources: openface, imotions, csv, e4, openpose, mediapipe, osc, lsl, e4stream", stdout);
        Assert.Contains("2 loaded, 0 failed", stdout);
    }

    [Fact]
    public void Run_loads_plugin_folders_relative_to_the_scenario_file_and_the_plugin_changes_the_run()
    {
        using var dir = new TempDir();
        var weather = Path.GetRelativePath(dir.Path, Output("AffectEngine.Plugins.Weather"));
        File.WriteAllText(dir.File("plain.json"), Scenario(""));
        File.WriteAllText(dir.File("weather.json"), Scenario($", \"plugins\": [\"weather\"], \"pluginDirs\": [{System.Text.Json.JsonSerializer.Serialize(weather)}]"));

        // Run from another working directory: folders are the scenario file's, never the working directory's.
        var plain = AffectCli.Run("run", dir.File("plain.json"), "--quiet");
        var plugged = AffectCli.Run("run", dir.File("weather.json"), "--quiet");

        Assert.True(plugged.ExitCode == 0, plugged.Stdout + plugged.Stderr);
        Assert.Equal("", plugged.Stderr);
        Assert.NotEqual(HashOf(plain.Stdout), HashOf(plugged.Stdout));
        Assert.Equal(HashOf(plugged.Stdout), HashOf(AffectCli.Run("run", dir.File("weather.json"), "--quiet").Stdout));
    }

    [Fact]
    public void A_failing_plugin_folder_stops_the_run_by_default_and_is_skipped_when_asked()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("stop.json"), Scenario(", \"pluginDirs\": [\"no-such-plugins\"]"));
        File.WriteAllText(dir.File("skip.json"), Scenario(", \"pluginDirs\": [\"no-such-plugins\"], \"pluginFailure\": \"skip\""));
        File.WriteAllText(dir.File("named.json"), Scenario(", \"plugins\": [\"teleport\"], \"pluginDirs\": [\".\"]"));

        var stop = AffectCli.Run("run", dir.File("stop.json"), "--quiet");
        Assert.Equal(2, stop.ExitCode);
        var line = Assert.Single(stop.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("stop.json: $.pluginDirs: plugin 'no-such-plugins'", line);
        Assert.Contains("the plugin folder does not exist", line);

        var skip = AffectCli.Run("run", dir.File("skip.json"), "--quiet");
        Assert.True(skip.ExitCode == 0, skip.Stdout + skip.Stderr);
        Assert.Contains("warning: plugin 'no-such-plugins'", skip.Stderr);
        Assert.Matches("^state-hash: [0-9a-f]{16}$", HashOf(skip.Stdout));

        var named = AffectCli.Run("run", dir.File("named.json"), "--quiet");
        Assert.Equal(2, named.ExitCode);
        Assert.Contains("plugin 'teleport'", named.Stderr);
        Assert.Contains("not found in its \"pluginDirs\"", named.Stderr);
    }
}
