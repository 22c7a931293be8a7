using System;
using System.Collections.Generic;
using AffectEngine.Appraisal;

namespace AffectEngine.Affect.Tests;

/// <summary>
/// Issue 21, second round: the store answers "no liking" from a per-agent filter, the stage hints
/// the cache for the next events' rows, and the belief scan compares 64-bit keys. The filter must
/// never hide a liking: an agent liking every other one (every filter bit set), a removed agent's
/// slot reused by a newcomer, and a world reloaded from a snapshot must give the states the plugin
/// seam's view path gives, and a reloaded world the states of the undisturbed run.
/// </summary>
public sealed class AppraisalPeerPathTests
{
    private const int Agents = 80;

    [Fact]
    public void Liking_filter_gives_the_view_paths_states_with_saturated_filters_and_a_reused_slot()
    {
        using var direct = Fixture.Create("occ", capacity: 128);
        using var viewed = Fixture.Create(AppraisalFastPathTests.ThroughViews.ModelName, capacity: 128);
        var d = Populate(direct);
        var v = Populate(viewed);

        // A newcomer takes a removed agent's slot: the others' likings of the old handle must not
        // apply to it, and it holds none of its predecessor's likings.
        foreach (var (f, agents) in new[] { (direct, d), (viewed, v) })
        {
            f.World.RemoveAgent(agents[5]);
            var newcomer = f.Agent(new Ocean(0.3f, 0.1f, 0.6f, -0.2f, 0.4f));
            Assert.Equal(agents[5].Slot, newcomer.Slot);
            agents[5] = newcomer;
            DeclareGoals(f, newcomer);
        }

        for (long t = 0; t < 30; t++)
        {
            Enqueue(direct, d, t);
            Enqueue(viewed, v, t);
            direct.Simulation.Step();
            viewed.Simulation.Step();
            Assert.Equal(viewed.Simulation.ComputeHash(), direct.Simulation.ComputeHash());
        }

        // Fortunes of others did arise: the agent who likes everyone felt for the owners.
        var forOthers = direct.I(d[0], EmotionType.HappyFor) + direct.I(d[0], EmotionType.Pity)
            + direct.I(d[0], EmotionType.Resentment) + direct.I(d[0], EmotionType.Gloating);
        Assert.True(forOthers > 0f, "no fortune-of-others emotion arose, so the liking lookups were not exercised");
    }

    [Fact]
    public void A_world_loaded_from_a_snapshot_rebuilds_its_filters_and_continues_with_the_same_hashes()
    {
        using var f = Fixture.Create("occ", capacity: 128);
        var agents = Populate(f);
        for (long t = 0; t < 10; t++)
        {
            Enqueue(f, agents, t);
            f.Simulation.Step();
        }

        var snapshot = f.Simulation.SaveSnapshot();
        var hashes = new List<ulong>();
        for (long t = 10; t < 25; t++)
        {
            Enqueue(f, agents, t);
            f.Simulation.Step();
            hashes.Add(f.Simulation.ComputeHash());
        }

        // A world with other likings (other filter bits) loads the snapshot: its filters must be rebuilt
        // from the loaded likings alone.
        using var g = Fixture.Create("occ", capacity: 128);
        Populate(g, seed: 8);

        g.Simulation.LoadSnapshot(snapshot);
        for (long t = 10; t < 25; t++)
        {
            Enqueue(g, agents, t);
            g.Simulation.Step();
            Assert.Equal(hashes[(int)(t - 10)], g.Simulation.ComputeHash());
        }
    }

