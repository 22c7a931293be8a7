using System;
using System.Collections.Generic;
using AffectEngine.Appraisal;
using AffectEngine.Core;

namespace AffectEngine.Affect.Tests;

/// <summary>
/// Issue 21, appraisal round 3: the store answers belief lookups from a per-slot row of 16-bit tags, a
/// mirror of the canonical list, and goal lookups from its goal table (the goals' only copy, GoalTableTests). Checked against plain
/// list models through every way the lists change (updates and resolutions, the seam's Belief and
/// ForgetBelief, ReplaceBeliefs, goal adds and coping's in-place utility rewrites, saving and loading,
/// slot reuse), probing every key of the universe after every step: lists shorter and longer than the
/// rows, and keys chosen to share a tag, so the row's "absent", "candidate is someone else" and
/// "past the row" paths all run.
/// </summary>
public sealed class AppraisalRowTests
{
    [Fact]
    public void Belief_lookups_through_the_tag_row_match_a_plain_list_step_by_step()
    {
        var (world, store, agents) = Setup(3);

        // Agent 0 draws from 6 keys (short lists), agent 1 from 100 (lists past the 32-tag row), agent 2
        // from 10 keys plus, for each, another key with the same tag.
        var universes = new List<(BeliefId, GoalId)>[3];
        universes[0] = Keys(2, 3);
        universes[1] = Keys(10, 10);
        universes[2] = Keys(2, 5);
        var colliding = 0;
        foreach (var (b, g) in universes[2].ToArray())
        {
            var tag = AppraisalStore.BeliefTag(AppraisalStore.BeliefKey(b, g));
            for (var other = 100; other < 1_000_000; other++)
            {
                var ob = new BeliefId(other);
                if (AppraisalStore.BeliefTag(AppraisalStore.BeliefKey(ob, g)) == tag)
                {
                    universes[2].Add((ob, g));
                    colliding++;
                    break;
                }
            }
        }

        Assert.Equal(10, colliding);
        var model = new List<BeliefState>[3];
        for (var i = 0; i < 3; i++)
        {
            model[i] = [];
        }

        var rng = new Random(2103);
        float[] likelihoods = [0f, 0.25f, 0.5f, 0.9f, 1f];
        var longest = 0;
        var candidatesElsewhere = 0;
        for (var step = 0; step < 20000; step++)
        {
            var ai = rng.Next(3);
            var agent = agents[ai];
            var list = model[ai];
            var (belief, goal) = universes[ai][rng.Next(universes[ai].Count)];
            var at = list.FindIndex(x => x.Belief == belief && x.Goal == goal);
            var op = rng.Next(200);
            if (op < 170)
            {
                // Open more often than resolved, so agent 1's lists grow past the row.
                var l = likelihoods[ai == 1 && rng.Next(3) > 0 ? 2 : rng.Next(likelihoods.Length)];
                var d = (float)((rng.NextDouble() * 2) - 1);
                var existed = store.UpdateBelief(agent, belief, goal, l, d, out var priorL, out var priorD);
                Assert.Equal(at >= 0, existed);
                Assert.Equal(at >= 0 ? list[at].Likelihood : 0f, priorL);
                Assert.Equal(at >= 0 ? list[at].Desirability : 0f, priorD);
                if (l > 0f && l < 1f)
                {
                    if (at >= 0)
                    {
                        list[at] = new BeliefState(belief, goal, l, d);
                    }
                    else
                    {
                        list.Add(new BeliefState(belief, goal, l, d));
                    }
                }
                else if (at >= 0)
                {
                    list.RemoveAt(at);
                }
            }
            else if (op < 180)
            {
                ref var b = ref store.Belief(agent, belief, goal, out var existed);
                Assert.Equal(at >= 0, existed);
                b.Likelihood = 0.5f;
                if (at < 0)
                {
                    list.Add(new BeliefState(belief, goal, 0.5f, 0f));
                }
                else
                {
                    list[at] = new BeliefState(belief, goal, 0.5f, list[at].Desirability);
                }
            }
            else if (op < 190)
            {
                store.ForgetBelief(agent, belief, goal);
                if (at >= 0)
                {
                    list.RemoveAt(at);
                }
            }
            else if (op < 195)
            {
                // Every other entry, reversed: a new order the row must follow.
                var kept = new List<BeliefState>();
                for (var i = list.Count - 1; i >= 0; i -= 2)
                {
                    kept.Add(list[i]);
                }

                store.ReplaceBeliefs(agent, kept.ToArray());
                model[ai] = kept;
            }
            else if (op < 198)
            {
                store = SaveAndLoad(store, world);
            }
            else
            {
                // The slot's next occupant starts with no beliefs (and an empty row).
                store.OnAgentRemoved(agent);
                world.RemoveAgent(agent);
                agents[ai] = world.AddAgent();
                store.OnAgentAdded(agents[ai]);
                model[ai] = [];
            }

            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(model[i].ToArray(), store.View(agents[i]).Beliefs.ToArray());
                longest = Math.Max(longest, model[i].Count);
                var found = new int[universes[i].Count];
                for (var k = 0; k < found.Length; k++)
                {
                    var (b, g) = universes[i][k];
                    found[k] = model[i].FindIndex(x => x.Belief == b && x.Goal == g);
                    Assert.Equal(found[k], store.IndexOfBelief(agents[i].Slot, AppraisalStore.BeliefKey(b, g)));
                }

                // Agent 2's keys k and k + 10 share a tag: one absent while the other is held means the
                // row offered a candidate that was someone else.
                for (var k = 0; i == 2 && k < 10; k++)
                {
                    if ((found[k] < 0) != (found[k + 10] < 0))
                    {
                        candidatesElsewhere++;
                    }
                }
            }
        }

