using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace AffectEngine.Visualizer.Tests;

/// <summary>The visualizer and `affect run` drive the same SimulationRunner: same scenario, seed and ticks, same hash.</summary>
public sealed class ScenarioHashTests
{
    private static async Task<(int Code, string Output)> Dotnet(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string Hash(string output)
    {
        var m = Regex.Match(output, @"^state-hash: ([0-9a-f]{16})\s*$", RegexOptions.Multiline);
        Assert.True(m.Success, "no state-hash line in: " + output);
        return m.Groups[1].Value;
    }

    [Theory]
    [InlineData("200", null)]
    [InlineData("150", "7")]
    public async Task Headless_visualizer_and_affect_run_end_with_the_same_state_hash(string ticks, string? seed)
    {
        var root = Repo.Root;
        var scenario = Path.Combine(root, "scenarios", "quickstart.json");
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var affect = Path.Combine(root, "tools", "AffectEngine.Cli", "bin", config, "net10.0", "affect.dll");
        Assert.True(File.Exists(affect), $"affect.dll not built at {affect}");
        var visualizer = Path.Combine(AppContext.BaseDirectory, "AffectEngine.Visualizer.dll");
        var frames = Path.Combine(Path.GetTempPath(), "affect-vis-" + Guid.NewGuid().ToString("N"));
        try
        {
            string[] seedArgs = seed is null ? [] : ["--seed", seed];
            var cli = await Dotnet([affect, "run", scenario, "--ticks", ticks, "--quiet", .. seedArgs]);
            Assert.True(cli.Code == 0, cli.Output);
            var vis = await Dotnet([visualizer, "--headless", "--scenario", scenario, "--ticks", ticks, "--frames", frames, "--every", "50", "--width", "480", "--height", "320", .. seedArgs]);
            Assert.True(vis.Code == 0, vis.Output);
            Assert.Equal(Hash(cli.Output), Hash(vis.Output));
            Assert.Equal(int.Parse(ticks) / 50 + 1, Directory.GetFiles(frames, "frame_*.png").Length);
        }
        finally
        {
            if (Directory.Exists(frames))
            {
                Directory.Delete(frames, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_broken_scenario_is_reported_without_a_stack_trace()
    {
        var path = Path.Combine(Path.GetTempPath(), "broken-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, "{ \"name\": \"x\", \"run\": { \"ticks\": -5 } ");
        try
        {
            var visualizer = Path.Combine(AppContext.BaseDirectory, "AffectEngine.Visualizer.dll");
            var (code, output) = await Dotnet(visualizer, "--headless", "--scenario", path);
            Assert.Equal(2, code);
            Assert.Contains("error:", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
