using System;
using System.Linq;
using AffectEngine.Affect;

namespace AffectEngine.Determinism.Tests;

public sealed class DeterminismTests
{
    private const int Ticks = 200;

    [Fact]
    public void Same_seed_twice_gives_the_same_hash_after_every_tick()
    {
        using var a = Runs.Create(seed: 42, threads: 1);
        using var b = Runs.Create(seed: 42, threads: 1);
        var ha = Runs.Hashes(a, Ticks);
        var hb = Runs.Hashes(b, Ticks);
        Assert.Equal(-1, Runs.FirstDifference(ha, hb));
        Assert.True(new System.Collections.Generic.HashSet<ulong>(ha).Count > Ticks / 2, "the state should evolve tick to tick");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Thread_count_does_not_change_any_tick_hash(int threads)
    {
        using var one = Runs.Create(seed: 7, threads: 1);
        using var many = Runs.Create(seed: 7, threads: threads);
        var first = Runs.FirstDifference(Runs.Hashes(one, Ticks), Runs.Hashes(many, Ticks));
        Assert.True(first == -1, $"1 vs {threads} threads first differ at tick {first}");
    }

    [Fact]
    public void A_different_seed_gives_a_different_trajectory()
    {
        using var a = Runs.Create(seed: 1, threads: 1);
        using var b = Runs.Create(seed: 2, threads: 1);
        var ha = Runs.Hashes(a, Ticks);
        var hb = Runs.Hashes(b, Ticks);
        Assert.NotEqual(-1, Runs.FirstDifference(ha, hb));
        Assert.NotEqual(ha[^1], hb[^1]);
    }

    [Fact]
    public void Per_stage_hashes_name_the_stage_where_two_runs_diverge()
    {
        using var a = Runs.Create(seed: 5, threads: 1, hashEachStage: true);
        using var b = Runs.Create(seed: 5, threads: 2, hashEachStage: true);
        a.Run(10);
        b.Run(10);
        Assert.True(a.Simulation.LastStageHashes.SequenceEqual(b.Simulation.LastStageHashes));

        // Perturb one agent's emotion in b only, between ticks: the Inputs stage of the next tick differs first.
        b.World.Value(b.World.AgentAt(3), b.Affect.Fields.Emotion, (int)EmotionType.Fear) += 0.25f;
        a.Step();
        b.Step();
        var stageA = a.Simulation.LastStageHashes;
        var stageB = b.Simulation.LastStageHashes;
        var firstStage = -1;
        for (var s = 0; s < stageA.Length && firstStage < 0; s++)
        {
            if (stageA[s] != stageB[s])
            {
                firstStage = s;
            }
        }

        Assert.Equal((int)TickStage.Inputs, firstStage);
    }

    [Fact]
    public void Snapshot_then_restore_in_a_fresh_runner_continues_with_identical_hashes()
    {
        using var a = Runs.Create(seed: 11, threads: 2);
        a.Run(50);
        var snapshot = a.Simulation.SaveSnapshot();
        var expected = Runs.Hashes(a, 50);

        using var b = Runs.Create(seed: 11, threads: 1, agents: 300);
        b.Simulation.LoadSnapshot(snapshot);
        Assert.Equal(50, b.Tick);
        Assert.Equal(-1, Runs.FirstDifference(expected, Runs.Hashes(b, 50)));
    }
}

[CollectionDefinition(nameof(EngineAllocation), DisableParallelization = true)]
public sealed class EngineAllocationCollection
{
}

[Collection(nameof(EngineAllocation))]
public sealed class EngineAllocation
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_full_tick_with_the_affect_model_allocates_nothing_after_warm_up(int threads)
    {
        using var runner = Runs.Create(seed: 3, threads: threads, agents: 2000);
        var bytes = AffectEngine.Core.Tests.Allocation.SteadyStateBytes(runner.Simulation, () => runner.Run(50));
        Assert.True(bytes == 0, $"{bytes} bytes allocated in 50 ticks after warm-up");
    }
}
