using System;
using System.Collections.Generic;

namespace AffectEngine.Core.Tests;

public sealed class SimulationTests
{
    [Fact]
    public void Stages_run_in_the_documented_order_and_publish_sees_the_sealed_tick()
    {
        var (world, sim, _) = TestWorlds.Create();
        using var _s = sim;
        var log = new List<string>();
        foreach (TickStage stage in new[] { TickStage.Publish, TickStage.Express, TickStage.Inputs, TickStage.Social, TickStage.Affect, TickStage.Perceive, TickStage.Appraise })
        {
            sim.Attach(new StageRecorder(stage, log));
        }

        sim.Step();
        Assert.Equal(["0:Inputs", "0:Perceive", "0:Appraise", "0:Affect", "0:Social", "0:Express", "0:Publish"], log);
        Assert.Equal(1, world.Tick);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Partitioned_systems_visit_every_block_exactly_once(int threads)
    {
        var (world, sim, _) = TestWorlds.Create(threads);
        using var _s = sim;
        for (var i = 0; i < 8 * 37 + 5; i++)
        {
            world.AddAgent();
        }

        var noise = new NoiseSystem(world) { BlockVisits = new int[world.BlockCount] };
        sim.Attach(noise);
        sim.Step();
        Assert.Equal(38, world.BlockCount);
        Assert.All(noise.BlockVisits, v => Assert.Equal(1, v));
    }

    [Fact]
    public void Partition_ranges_are_contiguous_and_cover_all_blocks()
    {
        for (var blocks = 0; blocks < 50; blocks++)
        {
            for (var parts = 1; parts <= 8; parts++)
            {
                var next = 0;
                for (var p = 0; p < parts; p++)
                {
                    WorkerPool.Range(blocks, parts, p, out var first, out var end);
                    Assert.Equal(next, first);
                    Assert.True(end >= first);
                    next = end;
                }

                Assert.Equal(blocks, next);
            }
        }
    }

    [Fact]
    public void Hash_changes_with_state_and_is_stable_without_change()
    {
        var (world, sim, value) = TestWorlds.Create();
        using var _s = sim;
        var a = world.AddAgent();
        var h1 = sim.ComputeHash();
        Assert.Equal(h1, sim.ComputeHash());
        world.Value(a, value) = 1e-30f;
        Assert.NotEqual(h1, sim.ComputeHash());
    }

    [Fact]
    public void A_snapshot_restores_the_exact_state_and_the_run_continues_identically()
    {
        var (world, sim, value) = TestWorlds.Create(threads: 2);
        using var _s = sim;
        sim.Attach(new NoiseSystem(world));
        for (var i = 0; i < 50; i++)
        {
            world.AddAgent();
        }

        world.RemoveAgent(world.AgentAt(10));
        sim.Run(20);
        var snapshot = sim.SaveSnapshot();
        var hashAt20 = sim.LastHash;
        var expected = new List<ulong>();
        for (var i = 0; i < 10; i++)
        {
            sim.Step();
            expected.Add(sim.LastHash);
        }

        var (world2, sim2, _) = TestWorlds.Create(threads: 1);
        using var _s2 = sim2;
        sim2.Attach(new NoiseSystem(world2));
        sim2.LoadSnapshot(snapshot);
        Assert.Equal(hashAt20, sim2.LastHash);
        Assert.Equal(20, world2.Tick);
        Assert.Equal(49, world2.AgentCount);
        var actual = new List<ulong>();
        for (var i = 0; i < 10; i++)
        {
            sim2.Step();
            actual.Add(sim2.LastHash);
        }

        Assert.Equal(expected, actual);
        Assert.Equal(10, world2.AddAgent().Slot);
        _ = value;
    }

    [Fact]
    public void A_damaged_snapshot_is_a_format_error_not_a_crash()
    {
        var (world, sim, _) = TestWorlds.Create();
        using var _s = sim;
        world.AddAgent();
        var snapshot = sim.SaveSnapshot();
        Assert.Throws<FormatException>(() => sim.LoadSnapshot(snapshot.AsMemory(0, snapshot.Length / 2)));
        var other = TestWorlds.Create();
        using var _o = other.Simulation;
        snapshot[0] = 99;
        Assert.Throws<FormatException>(() => other.Simulation.LoadSnapshot(snapshot));
    }

    [Fact]
    public void Per_stage_hashes_are_recorded_when_asked()
    {
        var (world, sim, _) = TestWorlds.Create(hashEachStage: true);
        using var _s = sim;
        sim.Attach(new NoiseSystem(world));
        world.AddAgent();
        sim.Step();
        var stages = sim.LastStageHashes;
        Assert.Equal(7, stages.Length);
        Assert.NotEqual(stages[(int)TickStage.Appraise], stages[(int)TickStage.Affect]);
        Assert.Equal(stages[(int)TickStage.Affect], stages[(int)TickStage.Social]);
        Assert.Equal(sim.LastHash, stages[(int)TickStage.Publish]);
    }
}

/// <summary>Allocation is measured process-wide (worker threads included), so nothing else may run meanwhile.</summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationCollection
{
}

[Collection(nameof(AllocationTests))]
public sealed class AllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_tick_allocates_nothing_after_warm_up(int threads)
    {
        var (world, sim, value) = TestWorlds.Create(threads);
        using var _s = sim;
        sim.Attach(new AddInputSystem(world, value));
        sim.Attach(new NoiseSystem(world));
        for (var i = 0; i < 1000; i++)
        {
            world.AddAgent();
        }

        var allocated = Allocation.SteadyStateBytes(sim, () => sim.Run(100));
        Assert.True(allocated == 0, $"{allocated} bytes allocated in 100 ticks after warm-up");
    }
}
