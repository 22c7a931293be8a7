using System;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Benchmarks.Workloads;

/// <summary>
/// The bare per-agent pass: N agents with random personalities and emotions, only emotion decay and
/// ALMA mood update attached, no hashing. Shared by BenchmarkDotNet and <c>affect bench</c>.
/// </summary>
internal sealed class AffectPassWorkload : IDisposable
{
    /// <summary>
    /// Memory traffic of one agent-tick of the pass: 24 intensities and 3 mood axes read and written,
    /// 3 default-mood axes and 2 decay rates read, 4 bytes each: (24 + 3) × 8 + 5 × 4 = 236 bytes.
    /// </summary>
    public const int BytesPerAgentTick = ((Emotions.Count + 3) * 8) + (5 * 4);

    public AffectPassWorkload(int agents, int threads, ulong seed = 1)
    {
        var services = new ServiceCollection();
        services.AddAffectEngine(o =>
        {
            o.Seed = seed;
            o.Threads = threads;
            o.InitialCapacity = agents;
            o.HashEveryTick = false;
            // Exponential decay keeps emotions alive for the whole run, so every tick does full work.
            o.Affect.SetDecayAll(new DecaySetting(DecayKind.Exponential, 3600));
        });
        using var provider = services.BuildServiceProvider();
        Runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        var world = Runner.World;
        var affect = Runner.Affect;
        var e0 = affect.Fields.Emotion;
        for (var i = 0; i < agents; i++)
        {
            var id = world.AddAgent();
            var rng = new RandomStream(seed, 99, 0, i);
            affect.SetPersonality(id, new Ocean(
                (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1,
                (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1));
            for (var e = 0; e < Emotions.Count; e++)
            {
                world.Value(id, e0, e) = rng.NextSingle() < 0.25f ? rng.NextSingle() : 0f;
            }
        }
    }

    public SimulationRunner Runner { get; }

    public int Agents => Runner.World.AgentCount;

    public void Tick() => Runner.Simulation.Step();

    public void Dispose() => Runner.Dispose();
}
