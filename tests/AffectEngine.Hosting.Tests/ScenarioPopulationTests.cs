using System;
using System.Text;
using AffectEngine.Scenarios;

namespace AffectEngine.Hosting.Tests;

/// <summary>Crowds in a few lines: trait distributions and placement drawn from the run seed (issue 20, section 1).</summary>
public sealed class ScenarioPopulationTests
{
    private const string Crowd = """
    {
      "run": { "ticks": 5, "step": "1s", "seed": 7 },
      "ambient": { "rate": 0.2, "maxIntensity": 0.5 },
      "agents": [
        { "id": "p", "count": 2000,
          "personality": { "o": 0.3 },
          "traits": { "e": { "dist": "normal", "mean": 0.2, "sd": 0.3 }, "n": { "dist": "uniform", "min": -0.5, "max": 0.5 }, "a": { "dist": "fixed", "value": 0.4 } },
          "placement": { "kind": "uniform", "min": { "x": 0, "y": 0 }, "max": { "x": 100, "y": 50 } } },
        { "id": "g", "count": 10, "placement": { "kind": "grid", "origin": { "x": 1, "y": 2 }, "spacing": 2 } },
        { "id": "c", "count": 300, "placement": { "kind": "clusters", "centers": [ { "x": 0, "y": 0 }, { "x": 100, "y": 100 } ], "radius": 5 } }
      ]
    }
    """;

    private static SimulationRunner Runner(ulong? seed = null, int threads = 1) =>
        ScenarioHost.CreateRunner(ScenarioLoader.Parse(Encoding.UTF8.GetBytes(Crowd), "crowd.json"), new RunOverrides { Seed = seed, Threads = threads });

    [Fact]
    public void Traits_follow_their_distributions_and_fixed_values()
    {
        using var runner = Runner();
        double sumE = 0, sumE2 = 0;
        for (var k = 0; k < 2000; k++)
        {
            Assert.True(runner.TryGetAgent("p#" + k, out var id));
            var o = runner.Affect.Personality(id);
            Assert.Equal(0.3f, o.O);
            Assert.Equal(0.4f, o.A);
            Assert.Equal(0f, o.C);
            Assert.InRange(o.N, -0.5f, 0.5f);
            Assert.InRange(o.E, -1f, 1f);
            sumE += o.E;
            sumE2 += o.E * o.E;
        }

        var mean = sumE / 2000;
        var sd = Math.Sqrt((sumE2 / 2000) - (mean * mean));
        Assert.InRange(mean, 0.17, 0.23);
        Assert.InRange(sd, 0.26, 0.33);
    }

    [Fact]
    public void Placements_put_copies_on_the_grid_in_the_rectangle_and_in_the_clusters()
    {
        using var runner = Runner();
        (float X, float Y) At(string name)
        {
            Assert.True(runner.TryGetAgent(name, out var id));
            return (runner.World.Value(id, runner.Position, 0), runner.World.Value(id, runner.Position, 1));
        }

        // 10 copies: rows of ceil(sqrt(10)) = 4.
        Assert.Equal((1f, 2f), At("g#0"));
        Assert.Equal((7f, 2f), At("g#3"));
        Assert.Equal((3f, 4f), At("g#5"));
        for (var k = 0; k < 2000; k++)
        {
            var (x, y) = At("p#" + k);
            Assert.InRange(x, 0f, 100f);
            Assert.InRange(y, 0f, 50f);
        }

        for (var k = 0; k < 300; k++)
        {
            var (x, y) = At("c#" + k);
            var c = k % 2 == 0 ? 0f : 100f;
            Assert.True(((x - c) * (x - c)) + ((y - c) * (y - c)) <= 25.0001f);
        }
    }

    [Fact]
    public void The_crowd_depends_on_the_seed_only_not_on_threads()
    {
        using var a = Runner();
        using var b = Runner(threads: 2);
        using var c = Runner(seed: 8);
        a.Run(5);
        b.Run(5);
        c.Run(5);
        Assert.Equal(a.LastHash, b.LastHash);
        Assert.NotEqual(a.LastHash, c.LastHash);
    }
}