        Assert.True(longest > 40, $"longest list {longest}");
        Assert.True(candidatesElsewhere > 1000, $"{candidatesElsewhere}");
    }

    [Fact]
    public void Goal_lookups_through_the_goal_table_match_a_plain_list_step_by_step()
    {
        var (world, store, agents) = Setup(3);
        var model = new List<(GoalId Goal, float Utility)>[3];
        for (var i = 0; i < 3; i++)
        {
            model[i] = [];
        }

        var rng = new Random(2104);
        var longest = 0;
        for (var step = 0; step < 6000; step++)
        {
            var ai = rng.Next(3);
            var agent = agents[ai];
            var list = model[ai];
            var op = rng.Next(100);

            // Up to 24 goal ids: more than the 16 the line compares cover.
            var goal = new GoalId(1 + rng.Next(24));
            var utility = (float)((rng.NextDouble() * 2) - 1);
            var at = list.FindIndex(x => x.Goal == goal);
            if (op < 60)
            {
                store.SetGoal(agent, new GoalDescription(goal, new Utility(utility)));
                if (at >= 0)
                {
                    list[at] = (goal, utility);
                }
                else
                {
                    list.Add((goal, utility));
                }
            }
            else if (op < 90 && list.Count > 0)
            {
                // Coping: the utility rewritten through the view, the id kept.
                var i = rng.Next(list.Count);
                var goals = store.View(agent).Goals;
                goals[i] = new GoalState(new GoalDescription(goals[i].Goal, new Utility(utility)));
                list[i] = (list[i].Goal, utility);
            }
            else if (op < 95)
            {
                store = SaveAndLoad(store, world);
            }
            else if (op < 97)
            {
                store.OnAgentRemoved(agent);
                world.RemoveAgent(agent);
                agents[ai] = world.AddAgent();
                store.OnAgentAdded(agents[ai]);
                model[ai] = [];
            }

            for (var i = 0; i < 3; i++)
            {
                longest = Math.Max(longest, model[i].Count);
                for (var g = 0; g <= 25; g++)
                {
                    var expected = model[i].FindIndex(x => x.Goal.Value == g);
                    Assert.Equal(expected, store.IndexOfGoal(agents[i].Slot, g));
                    Assert.Equal(expected >= 0, store.TryGetUtility(agents[i], new GoalId(g), out var u));
                    Assert.Equal(expected >= 0 ? model[i][expected].Utility : 0f, u);
                }
            }
        }

        Assert.True(longest > 20, $"longest goal list {longest}");
    }

    [Fact]
    public void A_slot_list_entry_past_the_count_is_refused_though_its_array_still_holds_it()
    {
        // Span and At check the slot's count, not the array's length: after a removal the array still
        // holds the removed place (cleared), after growth it holds spare places; neither may be read.
        var list = new SlotList<BeliefState>();
        for (var i = 0; i < 5; i++)
        {
            list.Add(3, new BeliefState(new BeliefId(i + 1), new GoalId(1), 0.5f, 0.25f));
        }

        list.RemoveAt(3, 1);
        Assert.Equal(4, list.Span(3).Length);
        Assert.Equal(new BeliefId(5), list.At(3, 3).Belief);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.At(3, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.At(3, 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => list.At(3, -1));
        list.Clear(3);
        Assert.Equal(0, list.Span(3).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.At(3, 0));
        Assert.Equal(0, list.Span(2).Length);
        Assert.Equal(0, list.Span(1000).Length);
    }

    private static (World World, AppraisalStore Store, AgentId[] Agents) Setup(int count)
    {
        var schema = AgentSchema.CreateBuilder();
        _ = new AffectModule(schema, new AffectSettings());
        var world = new World(schema.Build(), new WorldOptions { Seed = 3, InitialCapacity = 8 });
        var store = new AppraisalStore(world);
        var agents = new AgentId[count];
        for (var i = 0; i < count; i++)
        {
            agents[i] = world.AddAgent();
            store.OnAgentAdded(agents[i]);
        }

        return (world, store, agents);
    }

    // A fresh store loaded from the old one's saved state: the rows must be rebuilt from the loaded lists.
    private static AppraisalStore SaveAndLoad(AppraisalStore store, World world)
    {
        var writer = new BufferStateWriter();
        store.WriteState(writer);
        var loaded = new AppraisalStore(world);
        loaded.ReadState(new BufferStateReader(writer.ToArray()));
        return loaded;
    }

    private static List<(BeliefId, GoalId)> Keys(int beliefs, int goals)
    {
        var keys = new List<(BeliefId, GoalId)>();
        for (var b = 1; b <= beliefs; b++)
        {
            for (var g = 1; g <= goals; g++)
            {
                keys.Add((new BeliefId(b), new GoalId(g)));
            }
        }

        return keys;
    }
}
