using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Benchmarks.Workloads;
using AffectEngine.Core;
using AffectEngine.Hosting;
using AffectEngine.Social;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Benchmarks;

/// <summary>
/// Issue 5's target: a whole tick with contagion + memory + relations at 10^6 agents and 8 neighbours
/// each, against the bare per-agent pass at the same size, in the same run. Social cost =
/// (SocialTick − BarePass); the target is social cost ≤ 4 × BarePass, 0 B allocated.
/// Memory and relation capacities are 16 and 8 here (100 and 50 would need 6.4 GB at 10^6 agents);
/// their per-agent footprint is reported by SocialModule.ColdBytesPerAgent.
/// </summary>
[MemoryDiagnoser]
public class SocialBenchmarks
{
    private AffectPassWorkload _bare = null!;
    private SimulationRunner _social = null!;

    [Params(1_000_000)]
    public int Agents { get; set; }

    [Params(1)]
    public int Threads { get; set; }

    /// <summary>Network: 8 incoming edges per agent in a Watts–Strogatz small world (p = 0.1). Spatial: a square grid, spacing 1, radius 1.5 (8 neighbours).</summary>
    [Params(NeighbourKind.Network, NeighbourKind.Spatial)]
    public NeighbourKind Neighbours { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _bare = new AffectPassWorkload(Agents, Threads);
        _social = SocialWorkload.Create(Agents, Threads, Neighbours);

        // One rotation of the event load (1% of agents per tick): afterwards every memory and relation row
        // has been touched once, so the timed ticks do not pay first-touch page faults (a start-up cost).
        _social.Simulation.Run(105);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _social.Dispose();
    }

    [Benchmark(Baseline = true, Description = "bare per-agent pass (decay + mood), one tick")]
    public void BarePass() => _bare.Tick();

    [Benchmark(Description = "affect + contagion + memory + relations, one tick")]
    public void SocialTick() => _social.Simulation.Step();
}

/// <summary>The social workload, shared with quick measurements: same agents as the bare pass plus the social layer.</summary>
internal static class SocialWorkload
{
    /// <summary>Use a uniformly random graph instead of a small world (the cache-miss worst case).</summary>
    public static bool RandomNetwork { get; set; }

    /// <summary>Use the plain ring lattice (p = 0): every sender is a near slot (the cache-friendly best case).</summary>
    public static bool RingOnly { get; set; }

    /// <summary>Every agent steps a little each tick (the spatial lists are rebuilt every tick).</summary>
    public static bool Moving { get; set; }

    /// <summary>Contagious emotions (default: fear alone).</summary>
    public static EmotionType[] Channels { get; set; } = [EmotionType.Fear];

