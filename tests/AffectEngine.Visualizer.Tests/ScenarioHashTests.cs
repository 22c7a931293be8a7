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

    /// <summary>
    /// A scenario whose events come from generators (Poisson draws from the run seed, a JSON Lines file)
    /// gives the visualizer the same state as <c>affect run</c> after every tick: each hash of the
    /// headless run's record is compared with the visualizer's simulation stepped in this process.
    /// </summary>
    [Fact]
    public async Task A_generator_scenario_gives_the_visualizer_the_states_of_affect_run_tick_for_tick()
    {
        var dir = Directory.CreateTempSubdirectory("affect-vis-gen-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "events.jsonl"), """
                { "tick": 3, "elicit": { "agent": "dee", "emotion": "joy", "intensity": 0.9 } }
                { "at": "4s", "action": "help", "actor": "bo", "target": "ann", "beliefs": [ { "goal": "ann/calm", "congruence": 0.6 } ] }
                """);
            var scenario = Path.Combine(dir, "generated.json");
            await File.WriteAllTextAsync(scenario, """
                {
                  "name": "generated",
                  "run": { "ticks": 40, "step": "500ms", "seed": 11 },
                  "agents": [
                    { "id": "ann", "group": "crowd", "goals": [ { "id": "calm", "utility": 0.8 } ] },
                    { "id": "bo", "group": "crowd" },
                    { "id": "dee" }
                  ],
                  "eventGenerators": [
                    { "kind": "poisson", "rate": 0.3, "group": "crowd", "event": { "elicit": { "agent": "$agent", "emotion": "fear", "intensity": 0.6 } } },
                    { "kind": "file", "file": "events.jsonl" }
                  ]
                }
                """);
            var root = Repo.Root;
            var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var affect = Path.Combine(root, "tools", "AffectEngine.Cli", "bin", config, "net10.0", "affect.dll");
            var record = Path.Combine(dir, "run.aerec");
            var cli = await Dotnet(affect, "run", scenario, "--record", record, "--quiet");
            Assert.True(cli.Code == 0, cli.Output);

            var recorded = new System.Collections.Generic.List<ulong>();
            using (var reader = AffectEngine.Persistence.RecordReader.Open(record))
            {
                while (reader.TryRead(out var frame))
                {
                    if (frame!.Tick is { } t)
                    {
                        recorded.Add(t.Hash);
                    }
                }
            }

            Assert.Equal(40, recorded.Count);
            using var shown = SimulationFactory.Create(VisualizerOptions.Parse(["--headless", "--scenario", scenario]));
            var inputs = 0;
            for (var tick = 0; tick < recorded.Count; tick++)
            {
                shown.Step();
                inputs += shown.World.Inputs.Current.Length;
                Assert.True(recorded[tick] == shown.StateHash, $"tick {tick}: affect run {recorded[tick]:x16}, visualizer {shown.StateHash:x16}");
            }

            // The generators fired: the file's two events and the Poisson draws (about 24 expected).
            Assert.True(inputs > 6, $"{inputs} inputs");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
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
