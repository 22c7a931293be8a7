using System;
using System.Collections.Generic;
using AffectEngine.Core;

namespace AffectEngine.Visualizer;

/// <summary>
/// A built-in deterministic crowd for trying the visualizer without a scenario (and for the
/// 10,000-agent benchmark): moods wander and are pulled toward a slow shared wave, agents walk a
/// little, and emotions and action units are derived from the mood so every face moves. It uses
/// only the public Core API and counter-based random streams, so its hash is a pure function of
/// (agents, seed, ticks).
/// </summary>
public static class DemoCrowd
{
    /// <summary>Creates the demo simulation with <paramref name="agents"/> agents.</summary>
    public static IVisualizedSimulation Create(int agents, ulong seed, int threads = 1)
    {
        if (agents < 1 || agents > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(agents), agents, "The demo crowd takes 1..1,000,000 agents.");
        }

        var schema = AgentFields.AddAll(AgentSchema.CreateBuilder()).Build();
        var world = new World(schema, new WorldOptions { Seed = seed, Threads = threads, InitialCapacity = agents });
        var side = (int)MathF.Ceiling(MathF.Sqrt(agents));
        var x = world.Field(AgentFields.PositionX);
        var y = world.Field(AgentFields.PositionY);
        var p = world.Field(AgentFields.MoodP);
        var a = world.Field(AgentFields.MoodA);
        var d = world.Field(AgentFields.MoodD);
        for (var i = 0; i < agents; i++)
        {
            var id = world.AddAgent();
            var rng = new RandomStream(seed, 0xDE30, -1, id.Slot);
            world.Value(id, x) = (i % side) + ((rng.NextSingle() - 0.5f) * 0.3f);
            world.Value(id, y) = (i / side) + ((rng.NextSingle() - 0.5f) * 0.3f);
            world.Value(id, p) = (rng.NextSingle() * 2f) - 1f;
            world.Value(id, a) = (rng.NextSingle() * 2f) - 1f;
            world.Value(id, d) = (rng.NextSingle() * 2f) - 1f;
        }

        var simulation = new Simulation(world);
        var system = new DemoCrowdSystem(world);
        simulation.Attach(system);
        simulation.Attach(new DemoExpressionSystem(world));
        var observer = new DemoObserver(world);
        return new CoreSimulationAdapter(simulation, $"demo crowd ({agents} agents)", owns: true, observer, observer, observer);
    }
}

/// <summary>Mood and position update of the demo: a random walk pulled toward a shared wave.</summary>
internal sealed class DemoCrowdSystem(World world) : IPartitionedSystem
{
    private readonly FieldId _x = world.Field(AgentFields.PositionX);
    private readonly FieldId _y = world.Field(AgentFields.PositionY);
    private readonly FieldId _p = world.Field(AgentFields.MoodP);
    private readonly FieldId _a = world.Field(AgentFields.MoodA);
    private readonly FieldId _d = world.Field(AgentFields.MoodD);

    public string Name => "demo.crowd";

    public TickStage Stage => TickStage.Affect;

    public void BeginTick(in TickContext context, int partitionCount)
    {
    }

