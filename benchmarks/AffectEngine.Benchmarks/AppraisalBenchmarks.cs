using AffectEngine.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AffectEngine.Benchmarks;

/// <summary>
/// Issue 21: the Appraise stage under the peer load (<see cref="AppraisalPeerLoad"/>: 1,000 agents,
/// 1,000 events per tick). <c>AppraiseStage</c> runs the stage alone over a tick's batch of 1,000
/// events (target mean ≤ 0.2 ms, 0 B); <c>TickWithEvents</c> is a whole tick including creating and
/// scheduling the 1,000 events (its allocation ÷ 1,000 is the bytes per event).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class AppraisalBenchmarks
{
    private AppraisalPeerLoad _load = null!;
    private IWorldSystem _appraise = null!;

    [GlobalSetup]
    public void Setup()
    {
        _load = new AppraisalPeerLoad();

        // Warm: belief lists and buffers reach their steady size, the event pool fills.
        for (var i = 0; i < 300; i++)
        {
            _load.Tick();
        }

        _appraise = _load.AppraiseSystem;
    }

    [GlobalCleanup]
    public void Cleanup() => _load.Dispose();

    /// <summary>The Appraise stage over the last tick's 1,000 events (run again: same work, steady state).</summary>
    [Benchmark(Baseline = true, Description = "Appraise stage, 1,000 events")]
    public void AppraiseStage()
    {
        var world = _load.Runner.World;
        _appraise.Execute(new TickContext(world.Tick - 1, world.Options.StepSeconds, world.Seed, TickStage.Appraise, 0));
    }

    /// <summary>A whole tick of 1,000 agents with its 1,000 events created and scheduled.</summary>
    [Benchmark(Description = "tick incl. creating 1,000 events")]
    public void TickWithEvents() => _load.Tick();
}
