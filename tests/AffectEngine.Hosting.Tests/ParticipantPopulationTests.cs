using System;
using System.IO;
using System.Text;
using AffectEngine.Affect;
using AffectEngine.Scenarios;

namespace AffectEngine.Hosting.Tests;

/// <summary>Issue 20 §1: copies from a participants CSV, relation templates toward groups, copies in several groups, as a run builds them.</summary>
public sealed class ParticipantPopulationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("affect-participants-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private SimulationRunner Runner(string json)
    {
        var path = Path.Combine(_dir, "s.json");
        File.WriteAllText(path, json, new UTF8Encoding(false));
        return ScenarioHost.CreateRunner(ScenarioLoader.Load(path));
    }

    private static AgentId Id(SimulationRunner runner, string name)
    {
        Assert.True(runner.TryGetAgent(name, out var id), name);
        return id;
    }

    private static float? Liking(SimulationRunner runner, string from, string to)
    {
        var target = Id(runner, to);
        foreach (var l in runner.Module<AffectEngineModule>().Appraisal.View(Id(runner, from)).Likings)
        {
            if (l.Other == target)
            {
                return l.Liking.Value;
            }
        }

        return null;
    }

    [Fact]
    public void Each_copy_takes_its_rows_traits_and_a_trait_the_file_lacks_comes_from_its_distribution()
    {
        File.WriteAllText(Path.Combine(_dir, "people.csv"), "id,E,N,o\r\nA,5,1,3\r\nB,1,5,\"4\"\r\n");
        using var runner = Runner("""
            { "agents": [ { "id": "p", "personality": { "c": 0.2 },
                "traits": { "from": "people.csv", "scale": { "min": 1, "max": 5 }, "a": { "dist": "fixed", "value": -0.6 } } } ] }
            """);
        var p0 = runner.Affect.Personality(Id(runner, "p#0"));
        var p1 = runner.Affect.Personality(Id(runner, "p#1"));
        Assert.Equal((1f, -1f, 0f, 0.2f, -0.6f), (p0.E, p0.N, p0.O, p0.C, p0.A));
        Assert.Equal((-1f, 1f, 0.5f, 0.2f, -0.6f), (p1.E, p1.N, p1.O, p1.C, p1.A));
        Assert.False(runner.TryGetAgent("p#2", out _));
    }

    [Fact]
    public void Relation_templates_reach_every_member_of_a_group_and_an_agents_own_relation_wins()
    {
        File.WriteAllText(Path.Combine(_dir, "crew.csv"), "O,group\n0.1,night\n0.2,\n0.3,night;cooks\n");
        using var runner = Runner("""
            {
              "social": { },
              "agents": [
                { "id": "guard", "count": 3, "group": "guards", "traits": { "from": "crew.csv" },
                  "relations": { "@guards": { "liking": 0.6, "familiarity": 0.5 } } },
                { "id": "cook", "groups": ["cooks", "staff"] },
                { "id": "thief", "relations": { "@guards": { "liking": -0.3 }, "@night": { "liking": -0.8 }, "guard#1": { "liking": 0.2 }, "@cooks": { "liking": 0.1 } } }
              ]
            }
            """);

        // Templates apply in ordinal order of the group (@cooks, @guards, @night): the later one wins for a
        // copy in both groups, and the thief's own relation to guard#1 wins over every template.
        Assert.Equal(-0.8f, Liking(runner, "thief", "guard#0"));
        Assert.Equal(0.2f, Liking(runner, "thief", "guard#1"));
        Assert.Equal(-0.8f, Liking(runner, "thief", "guard#2"));
        Assert.Equal(0.1f, Liking(runner, "thief", "cook"));

        // A copy's template toward its own group binds the others, never itself.
        Assert.Equal(0.6f, Liking(runner, "guard#0", "guard#2"));
        Assert.Null(Liking(runner, "guard#0", "guard#0"));
        Assert.Null(Liking(runner, "guard#0", "thief"));

        var relations = runner.Social().Relations;
        Assert.Equal(-0.8f, relations.Liking(Id(runner, "thief"), Id(runner, "guard#2")));
        Assert.Equal(0.2f, relations.Liking(Id(runner, "thief"), Id(runner, "guard#1")));
        Assert.Equal(0.6f, relations.Liking(Id(runner, "guard#1"), Id(runner, "guard#0")));
    }

    [Fact]
    public void A_poisson_generator_over_a_group_reaches_copies_that_joined_it_through_groups_or_rows()
    {
        File.WriteAllText(Path.Combine(_dir, "crew.csv"), "O,group\n0.1,night\n0.2,\n");
        var path = Path.Combine(_dir, "g.json");
        File.WriteAllText(path, """
            {
              "run": { "ticks": 10, "step": "1s" },
              "agents": [
                { "id": "guard", "traits": { "from": "crew.csv" } },
                { "id": "cook", "groups": ["kitchen", "night"] },
                { "id": "idle" }
              ],
              "eventGenerators": [
                { "kind": "poisson", "rate": 2, "group": "night",
                  "event": { "elicit": { "agent": "$agent", "emotion": "fear", "intensity": 0.5 } } }
              ]
            }
            """);
        var scenario = ScenarioLoader.Load(path);
        using var runner = ScenarioHost.CreateRunner(scenario);
        using var feed = ScenarioEventFeed.Open(runner, scenario, _dir)!;
        var reached = new System.Collections.Generic.HashSet<string>();
        for (var t = 0; t < 10; t++)
        {
            feed.Produce(t, t * runner.World.Options.StepSeconds, []);
        }

        foreach (var input in runner.World.Inputs.PendingSnapshot())
        {
            reached.Add(runner.NameOf(((ElicitCommand)input).Agent));
        }

        Assert.Equal(new[] { "cook", "guard#0" }, System.Linq.Enumerable.Order(reached, StringComparer.Ordinal));
    }
}