    public void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        // A slow shared "event" wave (period 20 s of simulated time) that sweeps across the crowd.
        var t = (float)(context.Tick * context.StepSeconds);
        for (var block = firstBlock; block < endBlock; block++)
        {
            var alive = world.AliveMask(block);
            var xs = world.Lanes(block, _x);
            var ys = world.Lanes(block, _y);
            var ps = world.Lanes(block, _p);
            var a = world.Lanes(block, _a);
            var ds = world.Lanes(block, _d);
            for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
            {
                if ((alive & (1 << lane)) == 0)
                {
                    continue;
                }

                var rng = new RandomStream(context.Seed, 0xDE31, context.Tick, (block * AgentBlocks.LanesPerBlock) + lane);
                var wave = MathF.Sin((t * 0.314f) + (xs[lane] * 0.15f) - (ys[lane] * 0.05f));
                var waveA = MathF.Cos((t * 0.21f) + (ys[lane] * 0.12f));
                ps[lane] = Math.Clamp(ps[lane] + (0.05f * (wave - ps[lane])) + ((rng.NextSingle() - 0.5f) * 0.08f), -1f, 1f);
                a[lane] = Math.Clamp(a[lane] + (0.05f * (waveA - a[lane])) + ((rng.NextSingle() - 0.5f) * 0.08f), -1f, 1f);
                ds[lane] = Math.Clamp(ds[lane] + (0.02f * (0.3f * wave - ds[lane])) + ((rng.NextSingle() - 0.5f) * 0.08f), -1f, 1f);
                xs[lane] += (rng.NextSingle() - 0.5f) * 0.02f;
                ys[lane] += (rng.NextSingle() - 0.5f) * 0.02f;
            }
        }
    }

    public void EndTick(in TickContext context, int partitionCount)
    {
    }
}

/// <summary>Expression of the demo: emotions, dominant emotion, octant and action units derived from the mood.</summary>
internal sealed class DemoExpressionSystem : IPartitionedSystem
{
    private readonly World _world;
    private readonly FieldId _p;
    private readonly FieldId _a;
    private readonly FieldId _d;
    private readonly FieldId _octant;
    private readonly FieldId _dominant;
    private readonly FieldId[] _emotions;
    private readonly FieldId _joy;
    private readonly FieldId _distress;
    private readonly FieldId _fear;
    private readonly FieldId _anger;
    private readonly FieldId _relief;
    private readonly FieldId[] _aus;

    public DemoExpressionSystem(World world)
    {
        _world = world;
        _p = world.Field(AgentFields.MoodP);
        _a = world.Field(AgentFields.MoodA);
        _d = world.Field(AgentFields.MoodD);
        _octant = world.Field(AgentFields.Octant);
        _dominant = world.Field(AgentFields.Dominant);
        _emotions = new FieldId[AgentFields.EmotionNames.Count];
        for (var i = 0; i < _emotions.Length; i++)
        {
            _emotions[i] = world.Field(AgentFields.Emotion(AgentFields.EmotionNames[i]));
        }

        _joy = world.Field(AgentFields.Emotion("joy"));
        _distress = world.Field(AgentFields.Emotion("distress"));
        _fear = world.Field(AgentFields.Emotion("fear"));
        _anger = world.Field(AgentFields.Emotion("anger"));
        _relief = world.Field(AgentFields.Emotion("relief"));
        _aus = new FieldId[AgentFields.ActionUnits.Count];
        for (var i = 0; i < _aus.Length; i++)
        {
            _aus[i] = world.Field(AgentFields.ActionUnit(AgentFields.ActionUnits[i]));
        }
    }

    public string Name => "demo.express";

    public TickStage Stage => TickStage.Express;

    public void BeginTick(in TickContext context, int partitionCount)
    {
    }

