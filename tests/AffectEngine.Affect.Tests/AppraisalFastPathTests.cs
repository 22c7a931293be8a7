using System;
using System.Collections.Generic;
using AffectEngine.Appraisal;

namespace AffectEngine.Affect.Tests;

/// <summary>
/// Issue 21: the OCC model reads the engine's store directly and hosts may rent events from a pool.
/// Both must leave every result as it was: the direct reads against the plugin seam's views, pooled
/// events against new ones, state hash by state hash.
/// </summary>
public sealed class AppraisalFastPathTests
{
    [Fact]
    public void Direct_store_reads_give_the_same_states_as_reading_through_views()
    {
        using var direct = Fixture.Create("occ", capacity: 64);
        using var viewed = Fixture.Create(ThroughViews.ModelName, capacity: 64);
        var sd = new RandomScenario(direct, 30, 4, 11);
        var sv = new RandomScenario(viewed, 30, 4, 11);
        for (long t = 0; t < 40; t++)
        {
            sd.EnqueueFor(t, 25);
            sv.EnqueueFor(t, 25);
            direct.Simulation.Step();
            viewed.Simulation.Step();
            Assert.Equal(direct.Simulation.ComputeHash(), viewed.Simulation.ComputeHash());
        }

        // The events did make the agents feel and believe something (the comparison is not of two empty worlds).
        Assert.NotEqual(0f, Total(direct));
    }

    [Fact]
    public void Pooled_events_give_the_same_states_as_new_events_and_are_reused_once_no_batch_can_see_them()
    {
        using var fresh = Fixture.Create(capacity: 64);
        using var pooled = Fixture.Create(capacity: 64);
        var sf = new RandomScenario(fresh, 30, 4, 12);
        var sp = new RandomScenario(pooled, 30, 4, 12);
        var seen = new HashSet<AppraisalEvent>(ReferenceEqualityComparer.Instance);
        var reused = 0;
        for (long t = 0; t < 30; t++)
        {
            sf.EnqueueFor(t, 20);
            foreach (var e in sp.EventsFor(t, 20))
            {
                var r = pooled.Appraisal.RentEvent(e.Tick, e.Source, e.Sequence, new AppraisalEventData
                {
                    Action = e.Action,
                    Actor = e.Actor,
                    Effects = e.Effects,
                    Belief = e.Belief,
                    Targets = e.Targets,
                    Witnesses = e.Witnesses,
                    Object = e.Object,
                    Appealingness = e.HasAppealingness ? e.Appealingness : null,
                });
                if (!seen.Add(r))
                {
                    reused++;
                }

                pooled.Appraisal.Enqueue(r);
            }

            fresh.Simulation.Step();
            pooled.Simulation.Step();
            Assert.Equal(fresh.Simulation.ComputeHash(), pooled.Simulation.ComputeHash());

            // The batch just run is still the queue's current batch: none of it may have been refilled.
            foreach (var input in pooled.World.Inputs.Current)
            {
                Assert.Equal(t, input.Tick);
            }
        }

        Assert.True(reused > 0, "the pool never reused an event");
        Assert.True(seen.Count <= 3 * 20, $"the pool created {seen.Count} events for 20 per tick");
    }

    [Fact]
    public void A_refused_rent_throws_like_the_constructor_and_leaves_the_pooled_event_intact()
    {
        using var f = Fixture.Create(capacity: 8);
        var a = f.Agent();
        f.Appraisal.DeclareGoal(a, "g", 0.5f);
        var fx = f.Effect(a, "g", 1f, 1f);
        var first = f.Appraisal.RentEvent(0, InputSources.Host, 0, new AppraisalEventData { Effects = [fx] });
        f.Appraisal.Enqueue(first);
        f.Simulation.Run(3);
        var bad = new GoalEffect(AgentId.None, f.Names.Goal("g"), new Congruence(1f), new Likelihood(1f));
        var ex = Assert.Throws<ArgumentException>(() => f.Appraisal.RentEvent(3, InputSources.Host, 0, new AppraisalEventData { Effects = [bad] }));
        Assert.Contains("affects[0].owner", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, first.Tick);
        Assert.Equal(a, first.Effects[0].Owner);
        var next = f.Appraisal.RentEvent(3, InputSources.Host, 0, new AppraisalEventData { Effects = [fx, fx] });
        Assert.Same(first, next);
        Assert.Equal(3, next.Tick);
        Assert.Equal(2, next.Effects.Length);
    }