    public static SimulationRunner Create(int agents, int threads, NeighbourKind neighbours, ulong seed = 1)
    {
        var services = new ServiceCollection();
        services.AddAffectEngine(o =>
        {
            o.World.Seed = seed;
            o.World.Threads = threads;
            o.World.InitialCapacity = agents;
            o.World.HashEveryTick = false;
            o.Affect.SetDecayAll(new DecaySetting(DecayKind.Exponential, 3600));
            o.Affect.ActionUnits = Workloads.ActionUnitMode.Output;
        }).AddSocial(s =>
        {
            s.Contagion.Neighbours = neighbours;
            s.Contagion.Channels.Clear();
            foreach (var c in Channels)
            {
                s.Contagion.Channels.Add(c);
            }

            s.Contagion.Radius = 1.5f;
            s.Memory.Capacity = 16;
            s.Relations.Capacity = 8;
        }).AddSystem(w => new EventLoad(w)).AddSystem(w => new Walk(w, Moving));
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        BindLoad(runner);
        var world = runner.World;
        var affect = runner.Affect;
        var social = runner.Social();
        var e0 = affect.Fields.Emotion;
        var side = (int)Math.Ceiling(Math.Sqrt(agents));
        var ids = new AgentId[agents];
        for (var i = 0; i < agents; i++)
        {
            var id = world.AddAgent();
            ids[i] = id;
            var rng = new RandomStream(seed, 99, 0, i);
            affect.SetPersonality(id, new Ocean(
                (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1,
                (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1));
            for (var e = 0; e < Emotions.Count; e++)
            {
                world.Value(id, e0, e) = rng.NextSingle() < 0.25f ? rng.NextSingle() : 0f;
            }

            world.Value(id, runner.Position, 0) = i % side;
            world.Value(id, runner.Position, 1) = i / side;
            social.SetContagionTraits(id, ContagionTraits.FromPersonality(affect.Personality(id)));
        }

        if ((neighbours & NeighbourKind.Network) != 0)
        {
            // A small world (Watts & Strogatz 1998): a ring lattice where each agent hears its 8 nearest
            // (4 each side), each edge rewired to a random sender with probability p = 0.1 (RandomNetwork: p = 1).
            var p = RandomNetwork ? 1f : RingOnly ? 0f : 0.1f;
            var edges = new List<ContagionEdge>(agents * 8);
            for (var i = 0; i < agents; i++)
            {
                var rng = new RandomStream(seed, 98, 0, i);
                for (var k = -4; k <= 4; k++)
                {
                    if (k == 0)
                    {
                        continue;
                    }

                    var j = rng.NextSingle() < p ? rng.NextInt(agents) : (i + k + agents) % agents;
                    edges.Add(new ContagionEdge(ids[j], ids[i], 1f));
                }
            }

            social.SetNetwork(edges);
        }

        return runner;
    }

    /// <summary>The appraisal side's calls: each tick 1% of agents store an episode caused by another agent (updating a relation) and 1% recall by cue.</summary>
    private sealed class EventLoad : IWorldSystem
    {
        private readonly World _world;
        private readonly FeltEmotion[] _impulses = [new(EmotionType.Anger, 0.5f), new(EmotionType.Gratitude, 0.3f)];
        private SocialModule? _social;

        public EventLoad(World world) => _world = world;

        public string Name => "bench.events";

        public TickStage Stage => TickStage.Appraise;

        public void Bind(SocialModule social) => _social = social;

        public void Execute(in TickContext context)
        {
            var social = _social;
            if (social is null)
            {
                return;
            }

            var n = _world.SlotCount;
            var offset = (int)(context.Tick % 100);
            for (var s = offset; s < n; s += 100)
            {
                var other = _world.AgentAt((s + 1 + offset) % n);
                social.RecordEpisode(_world.AgentAt(s), offset, other, _world.AgentAt(s), _impulses);
            }

            for (var s = (offset + 50) % 100; s < n; s += 100)
            {
                social.Recall(_world.AgentAt(s), new MemoryCue(_world.AgentAt((s + 1) % n)));
            }
        }
    }

    /// <summary>With <see cref="Moving"/>: every agent steps 0.01 along x, back and forth, each tick (a crowd in motion).</summary>
    private sealed class Walk : IWorldSystem
    {
        private readonly World _world;
        private readonly bool _on;

        public Walk(World world, bool on)
        {
            _world = world;
            _on = on;
        }

        public string Name => "bench.walk";

        public TickStage Stage => TickStage.Inputs;

        public void Execute(in TickContext context)
        {
            if (!_on || !_world.TryGetField("position", out var position))
            {
                return;
            }

            // Through the blocks, as an engine movement pass would write positions: a handle lookup per
            // agent (World.Value) cost more than the contagion passes once moves became incremental. A block's
            // eight x values at once, with the line 8 blocks ahead hinted (one line per 2 KiB block is a stride the
            // hardware prefetcher does not follow): 2.8 ms per tick lane by lane at 10^6 agents (benchmarks/README.md, "runs").
            var step = context.Tick % 2 == 0 ? 0.01f : -0.01f;
            var slots = _world.SlotCount;
            var full = slots / AgentBlocks.LanesPerBlock;
            var blocks = _world.Blocks(0, (slots + AgentBlocks.LanesPerBlock - 1) / AgentBlocks.LanesPerBlock);
            var stride = _world.BlockStride;
            var x = position.ComponentOffset(0);
            unsafe
            {
                fixed (float* first = blocks)
                {
                    var add = System.Runtime.Intrinsics.Vector256.Create(step);
                    for (var b = 0; b < full; b++)
                    {
                        var row = first + ((long)b * stride) + x;
                        if (b + 32 < full && System.Runtime.Intrinsics.X86.Sse.IsSupported)
                        {
                            System.Runtime.Intrinsics.X86.Sse.Prefetch0(row + (32L * stride));
                        }

                        System.Runtime.Intrinsics.Vector256.Store(System.Runtime.Intrinsics.Vector256.Load(row) + add, row);
                    }
                }
            }

            // The last, partly used block lane by lane: slots past the count are not agents.
            for (var s = full * AgentBlocks.LanesPerBlock; s < slots; s++)
            {
                blocks[((s / AgentBlocks.LanesPerBlock) * stride) + x + (s % AgentBlocks.LanesPerBlock)] += step;
            }
        }
    }

    /// <summary>Binds the event load to the runner's social module (systems are created before modules can be looked up).</summary>
    public static void BindLoad(SimulationRunner runner)
    {
        foreach (var system in runner.Simulation.SystemsOf(TickStage.Appraise))
        {
            if (system is EventLoad load)
            {
                load.Bind(runner.Social());
            }
        }
    }
}
