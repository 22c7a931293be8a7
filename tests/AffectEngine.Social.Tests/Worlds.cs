using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Social.Tests;

/// <summary>Small builders for social test worlds.</summary>
internal static class Worlds
{
    /// <summary>A runner with affect + social; emotions decay so slowly that only contagion moves them, unless <paramref name="decay"/> is given.</summary>
    public static SimulationRunner Create(
        Action<SocialSettings>? social = null,
        int threads = 1,
        DecaySetting? decay = null,
        Action<AffectEngineBuilder>? extend = null,
        double step = 0.1,
        bool stageHashes = false,
        ActionUnitOutput actionUnits = ActionUnitOutput.PerTick)
    {
        var services = new ServiceCollection();
        var builder = services.AddAffectEngine(o =>
        {
            o.World.Threads = threads;
            o.World.StepSeconds = step;
            o.World.Seed = 7;
            o.World.HashEachStage = stageHashes;
            o.Affect.SetDecayAll(decay ?? new DecaySetting(DecayKind.Exponential, 1e9));
            o.Affect.ActionUnits = actionUnits;
        }).AddSocial(social);
        extend?.Invoke(builder);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<SimulationRunnerFactory>().Create();
    }

    public static AgentId Add(SimulationRunner runner, string name, float x = 0, float y = 0)
    {
        var id = runner.AddAgent(name);
        runner.World.Value(id, runner.Position, 0) = x;
        runner.World.Value(id, runner.Position, 1) = y;
        return id;
    }

    public static float Fear(SimulationRunner runner, AgentId id) => runner.Affect.Intensity(id, EmotionType.Fear);

    public static void SetFear(SimulationRunner runner, AgentId id, float value) =>
        runner.World.Value(id, runner.Affect.Fields.Emotion, (int)EmotionType.Fear) = value;

    /// <summary>
    /// A mixed workload for determinism and allocation tests: a grid crowd with spatial and network
    /// contagion of fear and joy, seeded episodes and relations, and a per-tick system that records and
    /// recalls episodes (the appraisal side's calls).
    /// </summary>
    public static SimulationRunner Mixed(int threads, int side = 20, NeighbourKind kind = NeighbourKind.Both, bool stageHashes = false, ActionUnitOutput actionUnits = ActionUnitOutput.PerTick)
    {
        SocialModule? module = null;
        var runner = Create(
            s =>
            {
                s.Contagion.Neighbours = kind;
                s.Contagion.Radius = 1.5f;
                s.Contagion.Channels.Add(EmotionType.Joy);
                s.Memory.Capacity = 8;
                s.Relations.Capacity = 4;
            },
            threads,
            new DecaySetting(DecayKind.Linear, 20),
            b => b.AddSystem(w => new EpisodeLoad(() => module!)),
            stageHashes: stageHashes,
            actionUnits: actionUnits);
        module = runner.Social();
        var ids = new List<AgentId>();
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                var id = Add(runner, $"a{x}_{y}", x, y);
                var r = new RandomStream(99, 0, 0, ids.Count);
                module.SetContagionTraits(id, new ContagionTraits(r.NextSingle(), r.NextSingle(), r.NextSingle() * 0.5f, r.NextSingle()));
                ids.Add(id);
            }
        }

        var edges = new List<ContagionEdge>();
        for (var i = 0; i < ids.Count; i++)
        {
            var r = new RandomStream(98, 0, 0, i);
            for (var k = 0; k < 3; k++)
            {
                var j = r.NextInt(ids.Count);
                if (j != i)
                {
                    edges.Add(new ContagionEdge(ids[j], ids[i], r.NextSingle()));
                }
            }
        }

        if ((kind & NeighbourKind.Network) != 0)
        {
            module.SetNetwork(edges);
        }
        for (var i = 0; i < ids.Count; i += 17)
        {
            runner.Elicit(ids[i], EmotionType.Fear, 0.9f, atTick: i % 10);
            runner.Elicit(ids[(i + 5) % ids.Count], EmotionType.Joy, 0.7f, atTick: (i + 3) % 10);
        }

        return runner;
    }

    /// <summary>Each tick, one agent in 7 (rotating) records an episode caused by a neighbour, and one in 11 recalls.</summary>
    private sealed class EpisodeLoad : IWorldSystem
    {
        private readonly Func<SocialModule> _module;
        private readonly FeltEmotion[] _impulses = [new(EmotionType.Anger, 0.6f), new(EmotionType.Gratitude, 0.3f), new(EmotionType.Fear, 0.2f)];

        public EpisodeLoad(Func<SocialModule> module) => _module = module;

        public string Name => "test.episodes";

        public TickStage Stage => TickStage.Appraise;

        public void Execute(in TickContext context)
        {
            var m = _module();
            var w = m.World;
            var n = w.SlotCount;
            for (var s = (int)(context.Tick % 7); s < n; s += 7)
            {
                var owner = w.AgentAt(s);
                var actor = w.AgentAt((s + 1) % n);
                var rng = context.Random(5, s);
                _impulses[0] = new FeltEmotion(EmotionType.Anger, rng.NextSingle());
                m.RecordEpisode(owner, (int)(context.Tick % 3), actor, owner, _impulses);
            }

            for (var s = (int)(context.Tick % 11); s < n; s += 11)
            {
                m.Recall(w.AgentAt(s), new MemoryCue(w.AgentAt((s + 1) % n)));
            }
        }
    }
}