    [Fact]
    public void Renting_and_enqueueing_pooled_events_with_goal_effects_allocates_nothing_once_warm()
    {
        using var f = Fixture.Create(capacity: 8);
        var a = f.Agent();
        var b = f.Agent();
        f.Appraisal.DeclareGoal(a, "g", 0.5f);
        f.Appraisal.DeclareGoal(b, "g", -0.5f);
        GoalEffect[] effects = [f.Effect(a, "g", 1f, 0.5f), f.Effect(b, "g", -1f, 0.5f)];
        AgentId[] witnesses = [a, b];
        void Ticks()
        {
            for (var t = 0; t < 20; t++)
            {
                var tick = f.World.Tick;
                for (var k = 0; k < 50; k++)
                {
                    f.Appraisal.Enqueue(f.Appraisal.RentEvent(tick, InputSources.Host, k, new AppraisalEventData { Effects = effects, Witnesses = witnesses }));
                }

                f.Simulation.Step();
            }
        }

        Ticks();
        long allocated = -1;
        for (var w = 0; w < 30 && allocated != 0; w++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread() + f.Simulation.WorkerAllocatedBytes;
            Ticks();
            allocated = GC.GetAllocatedBytesForCurrentThread() + f.Simulation.WorkerAllocatedBytes - before;
        }

        Assert.Equal(0, allocated);

        // The field name, built only for a bad value, still names the effect.
        var bad = effects[1] with { Controllability = 1.5f };
        var ex = Assert.Throws<ArgumentException>(() => f.Appraisal.RentEvent(f.World.Tick, InputSources.Host, 0, new AppraisalEventData { Effects = [effects[0], bad] }));
        Assert.Contains("affects[1].controllability", ex.Message, StringComparison.Ordinal);
    }

    private static float Total(Fixture f)
    {
        var sum = 0f;
        for (var s = 0; s < f.World.SlotCount; s++)
        {
            var agent = f.World.AgentAt(s);
            for (var e = 0; e < Emotions.Count; e++)
            {
                sum += f.I(agent, (EmotionType)e);
            }
        }

        return sum;
    }

    /// <summary>The OCC model fed a state that is not the engine's store, so it takes the view path.</summary>
    internal sealed class ThroughViews : IAppraisalModel
    {
        private readonly OccAppraisalModel _occ = new();

        public const string ModelName = "occ-views";

        public string Name => ModelName;

        public int MaxImpulses(AppraisalEvent appraisalEvent, int perceiverCount) => _occ.MaxImpulses(appraisalEvent, perceiverCount);

        public int Appraise(AppraisalEvent appraisalEvent, ReadOnlySpan<AgentId> perceivers, IAppraisalState state, Span<EmotionImpulse> output) =>
            _occ.Appraise(appraisalEvent, perceivers, new Wrapped(state), output);

        public void Describe(IModelDescriber describer) => _occ.Describe(describer);
    }

    private sealed class Wrapped(IAppraisalState inner) : IAppraisalState
    {
        public bool IsLive(AgentId agent) => inner.IsLive(agent);

        public AppraiserView View(AgentId agent) => inner.View(agent);

        public ref BeliefState Belief(AgentId agent, BeliefId belief, GoalId goal, out bool existed) => ref inner.Belief(agent, belief, goal, out existed);

        public void ForgetBelief(AgentId agent, BeliefId belief, GoalId goal) => inner.ForgetBelief(agent, belief, goal);
    }
}
