using System;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Visualizer.Tests;

/// <summary>With <c>run.actionUnits: "onRead"</c> the world has no action-unit fields; the faces must still be the per-tick run's.</summary>
public sealed class ActionUnitsOnReadTests
{
    private static RunnerSimulation Shown(string actionUnits)
    {
        var scenario = ScenarioLoader.Load(Repo.Path2("scenarios", "quickstart.json"));
        scenario.Run.ActionUnits = actionUnits;
        return new RunnerSimulation(ScenarioHost.CreateRunner(scenario, null), scenario.Name);
    }

    [Fact]
    public void Faces_from_action_units_read_on_demand_are_the_per_tick_faces()
    {
        using var perTick = Shown("perTick");
        using var onRead = Shown("onRead");
        Assert.Null(perTick.ActionUnitsOnRead);
        Assert.NotNull(onRead.ActionUnitsOnRead);
        var view = new PixelRect(0, 0, 640, 400);
        var differedWithoutReader = false;
        for (var t = 0; t < 40; t++)
        {
            perTick.Step();
            onRead.Step();
            var a = new SceneSampler();
            var b = new SceneSampler();
            var c = new SceneSampler();
            a.Sample(perTick.World, view, AgentId.None, perTick.ActionUnitsOnRead);
            b.Sample(onRead.World, view, AgentId.None, onRead.ActionUnitsOnRead);
            c.Sample(onRead.World, view, AgentId.None);
            Assert.True(a.Instances.SequenceEqual(b.Instances), $"faces differ at tick {t}");
            differedWithoutReader |= !a.Instances.SequenceEqual(c.Instances);
        }

        // Not vacuous: without the reader the same world shows mood faces, so the action units did shape the faces.
        Assert.True(differedWithoutReader);
    }
}
