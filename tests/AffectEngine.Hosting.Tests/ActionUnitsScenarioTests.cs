using System;
using System.Linq;
using System.Text;
using AffectEngine.Affect;
using AffectEngine.Scenarios;

namespace AffectEngine.Hosting.Tests;

/// <summary>The scenario's <c>run.actionUnits</c>: "onRead" drops the action-unit fields, and what a host reads stays the same.</summary>
public sealed class ActionUnitsScenarioTests
{
    private const string Crowd = """
    {
      "run": { "ticks": 30, "seed": 4, "actionUnits": "MODE" },
      "ambient": { "rate": 0.2, "maxIntensity": 0.9 },
      "agents": [ { "id": "p", "count": 40, "traits": { "n": { "dist": "uniform", "min": -1, "max": 1 } } } ]
    }
    """;

    private static SimulationRunner Runner(string mode, int threads = 1) =>
        ScenarioHost.CreateRunner(ScenarioLoader.Parse(Encoding.UTF8.GetBytes(Crowd.Replace("MODE", mode, StringComparison.Ordinal)), "crowd.json"), new RunOverrides { Threads = threads });

    [Fact]
    public void On_read_scenario_reads_the_per_tick_action_units_and_hashes_the_same_on_any_thread_count()
    {
        using var perTick = Runner("perTick");
        using var onRead = Runner("onRead");
        using var onReadThreads = Runner("onRead", threads: 3);
        Assert.Contains(perTick.World.Schema.FieldNames, n => n.StartsWith("express.au", StringComparison.Ordinal));
        Assert.DoesNotContain(onRead.World.Schema.FieldNames, n => n.StartsWith("express.au", StringComparison.Ordinal));
        var a = new float[AffectFields.ActionUnitCount];
        var b = new float[AffectFields.ActionUnitCount];
        var expressive = 0;
        for (var t = 0; t < 30; t++)
        {
            perTick.Step();
            onRead.Step();
            onReadThreads.Step();
            Assert.Equal(onRead.LastHash, onReadThreads.LastHash);
            foreach (var id in perTick.World.Agents)
            {
                Assert.Equal(perTick.Affect.Expression(id).Dominant, onRead.Affect.Expression(id).Dominant);
                perTick.Affect.Expression(id).CopyActionUnits(a);
                onRead.Affect.Expression(id).CopyActionUnits(b);
                Assert.Equal(a, b);
                expressive += a.Any(x => x > 0f) ? 1 : 0;
            }
        }

        Assert.True(expressive > 200, $"{expressive} agent-ticks with a non-zero action unit");

        // The worlds differ in their fields, so in their hashes: a record of one does not replay as the other.
        Assert.NotEqual(perTick.LastHash, onRead.LastHash);
    }

    [Fact]
    public void An_unknown_action_unit_output_is_refused_at_its_line()
    {
        var json = Encoding.UTF8.GetBytes("""
        {
          "run": { "actionUnits": "sometimes" },
          "agents": [ { "id": "a" } ]
        }
        """);
        var ex = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(json, "s.json"));
        var e = Assert.Single(ex.Errors);
        Assert.Equal("$.run.actionUnits", e.Path);
        Assert.Equal(2, e.Line);
        Assert.Contains("perTick", e.ToString(), StringComparison.Ordinal);
    }
}
