using System;
using System.Collections.Generic;
using AffectEngine.Appraisal;
using AffectEngine.Core;

namespace AffectEngine.Affect.Tests;

/// <summary>
/// Issue 21, appraisal round 2: the store skips the belief scan when a slot's belief filter has no bit for
/// the key (since round 3 a row of 16-bit tags instead, see AppraisalRowTests; this test still drives it). Checked against a plain list model through every way beliefs change (update, resolve, the
/// seam's Belief/ForgetBelief, ReplaceBeliefs, slot reuse): the same priors, and the same list in the same
/// order, after every step. 144 keys per agent against a 128-bit filter, so many bits collide and the
/// scan-after-a-set-bit path is exercised as much as the skip.
/// </summary>
public sealed class AppraisalBeliefFilterTests
{
    [Fact]
    public void Belief_updates_with_the_filter_match_a_plain_list_step_by_step()
    {
        var schema = AgentSchema.CreateBuilder();
        _ = new AffectModule(schema, new AffectSettings());
        var world = new World(schema.Build(), new WorldOptions { Seed = 3, InitialCapacity = 8 });
        var store = new AppraisalStore(world);
        var agents = new List<AgentId>();
        for (var i = 0; i < 3; i++)
        {
            var a = world.AddAgent();
            store.OnAgentAdded(a);
            agents.Add(a);
        }

        var model = new Dictionary<AgentId, List<BeliefState>>();
        foreach (var a in agents)
        {
            model[a] = [];
        }

        var rng = new Random(21);
        float[] likelihoods = [0f, 0.25f, 0.5f, 0.9f, 1f];
        var resolvedFound = 0;
        var skipped = 0;
        for (var step = 0; step < 20000; step++)
        {
            var agentIndex = rng.Next(agents.Count);
            var agent = agents[agentIndex];
            var list = model[agent];
            var belief = new BeliefId(1 + rng.Next(12));
            var goal = new GoalId(1 + rng.Next(12));
            var at = list.FindIndex(b => b.Belief == belief && b.Goal == goal);
            var op = rng.Next(100);
            if (op < 80)
            {
                var l = likelihoods[rng.Next(likelihoods.Length)];
                var d = (float)((rng.NextDouble() * 2) - 1);
                var existed = store.UpdateBelief(agent, belief, goal, l, d, out var priorL, out var priorD);
                Assert.Equal(at >= 0, existed);
                Assert.Equal(at >= 0 ? list[at].Likelihood : 0f, priorL);
                Assert.Equal(at >= 0 ? list[at].Desirability : 0f, priorD);
                var open = l > 0f && l < 1f;
                if (at >= 0 && open)
                {
                    list[at] = new BeliefState(belief, goal, l, d);
                }
                else if (at >= 0)
                {
                    list.RemoveAt(at);
                    resolvedFound++;
                }
                else if (open)
                {
                    list.Add(new BeliefState(belief, goal, l, d));
                }
                else
                {
                    skipped++;
                }
            }
            else if (op < 88)
            {
                ref var b = ref store.Belief(agent, belief, goal, out var existed);
                Assert.Equal(at >= 0, existed);
                b.Likelihood = 0.5f;
                b.Desirability = 0.25f;
                if (at < 0)
                {
                    list.Add(new BeliefState(belief, goal, 0.5f, 0.25f));
                }
                else
                {
                    list[at] = new BeliefState(belief, goal, 0.5f, 0.25f);
                }
            }
            else if (op < 95)
            {
                store.ForgetBelief(agent, belief, goal);
                if (at >= 0)
                {
                    list.RemoveAt(at);
                }
            }
            else if (op < 99)
            {
                // Keep every other entry, reversed: a new order the filter must follow.
                var kept = new List<BeliefState>();
                for (var i = list.Count - 1; i >= 0; i -= 2)
                {
                    kept.Add(list[i]);
                }

                store.ReplaceBeliefs(agent, kept.ToArray());
                model[agent] = kept;
            }
            else
            {
                // The slot's next occupant starts with no beliefs (and no filter bits).
                store.OnAgentRemoved(agent);
                world.RemoveAgent(agent);
                var next = world.AddAgent();
                store.OnAgentAdded(next);
                agents[agentIndex] = next;
                model.Remove(agent);
                model[next] = [];
                Assert.True(store.View(next).Beliefs.IsEmpty);
                Assert.False(store.UpdateBelief(next, belief, goal, 1f, 0.5f, out _, out _));
            }

            foreach (var a in agents)
            {
                Assert.Equal(model[a].ToArray(), store.View(a).Beliefs.ToArray());
            }
        }

        // Both kinds of "not open" update happened many times: resolving a held prospect and resolving an absent one.
        Assert.True(resolvedFound > 500, $"resolved {resolvedFound}, skipped {skipped}");
        Assert.True(skipped > 500, $"skipped {skipped}");
    }
}
