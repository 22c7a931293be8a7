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
    [InlineData("e.csv", "tick,agent,emotion\n1,zed,joy\n", 2, 3, ": agent: expected the id of an agent of this scenario, found 'zed'")]
    [InlineData("e.csv", "tick,action,goal,congruence,controllability\n1,x,a/win,-0.5,0.2\n2,x,a/win,-0.5,1.5\n", 3, 16, ": controllability: expected a controllability in [0, 1], found '1.5'")]
    [InlineData("e.csv", "tick,action,goal,congruence,controllability\n1,x,a/win,-0.5,\"\"\n2,x,a/win,-0.5,high\n", 3, 16, ": controllability: expected a controllability in [0, 1], found 'high'")]
    [InlineData("e.csv", "tick,action,goal,congruence\n1,x,a/win,-1.5\n", 2, 11, ": congruence: expected a congruence in [-1, 1], found '-1.5'")]
    [InlineData("e.csv", "tick,goal,likelihood,congruence\n1,a/win,1.01,1\n", 2, 9, ": likelihood: expected a likelihood in [0, 1], found '1.01'")]
    [InlineData("e.csv", "tick,action,goal,congruence,likelihood\n1,x,a/win,,0.5\n", 2, 11, ": congruence: expected a congruence in [-1, 1] with \"goal\"")]
    [InlineData("e.csv", "tick,action,goal\n1,x,a/win\n", 2, 5, ": congruence: expected a congruence in [-1, 1] with \"goal\"")]
    [InlineData("e.csv", "tick,action,controllability\n1,x,0.5\n", 2, 5, ": controllability: expected a \"goal\" beside controllability")]
    [InlineData("e.csv", "tick,action,congruence,goal\n1,x,0.5,\n", 2, 5, ": congruence: expected a \"goal\" beside congruence")]
    [InlineData("e.csv", "tick,action,goal,congruence\n1,x,a/lose,-1\n", 2, 5, ": goal: expected \"agentId/goalId\" naming a goal of an agent, found 'a/lose'")]
    [InlineData("e.jsonl", "{ \"tick\": 1, \"action\": \"x\" }\n{ \"tick\": 2, \"action\": \"x\", \"controllability\": 1.5 }\n", 2, 48, ": $.controllability: expected a number in [0, 1], found 1.5")]
    [InlineData("e.jsonl", "{ \"tick\": 2, \"action\": \"x\", \"beliefs\": [ { \"goal\": \"a/win\", \"congruence\": -1, \"controllability\": -0.25 } ] }\n", 1, 98, ": $.beliefs[0].controllability: expected a number in [0, 1], found -0.25")]
    [InlineData("e.jsonl", "{ \"tick\": 2, \"action\": \"x\", \"beliefs\": [ { \"goal\": \"a/win\", \"congruence\": 3 } ] }\n", 1, 75, ": $.beliefs[0].congruence: expected a number in [-1, 1], found 3")]
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

    private const string GoalScenario = """
        {
          "run": { "ticks": 12, "step": "500ms", "seed": 4 },
          "agents": [ { "id": "a", "goals": [ { "id": "win", "utility": 1 } ] }, { "id": "b", "goals": [ { "id": "rest", "utility": 0.6 } ] } ],
          "behaviours": { "coping": { "stressThreshold": 0.1 } },
          "eventGenerators": [ { "kind": "file", "file": "FILE" } ]
        }
        """;

    private SimulationRunner RunFile(string name, string text, long ticks)
    {
        File.WriteAllText(Path.Combine(_dir, name), text);
        var (scenario, _) = Write(GoalScenario.Replace("FILE", name, StringComparison.Ordinal));
        var runner = ScenarioHost.CreateRun(scenario, _dir);
        runner.Run(ticks);
        return runner;
    }

    [Fact]
    public void Csv_goal_columns_are_appraised_as_the_same_beliefs_in_json_lines()
    {
        // Row 1: a certain win for a (joy); row 2: b's rest threatened with likelihood 0.5 (fear), controllable 0.8;
        // row 3: b's rest certainly lost, controllability 0.1; the default likelihood is 1.
        const string csv = "tick,action,actor,goal,congruence,likelihood,controllability\n"
            + "2,score,b,a/win,0.7,,\n"
            + "4,shout,a,b/rest,-0.6,0.5,0.8\n"
            + "7,shout,a,b/rest,-0.9,1,0.1\n";
        const string jsonl = """
            { "tick": 2, "action": "score", "actor": "b", "beliefs": [ { "goal": "a/win", "congruence": 0.7 } ] }
            { "tick": 4, "action": "shout", "actor": "a", "beliefs": [ { "goal": "b/rest", "congruence": -0.6, "likelihood": 0.5, "controllability": 0.8 } ] }
            { "tick": 7, "action": "shout", "actor": "a", "beliefs": [ { "goal": "b/rest", "congruence": -0.9, "likelihood": 1, "controllability": 0.1 } ] }
            """;
        using var fromCsv = RunFile("e.csv", csv, 3);
        Assert.True(fromCsv.TryGetAgent("a", out var a));
        Assert.True(fromCsv.TryGetAgent("b", out var b));
        Assert.True(fromCsv.Affect.Intensity(a, EmotionType.Joy) > 0.3f, "a's joy at the win");
        fromCsv.Run(2);
        Assert.True(fromCsv.Affect.Intensity(b, EmotionType.Fear) > 0.02f, "b's fear of the likely loss (likelihood 0.5: a prospect, not yet distress)");
        Assert.Equal(0f, fromCsv.Affect.Intensity(b, EmotionType.Distress));
        fromCsv.Run(7);

        using var fromJson = RunFile("e.jsonl", jsonl, 12);
        Assert.Equal(fromJson.LastHash, fromCsv.LastHash);

        // The controllability column is state, not decoration: another value gives another run.
        using var otherControl = RunFile("f.csv", csv.Replace(",0.1\n", ",0.9\n", StringComparison.Ordinal), 12);
        Assert.NotEqual(fromCsv.LastHash, otherControl.LastHash);
    }

    [Fact]
    public void A_bad_value_late_in_an_event_file_stops_the_run_before_its_first_tick()
    {
        foreach (var (name, text) in new[]
        {
            ("late.jsonl", "{ \"tick\": 1, \"elicit\": { \"agent\": \"a\", \"emotion\": \"joy\" } }\n{ \"tick\": 9, \"action\": \"x\", \"beliefs\": [ { \"goal\": \"a/win\", \"congruence\": -1, \"controllability\": 2 } ] }\n"),
            ("late.csv", "tick,agent,emotion,action,goal,congruence,controllability\n1,a,joy,,,,\n9,,,x,a/win,-1,2\n"),
        })
        {
            File.WriteAllText(Path.Combine(_dir, name), text);
            var (scenario, _) = Write(GoalScenario.Replace("FILE", name, StringComparison.Ordinal));
            var ex = Assert.Throws<ScenarioException>(() => ScenarioHost.CreateRun(scenario, _dir));
            var error = Assert.Single(ex.Errors);
            Assert.Equal(2 + (name.EndsWith(".csv", StringComparison.Ordinal) ? 1 : 0), error.Line);
            Assert.EndsWith("controllability", error.Path, StringComparison.Ordinal);
        }
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
