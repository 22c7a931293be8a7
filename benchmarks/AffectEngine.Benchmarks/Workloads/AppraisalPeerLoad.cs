using System;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Benchmarks.Workloads;

/// <summary>
/// Issue 21's appraisal load, the one the GAMYGDALA C# port (210 ms/tick) and the FAtiMA Toolkit
/// (82 ms/tick) were measured on: 1,000 agents with 10 goals and 5 relations (likings) each, and
/// 1,000 events per tick, each a belief with a causal agent that affects two agents' goals and is
/// perceived by 5 witnesses. Everything comes from the seed, so every run appraises the same events.
/// </summary>
internal sealed class AppraisalPeerLoad : IDisposable
{
    public const int Agents = 1000;
    public const int GoalsPerAgent = 10;
    public const int RelationsPerAgent = 5;
    public const int EventsPerTick = 1000;
    public const int WitnessesPerEvent = 5;

    /// <summary>Beliefs are drawn from this many, so prospects recur and later events confirm or disconfirm them (an agent holds at most 4 × 10 belief states).</summary>
    private const int Beliefs = 4;

    private readonly ulong _seed;
    private readonly AgentId[] _ids = new AgentId[Agents];
    private readonly GoalEffect[] _effects = new GoalEffect[2];
    private readonly AgentId[] _witnesses = new AgentId[WitnessesPerEvent];
    private readonly AgentId[] _none = [];

    public AppraisalPeerLoad(ulong seed = 1, bool pooled = true)
    {
        _seed = seed;
        Pooled = pooled;
        var services = new ServiceCollection();
        services.AddAffectEngine(o =>
        {
            o.World.Seed = seed;
            o.World.Threads = 1;
            o.World.InitialCapacity = Agents;
            o.World.HashEveryTick = false;
        });
        using var provider = services.BuildServiceProvider();
        Runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        Appraisal = Runner.Module<AffectEngineModule>().Appraisal;
        for (var i = 0; i < Agents; i++)
        {
            _ids[i] = Runner.World.AddAgent();
        }

        for (var i = 0; i < Agents; i++)
        {
            var rng = new RandomStream(seed, 90, 0, i);
            Runner.Affect.SetPersonality(_ids[i], new Ocean(
                (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1,
                (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1));
            for (var g = 0; g < GoalsPerAgent; g++)
            {
                // Goal ids are shared across agents (everyone has goals 1..10), utilities differ.
                Appraisal.DeclareGoal(_ids[i], new GoalDescription(new GoalId(g + 1), new Utility((rng.NextSingle() * 2) - 1)));
            }

            for (var r = 0; r < RelationsPerAgent; r++)
            {
                var other = (i + 1 + rng.NextInt(Agents - 1)) % Agents;
                Appraisal.SetLiking(_ids[i], _ids[other], (rng.NextSingle() * 2) - 1);
            }
        }
    }

    public SimulationRunner Runner { get; }

    public AppraisalModule Appraisal { get; }

    /// <summary>Events come from the module's pool (no allocation once warm) instead of <c>new AppraisalEvent</c>.</summary>
    public bool Pooled { get; }

    /// <summary>The Appraise-stage system (timed alone by the benchmark).</summary>
    public IWorldSystem AppraiseSystem
    {
        get
        {
            foreach (var s in Runner.Simulation.SystemsOf(TickStage.Appraise))
            {
                if (s.Name == "affect.appraise" && s is IWorldSystem w)
                {
                    return w;
                }
            }

            throw new InvalidOperationException("no appraisal system");
        }
    }

    /// <summary>Schedules the 1,000 events of the next tick.</summary>
    public void EnqueueNextTick()
    {
        var tick = Runner.World.Tick;
        for (var k = 0; k < EventsPerTick; k++)
        {
            var rng = new RandomStream(_seed, 91, tick, k);
            var actor = _ids[rng.NextInt(Agents)];
            var a = rng.NextInt(Agents);
            var b = (a + 1 + rng.NextInt(Agents - 1)) % Agents;

            // Half the events happen (likelihood 1), 40% are prospects, 10% do not come about.
            var u = rng.NextSingle();
            var likelihood = u < 0.5f ? 1f : u < 0.9f ? 0.1f + (0.8f * rng.NextSingle()) : 0f;
            _effects[0] = new GoalEffect(_ids[a], new GoalId(1 + rng.NextInt(GoalsPerAgent)), new Congruence((rng.NextSingle() * 2) - 1), new Likelihood(likelihood));
            _effects[1] = new GoalEffect(_ids[b], new GoalId(1 + rng.NextInt(GoalsPerAgent)), new Congruence((rng.NextSingle() * 2) - 1), new Likelihood(likelihood));
            for (var w = 0; w < WitnessesPerEvent; w++)
            {
                _witnesses[w] = _ids[rng.NextInt(Agents)];
            }

            var belief = new BeliefId(1 + rng.NextInt(Beliefs));
            var e = Pooled
                ? Appraisal.RentEvent(tick, InputSources.Host, k, new AppraisalEventData { Action = new ActionId(1), Actor = actor, Effects = _effects, Belief = belief, Targets = _none, Witnesses = _witnesses })
                : new AppraisalEvent(tick, InputSources.Host, k, new ActionId(1), actor, _effects, belief, _none, _witnesses);
            Appraisal.Enqueue(e);
        }
    }

    /// <summary>One tick with its 1,000 events.</summary>
    public void Tick()
    {
        EnqueueNextTick();
        Runner.Simulation.Step();
    }

    public void Dispose() => Runner.Dispose();
}