    [Fact]
    public void Without_an_observer_the_unsorted_perceiver_path_gives_the_sorted_paths_states()
    {
        // An observer that changes nothing keeps the stage on its sorted path (an observer sees the
        // perceivers' order); without one the stage lists perceivers unsorted and skips bystanders who
        // can feel nothing. Every tick's state must be the same, bit for bit.
        using var sorted = Fixture.Create("occ", capacity: 128);
        using var unsorted = Fixture.Create("occ", capacity: 128);
        var observer = new PassThrough();
        sorted.Appraisal.Connect(null, observer);
        var s = Populate(sorted);
        var u = Populate(unsorted);
        for (long t = 0; t < 40; t++)
        {
            Enqueue(sorted, s, t);
            Enqueue(unsorted, u, t);
            sorted.Simulation.Step();
            unsorted.Simulation.Step();
            Assert.Equal(sorted.Simulation.ComputeHash(), unsorted.Simulation.ComputeHash());
        }

        Assert.True(observer.Weights > 0, "the observed world never took the sorted path");
        var forOthers = unsorted.I(u[0], EmotionType.HappyFor) + unsorted.I(u[0], EmotionType.Pity)
            + unsorted.I(u[0], EmotionType.Resentment) + unsorted.I(u[0], EmotionType.Gloating);
        Assert.True(forOthers > 0f, "no fortune-of-others emotion arose, so bystanders were never appraised");
    }

    private static List<AgentId> Populate(Fixture f, ulong seed = 7)
    {
        var agents = new List<AgentId>();
        var r = new RandomStream(seed, 1, 0, 0);

        // Names are interned in the same order in every world, so ids match across worlds.
        for (var b = 0; b < 3; b++)
        {
            f.Names.Belief("b" + b);
        }

        for (var i = 0; i < Agents; i++)
        {
            var a = f.Agent(new Ocean(S(ref r), S(ref r), S(ref r), S(ref r), S(ref r)));
            agents.Add(a);
            DeclareGoals(f, a);
        }

        // Agent 0 likes or dislikes every other agent (its filter has every bit set); the rest hold
        // three likings each, some of them of agent 5, who is later replaced.
        for (var i = 1; i < Agents; i++)
        {
            f.Appraisal.SetLiking(agents[0], agents[i], S(ref r));
            foreach (var other in new[] { 5, (i * 7) % Agents, (i * 13) % Agents })
            {
                if (other != i)
                {
                    f.Appraisal.SetLiking(agents[i], agents[other], S(ref r));
                }
            }
        }

        return agents;
    }

    private static void DeclareGoals(Fixture f, AgentId a)
    {
        for (var g = 0; g < 4; g++)
        {
            f.Appraisal.DeclareGoal(a, "g" + g, 0.25f * (g - 1.5f));
        }
    }

    // Each event: two owners' goals, the agent who likes everyone and four others as witnesses, a
    // belief from a small set so prospects open, resolve and are forgotten.
    private static void Enqueue(Fixture f, List<AgentId> agents, long tick)
    {
        var r = new RandomStream(7, 2, tick, 0);
        for (var k = 0; k < 20; k++)
        {
            var u = r.NextSingle();
            var l = u < 0.4f ? 1f : u < 0.8f ? 0.2f + (0.6f * r.NextSingle()) : 0f;
            var effects = new[]
            {
                f.Effect(agents[1 + r.NextInt(Agents - 1)], "g" + r.NextInt(4), S(ref r), l),
                f.Effect(agents[1 + r.NextInt(Agents - 1)], "g" + r.NextInt(4), S(ref r), l),
            };
            var witnesses = new[] { agents[0], agents[r.NextInt(Agents)], agents[r.NextInt(Agents)], agents[5], agents[r.NextInt(Agents)] };
            f.Appraisal.Enqueue(new AppraisalEvent(tick, InputSources.Scenario, k, default, agents[r.NextInt(Agents)], effects, f.Names.Belief("b" + r.NextInt(3)), default, witnesses));
        }
    }

    private static float S(ref RandomStream r) => (r.NextSingle() * 2f) - 1f;

    /// <summary>Weighs every impulse by 1 (intensities are at most 1, so nothing changes) and counts the calls.</summary>
    private sealed class PassThrough : IAppraisalObserver
    {
        public int Weights { get; private set; }

        public float Weight(AppraisalEvent appraisalEvent, AgentId perceiver, EmotionType type)
        {
            Weights++;
            return 1f;
        }

        public void Appraised(AppraisalEvent appraisalEvent, ReadOnlySpan<EmotionImpulse> felt)
        {
        }
    }
}
