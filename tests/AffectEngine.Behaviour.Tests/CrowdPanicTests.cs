using System;
using AffectEngine.Affect;
using AffectEngine.Core.Tests;
using AffectEngine.Hosting;

namespace AffectEngine.Behaviour.Tests;

/// <summary>sims/crowd-contagion/panic.json: fear spreads by contagion and the frightened flee the centre.</summary>
public sealed class CrowdPanicTests
{
    private static SimulationRunner Panic(int threads = 1) => Sims.Create(Sims.Load("sims", "crowd-contagion", "panic.json"), threads);

    private static double MeanDistanceFrom(SimulationRunner runner, AgentId source, float sx, float sy)
    {
        double sum = 0;
        var n = 0;
        foreach (var id in runner.World.Agents)
        {
            if (id == source)
            {
                continue;
            }

            var (x, y) = BrawlTests.Position(runner, id);
            sum += Math.Sqrt(((x - sx) * (x - sx)) + ((y - sy) * (y - sy)));
            n++;
        }

        return sum / n;
    }

    [Fact]
    public void Fear_spreads_and_the_mean_distance_from_the_source_grows()
    {
        using var runner = Panic();
        runner.TryGetAgent("p15_15", out var source);
        var (sx, sy) = BrawlTests.Position(runner, source);
        var start = MeanDistanceFrom(runner, source, sx, sy);
        var maxFleeing = 0;
        for (var t = 0; t < 200; t++)
        {
            runner.Step();
            var fleeing = 0;
            foreach (var id in runner.World.Agents)
            {
                fleeing += runner.Behaviour().ChosenAction(id) == 0 ? 1 : 0;
            }

            maxFleeing = Math.Max(maxFleeing, fleeing);
        }

        var end = MeanDistanceFrom(runner, source, sx, sy);
        Assert.True(end > start + 1.0, $"mean distance from the source {start:0.00} -> {end:0.00}");
        Assert.True(maxFleeing > 100, $"at most {maxFleeing} people fled at once");
        var afraid = 0;
        foreach (var id in runner.World.Agents)
        {
            afraid += runner.Affect.Intensity(id, EmotionType.Fear) > 0.05f ? 1 : 0;
        }

        Assert.True(afraid > 100, $"{afraid} still afraid");
    }

    [Fact]
    public void Without_behaviours_nobody_moves()
    {
        using var runner = Sims.Create(Sims.Load("sims", "crowd-contagion", "crowd.json"));
        runner.TryGetAgent("p15_15", out var source);
        var (sx, sy) = BrawlTests.Position(runner, source);
        var start = MeanDistanceFrom(runner, source, sx, sy);
        runner.Run(100);
        Assert.Equal(start, MeanDistanceFrom(runner, source, sx, sy));
    }

    [Fact]
    public void Same_hashes_at_one_and_two_threads()
    {
        using var one = Panic(1);
        using var two = Panic(2);
        for (var t = 0; t < 80; t++)
        {
            one.Step();
            two.Step();
            Assert.Equal(one.Simulation.ComputeHash(), two.Simulation.ComputeHash());
        }
    }

    [Fact]
    public void The_vector_pass_gives_the_scalar_pass_bits()
    {
        // Tendencies summed per tendency, octant weights by permute and rule thresholds as vectors must change no bit.
        using var vector = Panic(1);
        using var scalar = Panic(1);
        scalar.Behaviour().Pass!.ScalarOnly = true;
        var acted = 0;
        for (var t = 0; t < 80; t++)
        {
            vector.Step();
            scalar.Step();
            acted += vector.Behaviour().Happenings.Length;
            Assert.Equal(scalar.Simulation.ComputeHash(), vector.Simulation.ComputeHash());
        }

        Assert.True(acted > 0, "nobody acted, so the comparison covers no choice");
    }

    [Fact]
    public void A_fleeing_crowd_allocates_nothing_per_tick()
    {
        using var runner = Panic(2);
        runner.Run(60);
        Assert.Equal(0, Allocation.SteadyStateBytes(runner.Simulation, () => runner.Run(5)));
    }
}
