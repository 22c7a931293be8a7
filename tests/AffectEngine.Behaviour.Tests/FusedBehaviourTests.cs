using System.Linq;
using System.Text;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Behaviour.Tests;

/// <summary>
/// With no Social-stage system, the dynamics pass hosts the expression pass, which hands each block on to the
/// behaviour pass, which hands it on to event extraction (IFusablePass chain): one stream of the blocks per
/// tick. Every hash and every event must be those of the four passes running unfused at their own places
/// (a hash after every stage turns every fusion across a stage boundary off, so that run is the reference).
/// </summary>
public sealed class FusedBehaviourTests
{
    private static SimulationRunner Create(string world, int threads, bool stageHashes)
    {
        // The spatial-search crowd: 600 agents approaching, shunning, scolding and coping (75 blocks, so partitions of
        // odd and even length); the tavern brawl (one block). Neither has a social layer, so nothing runs between
        // the dynamics pass (Affect) and the expression pass (Express).
        var scenario = world == "crowd"
            ? ScenarioLoader.Parse(Encoding.UTF8.GetBytes(SpatialSearchTests.Crowd(600)), "crowd.json")
            : Sims.Load("sims", "tavern-brawl", "brawl.json");
        scenario.Social = null;
        return ScenarioHost.CreateRunner(
            scenario,
            new RunOverrides { Threads = threads },
            b => b.Services.AddAffectEngine(o =>
            {
                o.World.HashEachStage = stageHashes;
                o.Affect.Events.Enabled = true;
            }));
    }

    private static ISystem Dynamics(SimulationRunner runner) =>
        runner.Simulation.SystemsOf(TickStage.Affect).Single(s => s.Name == "affect.dynamics");

    // runs: the blocks the host hands over at a time (WorldOptions.FusedRunBlocks; 0 = half the L2, one run per
    // partition in these worlds; 32 = the length before it was measured; odd ones end runs inside a block pair).
    [Theory]
    [InlineData("crowd", 2, "", 32)]
    [InlineData("crowd", 2, "", 0)]
    [InlineData("crowd", 1, "", 5)]
    [InlineData("crowd", 3, "", 32)]
    [InlineData("crowd", 3, "narrow", 3)]
    [InlineData("crowd", 2, "scalar", 32)]
    [InlineData("crowd", 1, "scalar", 7)]
    [InlineData("brawl", 2, "", 0)]
    [InlineData("brawl", 1, "scalar", 1)]
    public void Behaviour_fused_into_the_dynamics_pass_gives_every_hash_and_event_of_the_unfused_passes(string world, int threads, string path, int runs)
    {
        using var fused = Create(world, threads, stageHashes: false);
        using var alone = Create(world, threads, stageHashes: true);
        fused.World.Options.FusedRunBlocks = runs;
        var pass = fused.Behaviour().Pass!;
        pass.ScalarOnly = path == "scalar";
        pass.Narrow = path == "narrow";
        var express = fused.Simulation.FusableAfter(Dynamics(fused));
        Assert.Equal("affect.express", express?.Name);
        Assert.Same(pass, fused.Simulation.FusableAfter(express!));
        Assert.Null(alone.Simulation.FusableAfter(Dynamics(alone)));
        long actions = 0, affectEvents = 0, other = 0;
        for (var t = 0; t < 120; t++)
        {
            fused.Step();
            alone.Step();
            Assert.True(fused.Simulation.IsFused(pass));
            Assert.False(alone.Simulation.IsFused(alone.Behaviour().Pass!));
            Assert.True(alone.Simulation.ComputeHash() == fused.Simulation.ComputeHash(), $"fused and unfused passes differ first at tick {t}");
            var a = fused.World.Events.Events.ToArray();
            Assert.Equal(alone.World.Events.Events.ToArray(), a);
            Assert.Equal(alone.Behaviour().Happenings.ToArray(), fused.Behaviour().Happenings.ToArray());
            foreach (var e in a)
            {
                actions += e.Kind is EngineEventKind.ActionChosen or EngineEventKind.CopingApplied ? 1 : 0;
                affectEvents += e.Kind is EngineEventKind.EmotionRose or EngineEventKind.EmotionFell or EngineEventKind.DominantChanged ? 1 : 0;
                other += e.Kind is EngineEventKind.BreakStarted or EngineEventKind.MoodOctantChanged ? 1 : 0;
            }
        }

        // Not vacuous: agents chose actions and emotions crossed their thresholds in the compared ticks.
        Assert.True(actions > 10 && affectEvents > 10, $"{actions} actions, {affectEvents} affect events, {other} others");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(32)]
    public void With_contagion_the_chain_runs_inside_the_contagion_pass_with_the_unfused_hashes(int runs)
    {
        // Crowd panic: contagion (Social) hosts the expression pass, which hands each block on to behaviour.
        SimulationRunner Panic(bool stageHashes) => ScenarioHost.CreateRunner(
            Sims.Load("sims", "crowd-contagion", "panic.json"),
            new RunOverrides { Threads = 2 },
            b => b.Services.AddAffectEngine(o =>
            {
                o.World.HashEachStage = stageHashes;
                o.Affect.Events.Enabled = true;
            }));
        using var fused = Panic(stageHashes: false);
        using var alone = Panic(stageHashes: true);
        fused.World.Options.FusedRunBlocks = runs;
        var contagion = fused.Simulation.SystemsOf(TickStage.Social).Single(s => s.Name == "social.contagion");
        var express = fused.Simulation.FusableAfter(contagion);
        Assert.Equal("affect.express", express?.Name);
        Assert.Same(fused.Behaviour().Pass, fused.Simulation.FusableAfter(express!));
        long actions = 0;
        for (var t = 0; t < 100; t++)
        {
            fused.Step();
            alone.Step();
            Assert.True(fused.Simulation.IsFused(fused.Behaviour().Pass!));
            Assert.False(alone.Simulation.IsFused(alone.Behaviour().Pass!));
            Assert.True(alone.Simulation.ComputeHash() == fused.Simulation.ComputeHash(), $"fused and unfused passes differ first at tick {t}");
            Assert.Equal(alone.World.Events.Events.ToArray(), fused.World.Events.Events.ToArray());
            actions += fused.Behaviour().Happenings.Length;
        }

        Assert.True(actions > 100, $"{actions} happenings");
    }
}
