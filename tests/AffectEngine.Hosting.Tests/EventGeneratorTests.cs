using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using AffectEngine.Affect;
using AffectEngine.Scenarios;

namespace AffectEngine.Hosting.Tests;

/// <summary>Event generators (issue 20): a Poisson template over an agent set, and events streamed from JSON Lines and CSV files.</summary>
public sealed class EventGeneratorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("affect-events-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private (Scenario Scenario, string Path) Write(string json)
    {
        var path = Path.Combine(_dir, "s.json");
        File.WriteAllText(path, json);
        return (ScenarioLoader.Load(path), path);
    }

    private const string Poisson = """
        {
          "run": { "ticks": 20, "step": "1s", "seed": SEED },
          "agents": [ { "id": "p", "count": 1000, "group": "crowd" }, { "id": "boss" } ],
          "eventGenerators": [
            { "kind": "poisson", "rate": 0.5, "group": "crowd", "from": "5s", "until": "15s",
              "event": { "elicit": { "agent": "$agent", "emotion": "fear", "intensity": 0.5 } } }
          ]
        }
        """;

    private static List<long> PerTick(SimulationRunner runner, ScenarioEventFeed feed, int ticks)
    {
        var counts = new List<long>();
        var before = runner.World.Inputs.PendingCount;
        for (var t = 0; t < ticks; t++)
        {
            feed.Produce(t, t * runner.World.Options.StepSeconds, []);
            counts.Add(runner.World.Inputs.PendingCount - before);
            before = runner.World.Inputs.PendingCount;
        }

        return counts;
    }

    [Fact]
    public void Poisson_events_fire_inside_their_window_at_the_rate_and_only_on_the_group()
    {
        var (scenario, path) = Write(Poisson.Replace("SEED", "3", StringComparison.Ordinal));
        using var runner = ScenarioHost.CreateRunner(scenario);
        using var feed = ScenarioEventFeed.Open(runner, scenario, _dir)!;
        var counts = PerTick(runner, feed, 20);
        long total = 0;
        for (var t = 0; t < 20; t++)
        {
            if (t is < 5 or >= 15)
            {
                Assert.Equal(0, counts[t]);
            }
            else
            {
                Assert.InRange(counts[t], 500 - 112, 500 + 112); // Poisson(500): 5 SDs
                total += counts[t];
            }
        }

        Assert.InRange(total, 5000 - 354, 5000 + 354);
        foreach (var input in runner.World.Inputs.PendingSnapshot())
        {
            Assert.NotEqual("boss", runner.NameOf(((ElicitCommand)input).Agent));
        }

        _ = path;
    }

    [Fact]
    public void Poisson_draws_are_a_function_of_the_seed()
    {
        ulong Run(string seed)
        {
            var (scenario, _) = Write(Poisson.Replace("SEED", seed, StringComparison.Ordinal));
            using var runner = ScenarioHost.CreateRunner(scenario);
            using var feed = ScenarioEventFeed.Open(runner, scenario, _dir)!;
            runner.AddInputFeed(feed);
            runner.Run(20);
            return runner.LastHash;
        }

        Assert.Equal(Run("3"), Run("3"));
        Assert.NotEqual(Run("3"), Run("4"));
    }

    [Fact]
    public void CreateRun_attaches_the_generators_and_CreateRunner_for_replays_does_not()
    {
        var (scenario, _) = Write(Poisson.Replace("SEED", "3", StringComparison.Ordinal));
        ulong ByHand()
        {
            using var runner = ScenarioHost.CreateRunner(scenario);
            using var feed = ScenarioEventFeed.Open(runner, scenario, _dir)!;
            runner.AddInputFeed(feed);
            runner.Run(20);
            return runner.LastHash;
        }

        ulong Run(bool generators)
        {
            using var runner = generators ? ScenarioHost.CreateRun(scenario, _dir) : ScenarioHost.CreateRunner(scenario);
            runner.Run(20);
            return runner.LastHash;
        }

        Assert.Equal(ByHand(), Run(generators: true));
        Assert.NotEqual(Run(generators: true), Run(generators: false));
    }

    [Fact]
    public void CreateRun_refuses_a_missing_event_file_naming_it()
    {
        var (scenario, _) = Write(FileScenario.Replace("FILE", "missing.jsonl", StringComparison.Ordinal));
        var ex = Assert.Throws<ScenarioException>(() => ScenarioHost.CreateRun(scenario, _dir));
        Assert.Contains("missing.jsonl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_poisson_sampler_has_mean_and_variance_lambda()
    {
        foreach (var lambda in new[] { 0.3, 4.0, 75.0 })
        {
            double sum = 0, sum2 = 0;
            const int n = 20000;
            for (var i = 0; i < n; i++)
            {
                var rng = new RandomStream(9, 1, i, 0);
                var k = ScenarioEventFeed.Poisson(lambda, ref rng);
                sum += k;
                sum2 += k * (double)k;
            }

            var mean = sum / n;
            var variance = (sum2 / n) - (mean * mean);
            Assert.InRange(mean, lambda - (5 * Math.Sqrt(lambda / n)), lambda + (5 * Math.Sqrt(lambda / n)));
            Assert.InRange(variance, lambda * 0.93, lambda * 1.07);
        }
    }

    private const string FileScenario = """
        {
          "run": { "ticks": 12, "step": "500ms" },
          "agents": [ { "id": "a", "goals": [ { "id": "win", "utility": 1 } ] }, { "id": "b" } ],
          "eventGenerators": [ { "kind": "file", "file": "FILE" } ]
        }
        """;

    [Fact]
    public void Json_lines_events_arrive_at_their_ticks()
    {
        File.WriteAllText(Path.Combine(_dir, "e.jsonl"), """
            { "tick": 2, "elicit": { "agent": "a", "emotion": "joy", "intensity": 0.8 } }

            { "at": "2.5s", "elicit": { "agent": "b", "emotion": "fear", "intensity": 0.6 } }
            { "tick": 5, "action": "cheer", "beliefs": [ { "goal": "a/win", "congruence": 1 } ] }
            { "tick": 9, "elicit": { "agent": "b", "emotion": "joy", "intensity": 0.3 } }
            """);
        var (scenario, _) = Write(FileScenario.Replace("FILE", "e.jsonl", StringComparison.Ordinal));
        using var runner = ScenarioHost.CreateRunner(scenario);
        using var feed = ScenarioEventFeed.Open(runner, scenario, _dir)!;
        var counts = PerTick(runner, feed, 12);
        Assert.Equal([0, 0, 1, 0, 0, 2, 0, 0, 0, 1, 0, 0], counts);
    }

    [Fact]
    public void Csv_events_arrive_at_their_ticks_and_move_the_agents()
    {
        File.WriteAllText(Path.Combine(_dir, "e.csv"), "at,agent,emotion,intensity\n1s,a,joy,0.9\n\"3s\",b,fear,0.7\n");
        var (scenario, _) = Write(FileScenario.Replace("FILE", "e.csv", StringComparison.Ordinal));
        using var runner = ScenarioHost.CreateRunner(scenario);
        using var feed = ScenarioEventFeed.Open(runner, scenario, _dir)!;
        runner.AddInputFeed(feed);
        Assert.True(runner.TryGetAgent("a", out var a));
        Assert.True(runner.TryGetAgent("b", out var b));
        runner.Run(2);
        Assert.Equal(0f, runner.Affect.Intensity(a, EmotionType.Joy));
        runner.Run(1); // tick 2 = 1 s
        Assert.True(runner.Affect.Intensity(a, EmotionType.Joy) > 0.5f);
        runner.Run(3);
        Assert.Equal(0f, runner.Affect.Intensity(b, EmotionType.Fear));
        runner.Run(1); // tick 6 = 3 s
        Assert.True(runner.Affect.Intensity(b, EmotionType.Fear) > 0.4f);
    }

    [Theory]
    [InlineData("e.csv", "tick,agent,emotion,intensty\n1,a,joy,1\n", 1, 20, "'intensty'")]
    [InlineData("e.csv", "tick,agent,emotion,intensity\n1,a,joy,0.5\n2,a,joy,lots\n", 3, 9, "'lots'")]
    [InlineData("e.csv", "tick,agent,emotion\n1,a,glee\n", 2, 5, "'glee'")]
    [InlineData("e.csv", "tick,agent,emotion\n4,a,joy\n2,a,joy\n", 3, 1, "time order")]
    [InlineData("e.csv", "tick,agent,emotion\n1,zed,joy\n", 2, 1, "'zed'")]
    [InlineData("e.csv", "tick,agent,emotion\n1,\"a\"x,joy\n", 2, 6, "expected a comma after a quoted field, found 'x'")]
    [InlineData("e.csv", "tick,agent,emotion\n1,\"a,joy\n", 2, 3, "closing quote")]
    [InlineData("e.jsonl", "{ \"tick\": 1, \"elicit\": { \"agent\": \"a\", \"emotion\": \"joy\" } }\n{ \"tick\": 2, \"elict\": 1 }\n", 2, 0, "elict")]
    public void Bad_event_files_are_refused_with_file_line_and_column(string name, string text, int line, int column, string words)
    {
        File.WriteAllText(Path.Combine(_dir, name), text);
        var (scenario, _) = Write(FileScenario.Replace("FILE", name, StringComparison.Ordinal));
        using var runner = ScenarioHost.CreateRunner(scenario);
        var ex = Assert.Throws<ScenarioException>(() => ScenarioEventFeed.Open(runner, scenario, _dir));
        var error = Assert.Single(ex.Errors);
        Assert.EndsWith(name, error.File, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
        if (column > 0)
        {
            Assert.Equal(column, error.Column);
        }

        Assert.Contains(words, error.ToString(), StringComparison.Ordinal);
        Assert.StartsWith(Path.Combine(_dir, name) + ":" + line + ":", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"kind\": \"poisson\", \"rate\": 1 }", "$.eventGenerators[0].event")]
    [InlineData("{ \"kind\": \"poisson\", \"rate\": 1, \"group\": \"nobody\", \"event\": { \"action\": \"x\" } }", "$.eventGenerators[0].group")]
    [InlineData("{ \"kind\": \"poisson\", \"rate\": 1, \"event\": { \"tick\": 3, \"elicit\": { \"agent\": \"$agent\", \"emotion\": \"joy\", \"intensity\": 1 } } }", "$.eventGenerators[0].event")]
    [InlineData("{ \"kind\": \"poisson\", \"rate\": 1, \"event\": { \"elicit\": { \"agent\": \"q\", \"emotion\": \"joy\", \"intensity\": 1 } } }", "$.eventGenerators[0].event.elicit.agent")]
    [InlineData("{ \"kind\": \"file\", \"file\": \"e.txt\" }", "$.eventGenerators[0].file")]
    public void Bad_generators_are_reported_with_their_path(string generator, string path)
    {
        var json = $$"""{ "agents": [ { "id": "a" } ], "eventGenerators": [ {{generator}} ] }""";
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "bad.json"));
        Assert.Contains(ex.Errors, e => e.Path == path);
    }

    [Fact]
    public void The_estimate_counts_every_copy_and_the_generated_network()
    {
        var json = """
            { "agents": [ { "id": "p", "count": 100000 } ],
              "social": { "contagion": { "neighbours": "network" }, "memory": { "capacity": 0 }, "relations": { "capacity": 0 },
                          "network": [ { "generator": "watts-strogatz", "k": 6 } ] } }
            """;
        var e = ScenarioHost.Estimate(ScenarioLoader.Parse(Encoding.UTF8.GetBytes(json), "big.json"));
        Assert.Equal(100000, e.Agents);
        Assert.Equal(600000, e.NetworkEdges);
        Assert.InRange(e.BytesPerAgent, 200, 2000);
        Assert.Equal((e.BytesPerAgent * 100000) + (600000 * 8) + 400000, e.Bytes);
    }
}