    public void Execute(in TickContext context, int firstBlock, int endBlock, int partition)
    {
        var w = _world;
        for (var block = firstBlock; block < endBlock; block++)
        {
            var alive = w.AliveMask(block);
            for (var lane = 0; lane < AgentBlocks.LanesPerBlock; lane++)
            {
                if ((alive & (1 << lane)) == 0)
                {
                    continue;
                }

                var p = w.Lanes(block, _p)[lane];
                var a = w.Lanes(block, _a)[lane];
                var d = w.Lanes(block, _d)[lane];
                var joy = Math.Max(0f, p) * (0.6f + (0.4f * Math.Max(0f, a)));
                var distress = Math.Max(0f, -p) * (0.6f + (0.4f * Math.Max(0f, -d)));
                var fear = Math.Max(0f, -p) * Math.Max(0f, a) * Math.Max(0f, -d);
                var anger = Math.Max(0f, -p) * Math.Max(0f, a) * Math.Max(0f, d);
                var relief = Math.Max(0f, p) * Math.Max(0f, -a);
                w.Lanes(block, _joy)[lane] = joy;
                w.Lanes(block, _distress)[lane] = distress;
                w.Lanes(block, _fear)[lane] = fear;
                w.Lanes(block, _anger)[lane] = anger;
                w.Lanes(block, _relief)[lane] = relief;
                var best = -1;
                var bestValue = 0.1f;
                for (var e = 0; e < _emotions.Length; e++)
                {
                    var v = w.Lanes(block, _emotions[e])[lane];
                    if (v > bestValue)
                    {
                        bestValue = v;
                        best = e;
                    }
                }

                w.Lanes(block, _dominant)[lane] = best;
                w.Lanes(block, _octant)[lane] = AgentFields.OctantOf(p, a, d);
                // EMFACS prototypes: joy 6+12, sadness 1+4+15, fear 1+2+4+5+20+26, anger 4+5+7+23.
                SetAu(block, lane, 1, Math.Min(1f, distress + fear));
                SetAu(block, lane, 2, fear);
                SetAu(block, lane, 4, Math.Min(1f, (0.6f * distress) + fear + anger));
                SetAu(block, lane, 5, Math.Min(1f, fear + anger));
                SetAu(block, lane, 6, joy);
                SetAu(block, lane, 7, anger);
                SetAu(block, lane, 12, joy);
                SetAu(block, lane, 15, distress);
                SetAu(block, lane, 20, fear);
                SetAu(block, lane, 23, anger);
                SetAu(block, lane, 26, Math.Min(1f, fear + (0.5f * joy * Math.Max(0f, a))));
            }
        }
    }

    public void EndTick(in TickContext context, int partitionCount)
    {
    }

    private void SetAu(int block, int lane, int au, float value)
    {
        for (var i = 0; i < _aus.Length; i++)
        {
            if (AgentFields.ActionUnits[i] == au)
            {
                _world.Lanes(block, _aus[i])[lane] = value;
                return;
            }
        }
    }
}

/// <summary>
/// Read-only views of the demo for the overlay layers: relations between grid neighbours with a
/// liking that follows how alike their moods are, and a simulated "visitor" whose expression the
/// first agent perceives. Both are functions of the state and the tick, so they change nothing.
/// </summary>
internal sealed class DemoObserver(World world) : IRelationProvider, IPerceivedEmotionProvider, IAgentNotesProvider
{
    private readonly FieldId _p = world.Field(AgentFields.MoodP);
    private readonly FieldId _a = world.Field(AgentFields.MoodA);

    public void GetRelations(World w, List<Relation> into)
    {
        // Each agent relates to the next few slots; capped so 10^4 agents stay readable.
        var max = Math.Min(w.SlotCount, 400);
        for (var s = 0; s + 1 < max; s++)
        {
            var from = w.AgentAt(s);
            var to = w.AgentAt((s * 7 + 3) % max);
            if (from.IsNone || to.IsNone || from == to)
            {
                continue;
            }

            var liking = 1f - Math.Abs(w.Value(from, _p) - w.Value(to, _p));
            into.Add(new Relation(from, to, Math.Clamp(liking, -1f, 1f)));
        }
    }

    public void GetPerceived(World w, List<PerceivedEmotion> into)
    {
        var first = w.AgentAt(0);
        if (first.IsNone)
        {
            return;
        }

        var phase = MathF.Sin(w.Tick * 0.05f);
        var label = phase > 0.3f ? "happy" : phase < -0.3f ? "sad" : "neutral";
        into.Add(new PerceivedEmotion(first, "visitor", label, phase, w.Value(first, _a), 0.8f));
    }

    public void GetNotes(World w, AgentId agent, int max, List<string> into)
    {
        if (max > 0)
        {
            into.Add($"feels the crowd's wave (P {w.Value(agent, _p):+0.00;-0.00})");
        }
    }

    public string? NameOf(World w, AgentId agent) => $"agent {agent.Slot}";
}
