using AffectEngine.Affect;
using AffectEngine.Behaviour;
using AffectEngine.Benchmarks.Workloads;
using AffectEngine.Hosting;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Benchmarks;

/// <summary>
/// Issue 18's target: tendencies + action selection + event extraction at 10^6 agents cost at most 1 × the
/// bare per-agent pass on top of today's tick, 0 B per tick. Behaviour cost = (TickWithBehaviour −
/// TickWithout); event extraction alone = (TickWithEvents − TickWithout). Every agent has three rules (flee
/// on fear, comfort on pity, lash out on attack readiness), each emotion starts random in a quarter of the
/// agents, so about one in eight flees (moves) every tick.
/// </summary>
[MemoryDiagnoser]
public class BehaviourBenchmarks
{
    private AffectPassWorkload _bare = null!;
    private SimulationRunner _without = null!;
    private SimulationRunner _events = null!;
    private SimulationRunner _with = null!;

    [Params(1_000_000)]
    public int Agents { get; set; }

    [Params(1)]
    public int Threads { get; set; }

    /// <summary>Share of agents acting every tick: "heavy" (flee 12.5 %, comfort 10 %: a crowd in panic) or "light" (about 1 % and 0.75 %).</summary>
    [Params("heavy", "light")]
    public string Load { get; set; } = "heavy";

    [GlobalSetup]
    public void Setup()
    {
        _bare = new AffectPassWorkload(Agents, Threads);
        _without = Create(Agents, Threads, behaviour: false, events: false);
        _events = Create(Agents, Threads, behaviour: false, events: true);
        _with = Create(Agents, Threads, behaviour: true, events: true, light: Load == "light");
        _without.Simulation.Run(3);
        _events.Simulation.Run(3);
        _with.Simulation.Run(3);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bare.Dispose();
        _without.Dispose();
        _events.Dispose();
        _with.Dispose();
    }

    [Benchmark(Baseline = true, Description = "bare per-agent pass (decay + mood), one tick")]
    public void BarePass() => _bare.Tick();

    [Benchmark(Description = "affect tick (dynamics + expression), one tick")]
    public void TickWithout() => _without.Simulation.Step();

    [Benchmark(Description = "affect tick + event extraction, one tick")]
    public void TickWithEvents() => _events.Simulation.Step();

    [Benchmark(Description = "affect tick + tendencies + action selection + event extraction, one tick")]
    public void TickWithBehaviour() => _with.Simulation.Step();

    internal static SimulationRunner Create(int agents, int threads, bool behaviour, bool events, ulong seed = 1, bool light = false)
    {
        var services = new ServiceCollection();
        var builder = services.AddAffectEngine(o =>
        {
            o.World.Seed = seed;
            o.World.Threads = threads;
            o.World.InitialCapacity = agents;
            o.World.HashEveryTick = false;
            o.Affect.SetDecayAll(new DecaySetting(DecayKind.Exponential, 3600));
            o.Affect.ActionUnits = Workloads.ActionUnitMode.Output;
            o.Affect.Events.Enabled = events;
        });
        if (behaviour)
        {
            builder.AddBehaviour(b =>
            {
                var flee = new ActionRule { Name = "flee", Utility = 1f, Target = TargetKind.Agent, Move = MoveKind.Away, Speed = 1f, MaxSpeed = 3f, Appraised = false };
                flee.Conditions.Add(new Condition(ConditionKind.Emotion, (int)EmotionType.Fear, light ? 0.96f : 0.5f, 1f));
                var comfort = new ActionRule { Name = "comfort", Utility = 0.5f, Appraised = false };
                comfort.Conditions.Add(new Condition(ConditionKind.Emotion, (int)EmotionType.Pity, light ? 0.97f : 0.6f, 1f));
                var lash = new ActionRule { Name = "lash-out", Utility = 0.7f, CooldownTicks = 50, Appraised = false };
                lash.Conditions.Add(new Condition(ConditionKind.Tendency, (int)Tendency.Attack, 0.9f, 1f));
                b.Actions.Add(flee);
                b.Actions.Add(comfort);
                b.Actions.Add(lash);
            });
        }

        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        var world = runner.World;
        var affect = runner.Affect;
        var e0 = affect.Fields.Emotion;
        var side = (int)System.Math.Ceiling(System.Math.Sqrt(agents));
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
        }

        if (behaviour)
        {
            var module = runner.Behaviour();
            module.Settings.Actions[0].TargetAgent = ids[agents / 2];
            foreach (var id in ids)
            {
                module.SetRules(id, 0b111);
            }
        }

        return runner;
    }
}
