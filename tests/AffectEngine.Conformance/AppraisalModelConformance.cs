using System;
using System.Collections.Generic;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Core;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Conformance;

/// <summary>
/// How to exercise an appraisal model: <see cref="Agents"/> agents with seeded goals, standards and
/// likings, and a seeded appraisable event every other tick (actions by one agent to another, beliefs
/// about goals, some prospective and some settled), run for <see cref="Ticks"/> ticks.
/// </summary>
public sealed class AppraisalWorkload
{
    public int Agents { get; init; } = 6;

    public long Ticks { get; init; } = 160;

    public ulong Seed { get; init; } = 11;
}

/// <summary>
/// The checks every appraisal model must pass, run through the real engine (scenario, appraisal
/// module, tick pipeline) with the model wrapped in a checker that sees each call: determinism twice,
/// under replay of the events decoded from their payloads, and across a snapshot; impulses within
/// <see cref="IAppraisalModel.MaxImpulses"/>, of valid types, finite, in [0, 1] and for live agents;
/// no allocation per appraisal after warm-up; no wall clock in the IL; typed exceptions for bad input.
/// </summary>
public sealed class AppraisalModelConformance : ComponentConformance<IAppraisalModel>
{
    /// <summary>The name the kit registers the model under (so it can never collide with a built-in).</summary>
    private const string KitName = "conformance-under-test";

    /// <summary>Where replayed and restored runs put the scenario's own events: never reached, but interned in the same order.</summary>
    private const long Inert = 1_000_000_000;

    private readonly AppraisalWorkload _workload;

    public AppraisalModelConformance(AppraisalWorkload? workload = null) => _workload = workload ?? new AppraisalWorkload();

    public override string Kind => "appraisal model";

    public override IEnumerable<ConformanceCheck<ComponentSubject<IAppraisalModel>>> Checks()
    {
        foreach (var c in base.Checks())
        {
            yield return c;
        }

        yield return new("same events give the same hashes twice", SameHashesTwice);
        yield return new("determinism under replay of the events' payloads", ReplayFromPayloads);
        yield return new("a mid-run snapshot resumes to the same hash", ReplayFromSnapshot);
        yield return new("impulses within MaxImpulses, valid types, finite, in [0, 1], for live agents", ImpulseBounds);
        yield return new("no allocation per appraisal after warm-up", NoAllocation);
        yield return new("bad input gives typed exceptions, never a crash", BadInput);
    }

    /// <summary>The workload as a scenario; events are shifted by <paramref name="eventOffset"/> ticks.</summary>
    public static Scenario BuildScenario(AppraisalWorkload workload, long eventOffset = 0)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var s = new Scenario { Name = "appraisal-conformance" };
        s.Run.Seed = workload.Seed;
        s.Run.Ticks = workload.Ticks;
        var r = new RandomStream(workload.Seed, 0xA9, 0, 0);
        string Id(int i) => "a" + i.ToString(CultureInfo.InvariantCulture);
        float Unit(ref RandomStream rs) => (rs.NextSingle() * 2f) - 1f;
        for (var i = 0; i < workload.Agents; i++)
        {
            var agent = new AgentSpec
            {
                Id = Id(i),
                Personality = new PersonalitySpec { O = Unit(ref r), C = Unit(ref r), E = Unit(ref r), A = Unit(ref r), N = Unit(ref r) },
            };
            agent.Goals.Add(new GoalSpec { Id = "g0", Utility = Unit(ref r) });
            agent.Goals.Add(new GoalSpec { Id = "g1", Utility = Unit(ref r) });
            agent.Standards.Add(new StandardSpec { Action = "help", Praiseworthiness = 0.2f + (0.8f * r.NextSingle()) });
            agent.Standards.Add(new StandardSpec { Action = "hit", Praiseworthiness = -0.2f - (0.8f * r.NextSingle()) });
            for (var j = 0; j < workload.Agents; j++)
            {
                if (j != i)
                {
                    agent.Relations[Id(j)] = new Scenarios.RelationSpec { Liking = Unit(ref r) };
                }
            }

            s.Agents.Add(agent);
        }

        for (long t = 1; t < workload.Ticks; t += 2)
        {
            var e = new RandomStream(workload.Seed, 0xE7, t, 0);
            var actor = e.NextInt(workload.Agents);
            var target = (actor + 1 + e.NextInt(workload.Agents - 1)) % workload.Agents;
            var owner = e.NextInt(workload.Agents);

            // Half the beliefs settle (likelihood 1: joy, satisfaction, relief...), half are prospects (hope, fear).
            var likelihood = e.NextSingle() < 0.5f ? 1f : 0.1f + (0.8f * e.NextSingle());
            s.Events.Add(new EventSpec
            {
                Tick = t + eventOffset,
                Action = e.NextSingle() < 0.5f ? "help" : "hit",
                Actor = Id(actor),
                Target = Id(target),
                Beliefs = [new BeliefSpec { Goal = Id(owner) + "/g" + e.NextInt(2).ToString(CultureInfo.InvariantCulture), Congruence = Unit(ref e), Likelihood = likelihood }],
            });
        }

