using System.Collections.Generic;
using AffectEngine.Core.Tests;
using AffectEngine.Hosting;

namespace AffectEngine.Social.Tests;

public sealed class DeterminismTests
{
    [Fact]
    public void One_and_two_threads_give_the_same_hash_every_tick()
    {
        using var one = Worlds.Mixed(threads: 1);
        using var two = Worlds.Mixed(threads: 2);
        for (var t = 0; t < 60; t++)
        {
            one.Step();
            two.Step();
            Assert.True(one.LastHash == two.LastHash, $"hashes differ first at tick {t}");
        }
    }

    [Fact]
    public void Memory_and_relations_are_in_the_hash()
    {
        using var a = Worlds.Mixed(threads: 1, side: 6);
        using var b = Worlds.Mixed(threads: 1, side: 6);
        a.Simulation.ComputeHash();
        b.Simulation.ComputeHash();
        Assert.Equal(a.LastHash, b.LastHash);
        var x = a.World.AgentAt(0);
        var y = a.World.AgentAt(1);
        a.Social().Relations.Set(x, y, 0.3f, 0.1f);
        Assert.NotEqual(a.Simulation.ComputeHash(), b.Simulation.ComputeHash());
        b.Social().Relations.Set(x, y, 0.3f, 0.1f);
        Assert.Equal(a.Simulation.ComputeHash(), b.Simulation.ComputeHash());
        a.Social().Memory.Store(x, 0, 1, y, x, [new FeltEmotion(AffectEngine.Affect.EmotionType.Fear, 0.5f)]);
        Assert.NotEqual(a.Simulation.ComputeHash(), b.Simulation.ComputeHash());
    }

    [Fact]
    public void Snapshot_round_trip_continues_with_the_same_hashes()
    {
        using var original = Worlds.Mixed(threads: 1, side: 10);
        original.Run(25);
        var snapshot = original.Simulation.SaveSnapshot();
        var expected = new List<ulong>();
        for (var t = 0; t < 25; t++)
        {
            original.Step();
            expected.Add(original.LastHash);
        }

        using var restored = Worlds.Mixed(threads: 2, side: 10);
        restored.Run(3);
        restored.Simulation.LoadSnapshot(snapshot);
        for (var t = 0; t < 25; t++)
        {
            restored.Step();
            Assert.True(expected[t] == restored.LastHash, $"restored run differs at tick {t}");
        }
    }

    [Fact]
    public void No_allocation_per_tick_after_warm_up_on_one_thread()
    {
        using var runner = Worlds.Mixed(threads: 1, side: 24);
        runner.Run(20);
        var bytes = Allocation.SteadyStateBytes(runner.Simulation, () => runner.Run(10));
        Assert.Equal(0, bytes);
    }
}

[CollectionDefinition("process-wide allocation", DisableParallelization = true)]
public sealed class ProcessWideAllocation
{
}

[Collection("process-wide allocation")]
public sealed class ParallelAllocationTests
{
    [Fact]
    public void No_allocation_per_tick_after_warm_up_on_two_threads()
    {
        using var runner = Worlds.Mixed(threads: 2, side: 24);
        // A long warm-up: on a loaded machine tier-1 compilation of the worker loops lags behind.
        runner.Run(300);
        var bytes = Allocation.SteadyStateBytes(runner.Simulation, () => runner.Run(10));
        Assert.Equal(0, bytes);
    }
}

public sealed class FootprintTests
{
    /// <summary>The figure the issue asks for: cold bytes per agent with 100 episodes and 50 relations (plus 16 hot bytes of traits).</summary>
    [Fact]
    public void Cold_state_per_agent_for_100_episodes_and_50_relations_is_6816_bytes()
    {
        using var runner = Worlds.Create(s =>
        {
            s.Memory.Capacity = 100;
            s.Relations.Capacity = 50;
        });
        Assert.Equal(6008, runner.Social().Memory.BytesPerAgent);
        Assert.Equal(808, runner.Social().Relations.BytesPerAgent);
        Assert.Equal(6816, runner.Social().ColdBytesPerAgent);
    }
}
