using AffectEngine.Benchmarks.Workloads;
using BenchmarkDotNet.Attributes;

namespace AffectEngine.Benchmarks;

/// <summary>The bare per-agent pass (emotion decay + ALMA mood update) at 10^5, 10^6, 10^7 agents.</summary>
[MemoryDiagnoser]
public class TickBenchmarks
{
    private AffectPassWorkload _workload = null!;
    private float[] _stream = null!;

    [Params(100_000, 1_000_000, 10_000_000)]
    public int Agents { get; set; }

    [Params(1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = new AffectPassWorkload(Agents, Threads);
        _stream = Bandwidth.CreateBuffer((long)Agents * AffectPassWorkload.BytesPerAgentTick, Threads);
    }

    [GlobalCleanup]
    public void Cleanup() => _workload.Dispose();

    [Benchmark(Description = "per-agent pass (decay + mood), one tick")]
    public void PerAgentPass() => _workload.Tick();

    /// <summary>The bound: the ratio of this time to the pass's time is the fraction of the bandwidth bound reached.</summary>
    [Benchmark(Description = "bandwidth bound: in-place stream of the same traffic")]
    public void BandwidthBound() => Bandwidth.Sweep(_stream, Threads);
}
