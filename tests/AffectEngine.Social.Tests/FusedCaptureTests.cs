using System.Linq;
using AffectEngine.Hosting;

namespace AffectEngine.Social.Tests;

/// <summary>
/// The contagion capture runs inside the affect dynamics pass (IFusablePass), across the encounters, which are
/// transparent to it: they re-take the record of every agent a recall changed. Every tick's hash must be that of
/// the capture running alone at its place after the encounters (a hash after every stage turns the fusion off,
/// so that run is the reference), with agents moving within and across cells and recalls on encounter.
/// </summary>
public sealed class FusedCaptureTests
{
    private static ISystem Dynamics(SimulationRunner runner) =>
        runner.Simulation.SystemsOf(TickStage.Affect).Single(s => s.Name == "affect.dynamics");

    private static ISystem Capture(SimulationRunner runner) =>
        runner.Simulation.SystemsOf(TickStage.Social).Single(s => s.Name == "social.contagion.capture");

    /// <summary>The same moves and encounters for both runs: one agent in 5 steps (in its cell or out of it), one in 9 meets the neighbour whose episodes it holds.</summary>
    internal static void Perturb(SimulationRunner runner, int t)
    {
        var w = runner.World;
        var n = w.SlotCount;
        for (var s = t % 5; s < n; s += 5)
        {
            var id = w.AgentAt(s);
            w.Value(id, runner.Position, 0) += (t % 3 == 0) ? 0.9f : 0.05f;
            w.Value(id, runner.Position, 1) -= (t % 4 == 0) ? 0.7f : 0.02f;
        }

        // Past the sequences of the world's own elicits.
        long sequence = 1_000_000;
        for (var s = t % 9; s < n; s += 9)
        {
            runner.Enqueue(new EncounterInput(runner.Tick, AffectEngine.InputSources.Host, sequence++, w.AgentAt(s), w.AgentAt((s + 1) % n)));
        }
    }

    // runs: WorldOptions.FusedRunBlocks (0 = half the L2: one run per partition here; 32 = several).
    [Theory]
    [InlineData(NeighbourKind.Spatial, 1, 32)]
    [InlineData(NeighbourKind.Spatial, 3, 0)]
    [InlineData(NeighbourKind.Spatial, 1, 3)]
    [InlineData(NeighbourKind.Network, 1, 0)]
    [InlineData(NeighbourKind.Network, 3, 32)]
    [InlineData(NeighbourKind.Both, 3, 5)]
    public void Capture_fused_into_the_dynamics_pass_gives_every_hash_of_the_unfused_capture(NeighbourKind kind, int threads, int runs)
    {
        using var fused = Worlds.Mixed(threads, side: 21, kind: kind);
        fused.World.Options.FusedRunBlocks = runs;
        using var alone = Worlds.Mixed(threads, side: 21, kind: kind, stageHashes: true);
        var capture = Capture(fused);
        Assert.Same(capture, fused.Simulation.FusableAfter(Dynamics(fused)));
        Assert.Null(alone.Simulation.FusableAfter(Dynamics(alone)));
        var first = 0UL;
        for (var t = 0; t < 80; t++)
        {
            Perturb(fused, t);
            Perturb(alone, t);
            fused.Step();
            alone.Step();
            Assert.True(fused.Simulation.IsFused(capture));
            Assert.False(alone.Simulation.IsFused(Capture(alone)));
            var h = fused.Simulation.ComputeHash();
            Assert.True(alone.Simulation.ComputeHash() == h, $"fused and unfused capture differ first at tick {t}");
            first = t == 0 ? h : first;
        }

        Assert.Equal(alone.Simulation.SaveSnapshot(), fused.Simulation.SaveSnapshot());
        Assert.NotEqual(first, fused.Simulation.ComputeHash());
    }

    [Fact]
    public void Without_contagion_the_encounters_keep_the_expression_pass_out_of_the_dynamics_pass()
    {
        // A recall writes emotions, which the expression pass reads: the encounters are transparent only to the capture.
        using var runner = Worlds.Create(s => s.Contagion.Neighbours = NeighbourKind.None);
        Assert.DoesNotContain(runner.Simulation.SystemsOf(TickStage.Social), s => s.Name == "social.contagion.capture");
        Assert.Null(runner.Simulation.FusableAfter(Dynamics(runner)));
    }
}
