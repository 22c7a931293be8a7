using System;
using AffectEngine.Affect;
using AffectEngine.Core;

namespace AffectEngine.Benchmarks.Workloads;

/// <summary>
/// The bare per-agent pass: N agents with random personalities and emotions and only the affect
/// dynamics system (emotion decay + ALMA mood) attached; no inputs, appraisal, expression or hashing.
/// It is the reference the other targets are stated against. Shared by BenchmarkDotNet and <c>affect bench</c>.
/// </summary>
internal sealed class AffectPassWorkload : IDisposable
{
    /// <summary>
    /// Memory traffic of one agent-tick of the pass: 24 intensities and 3 mood axes read and written,
    /// 3 default-mood axes and 2 decay rates read, 4 bytes each: (24 + 3) × 8 + 5 × 4 = 236 bytes.
    /// </summary>
    public const int BytesPerAgentTick = ((Emotions.Count + 3) * 8) + (5 * 4);

    /// <summary>Vectors (one field of 8 agents each) the pass reads at the start of each block: emotions, mood, default mood, decay rates.</summary>
    public const int HotVectors = Emotions.Count + 3 + 3 + 2;

    /// <summary>Of those, the ones it writes: emotions and mood.</summary>
    public const int WrittenVectors = Emotions.Count + 3;

    /// <summary>Blocks ahead the pass prefetches (the affect pass's constant).</summary>
    public const int PrefetchDistance = 4;

    private readonly Simulation _simulation;

    public AffectPassWorkload(int agents, int threads, ulong seed = 1)
    {
        // Exponential decay keeps emotions alive for the whole run, so every tick does full work.
        var settings = new AffectSettings().SetDecayAll(new DecaySetting(DecayKind.Exponential, 3600));
        var schema = AgentSchema.CreateBuilder();
        var fields = new AffectFields(schema);
        World = new World(schema.Build(), new WorldOptions { Seed = seed, Threads = threads, InitialCapacity = agents, HashEveryTick = false });
        _simulation = new Simulation(World);
        _simulation.Attach(new AffectDynamicsSystem(World, fields, settings));
        for (var i = 0; i < agents; i++)
        {
            var id = World.AddAgent();
            var rng = new RandomStream(seed, 99, 0, i);
            var traits = new Ocean(
                (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1,
                (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1);
            var mood = Mehrabian1996.DefaultMood(traits);
            World.Value(id, fields.DefaultMood, 0) = World.Value(id, fields.Mood, 0) = mood.P;
            World.Value(id, fields.DefaultMood, 1) = World.Value(id, fields.Mood, 1) = mood.A;
            World.Value(id, fields.DefaultMood, 2) = World.Value(id, fields.Mood, 2) = mood.D;
            World.Value(id, fields.DecayRate, 1) = -settings.NeuroticismDecaySlowing * traits.N;
            for (var e = 0; e < Emotions.Count; e++)
            {
                World.Value(id, fields.Emotion, e) = rng.NextSingle() < 0.25f ? rng.NextSingle() : 0f;
            }
        }
    }

    public World World { get; }

    public int Agents => World.AgentCount;

    public void Tick() => _simulation.Step();

    public void Dispose() => _simulation.Dispose();
}