        return s;
    }

    private SimulationRunner CreateRunner(ComponentSubject<IAppraisalModel> s, Checker checker, int threads = 1, long eventOffset = 0)
    {
        var probe = Create(s);
        Func<AppraisalSettings> settings = probe is IAppraisalModelDefaults { AsPublished: true } ? AppraisalSettings.Neutral : static () => new AppraisalSettings();
        return ScenarioHost.CreateRunner(BuildScenario(_workload, eventOffset), new RunOverrides { Threads = threads }, b => b.Services.AddAffectEngine(o =>
        {
            o.AppraisalModels.Register(KitName, () => checker.Wrap(Create(s)), settings);
            o.AppraisalModel = KitName;
        }));
    }

    private ulong[] Hashes(ComponentSubject<IAppraisalModel> s, Checker checker)
    {
        using var runner = CreateRunner(s, checker);
        var hashes = new ulong[_workload.Ticks];
        for (var t = 0; t < hashes.Length; t++)
        {
            runner.Step();
            hashes[t] = runner.LastHash;
        }

        return hashes;
    }

    private static void Compare(ulong[] a, ulong[] b, string what)
    {
        for (var t = 0; t < a.Length; t++)
        {
            if (a[t] != b[t])
            {
                throw Fail($"hashes differ first after tick {t}: {a[t]:x16} vs {b[t]:x16} {what}");
            }
        }
    }

    private string SameHashesTwice(ComponentSubject<IAppraisalModel> s)
    {
        var checker = new Checker();
        var a = Hashes(s, checker);
        if (checker.Impulses == 0)
        {
            throw Fail($"the workload's {checker.Calls} appraisals produced no impulse; the model appraises nothing");
        }

        Compare(a, Hashes(s, new Checker()), "(second run)");
        return $"{checker.Calls} appraisals, {checker.Impulses} impulses, final hash {a[^1]:x16}";
    }

    private string ReplayFromPayloads(ComponentSubject<IAppraisalModel> s)
    {
        using var original = CreateRunner(s, new Checker());
        var pending = original.World.Inputs.PendingSnapshot();
        using var replay = CreateRunner(s, new Checker(), eventOffset: Inert);
        var events = 0;
        foreach (var input in pending)
        {
            if (input is not AppraisalEvent e)
            {
                continue;
            }

            // What a record holds: the payload bytes, read back by the engine's reader.
            var writer = new BufferStateWriter();
            e.WritePayload(writer);
            replay.Enqueue(AppraisalEvent.ReadPayload(e.Tick, e.Source, e.Sequence, new BufferStateReader(writer.ToArray())));
            events++;
        }

        for (var t = 0; t < _workload.Ticks; t++)
        {
            original.Step();
            replay.Step();
            if (original.LastHash != replay.LastHash)
            {
                throw Fail($"after tick {t} the replay of {events} decoded events hashes {replay.LastHash:x16}, the original {original.LastHash:x16}");
            }
        }

        return $"{events} events replayed from payloads, {_workload.Ticks} ticks equal";
    }

    private string ReplayFromSnapshot(ComponentSubject<IAppraisalModel> s)
    {
        var half = _workload.Ticks / 2;
        using var original = CreateRunner(s, new Checker());
        var pending = original.World.Inputs.PendingSnapshot();
        original.Run(half);
        var snapshot = original.Simulation.SaveSnapshot();
        original.Run(_workload.Ticks - half);

        using var restored = CreateRunner(s, new Checker(), eventOffset: Inert);
        restored.Simulation.LoadSnapshot(snapshot);
        foreach (var input in pending)
        {
            if (input.Tick >= half)
            {
                restored.Enqueue(input);
            }
        }

        restored.Run(_workload.Ticks - half);
        if (restored.LastHash != original.LastHash)
        {
            throw Fail($"restored at tick {half}, tick {_workload.Ticks} hashes {restored.LastHash:x16}, the uninterrupted run {original.LastHash:x16}; state kept outside IAppraisalState is not saved");
        }

        return $"snapshot at tick {half} ({snapshot.Length} bytes) resumes to the same hash";
    }

    private string ImpulseBounds(ComponentSubject<IAppraisalModel> s)
    {
        var checker = new Checker();
        using (var runner = CreateRunner(s, checker))
        {
            runner.Run(_workload.Ticks);
        }

        if (checker.Violation is not null)
        {
            throw Fail(checker.Violation);
        }

        return $"{checker.Impulses} impulses in bounds over {checker.Calls} appraisals";
    }

    private string NoAllocation(ComponentSubject<IAppraisalModel> s)
    {
        long best = long.MaxValue;
        long calls = 0;

        // Tiered compilation may still be swapping code in during the first run; measure up to three.
        for (var attempt = 0; attempt < 3 && best != 0; attempt++)
        {
            var checker = new Checker { WarmupCalls = _workload.Ticks / 4 };
            using var runner = CreateRunner(s, checker);
            runner.Run(_workload.Ticks);
            best = Math.Min(best, checker.AllocatedAfterWarmup);
            calls = checker.Calls - checker.WarmupCalls;
        }

        return best == 0 ? $"0 bytes over {calls} appraisals after warm-up" : throw Fail($"{best} bytes allocated over {calls} appraisals after warm-up");
    }

    private static string BadInput(ComponentSubject<IAppraisalModel> s)
    {
        var model = Create(s);
        var state = new NobodyState();
        var output = new EmotionImpulse[64];
        Expect<ArgumentNullException>("MaxImpulses(null)", () => model.MaxImpulses(null!, 1));
        Expect<ArgumentNullException>("Appraise(null event)", () => model.Appraise(null!, [], state, output));
        var ghost = new AgentId(3, 1);
        var e = new AppraisalEvent(0, InputSources.Host, 0, new ActionId(1), ghost, [new GoalEffect(ghost, new GoalId(1), new Congruence(0.5f), new Likelihood(1f))], new BeliefId(1), [new AgentId(4, 1)]);
        Expect<ArgumentNullException>("Appraise(null state)", () => model.Appraise(e, [ghost], null!, output));
        Expect<ArgumentNullException>("Describe(null)", () => model.Describe(null!));

        // Agents that are not live and goals nobody declared: no crash, and no impulse for a dead agent.
        int n;
        try
        {
            n = model.Appraise(e, [ghost], state, output.AsSpan(0, Math.Min(output.Length, model.MaxImpulses(e, 1))));
        }
        catch (Exception ex)
        {
            throw Fail($"an event about agents that are not live threw {ex.GetType().Name}: {ex.Message}");
        }

        if (n != 0)
        {
            throw Fail($"an event about agents that are not live produced {n} impulse(s)");
        }

        return "null arguments throw ArgumentNullException; events about dead agents give no impulse";
    }

    private static void Expect<TException>(string call, Action action)
        where TException : Exception
    {
        try
        {
            action();
        }
        catch (TException)
        {
            return;
        }
        catch (Exception ex)
        {
            throw Fail($"{call} threw {ex.GetType().Name} ({ex.Message}); expected {typeof(TException).Name}");
        }

        throw Fail($"{call} did not throw; expected {typeof(TException).Name}");
    }

    /// <summary>Sees every appraisal: counts, bounds, and bytes allocated inside the model's own Appraise.</summary>
    private sealed class Checker
    {
        public long Calls { get; set; }

        public long Impulses { get; set; }

        public long WarmupCalls { get; init; }

        public long AllocatedAfterWarmup { get; set; }

        public string? Violation { get; set; }

        public IAppraisalModel Wrap(IAppraisalModel model) => new CheckingModel(model, this);
    }

    private sealed class CheckingModel : IAppraisalModel
    {
        private readonly IAppraisalModel _inner;
        private readonly Checker _checker;

        public CheckingModel(IAppraisalModel inner, Checker checker)
        {
            _inner = inner;
            _checker = checker;
        }

        public string Name => _inner.Name;

        public int MaxImpulses(AppraisalEvent appraisalEvent, int perceiverCount) => _inner.MaxImpulses(appraisalEvent, perceiverCount);

        public int Appraise(AppraisalEvent appraisalEvent, ReadOnlySpan<AgentId> perceivers, IAppraisalState state, Span<EmotionImpulse> output)
        {
            var max = _inner.MaxImpulses(appraisalEvent, perceivers.Length);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var n = _inner.Appraise(appraisalEvent, perceivers, state, output);
            var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            _checker.Calls++;
            if (_checker.Calls > _checker.WarmupCalls)
            {
                _checker.AllocatedAfterWarmup += bytes;
            }

            if (n < 0 || n > max || n > output.Length)
            {
                _checker.Violation ??= $"Appraise returned {n} impulses; MaxImpulses said {max}, the buffer holds {output.Length}";
                return Math.Clamp(n, 0, Math.Min(max, output.Length));
            }

            for (var i = 0; i < n; i++)
            {
                var impulse = output[i];
                if ((uint)impulse.Type >= (uint)Emotions.Count || !float.IsFinite(impulse.Intensity) || impulse.Intensity < 0f || impulse.Intensity > 1f || !state.IsLive(impulse.Agent))
                {
                    _checker.Violation ??= $"impulse {impulse} at event tick {appraisalEvent.Tick}: expected a valid emotion type, a finite intensity in [0, 1] and a live agent";
                }
            }

            _checker.Impulses += n;
            return n;
        }

        public void Describe(IModelDescriber describer) => _inner.Describe(describer);
    }

    /// <summary>An appraisal state in which no agent is live and nobody wants, values or believes anything.</summary>
    private sealed class NobodyState : IAppraisalState
    {
        private BeliefState _scratch;

        public bool IsLive(AgentId agent) => false;

        public AppraiserView View(AgentId agent) => new(agent, [], [], [], [], []);

        public ref BeliefState Belief(AgentId agent, BeliefId belief, GoalId goal, out bool existed)
        {
            existed = false;
            _scratch = new BeliefState(belief, goal, 0f, 0f);
            return ref _scratch;
        }

        public void ForgetBelief(AgentId agent, BeliefId belief, GoalId goal)
        {
        }
    }
}
