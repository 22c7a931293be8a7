using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using AffectEngine.Appraisal;
using AffectEngine.Core;

namespace AffectEngine.Affect.Tests;

/// <summary>
/// Issue 21 (util branch): the store keeps every agent's goals in one table, their only copy; views hand
/// out spans over it and the Appraise stage finds a goal by comparing a whole line of ids at once.
/// </summary>
public sealed class GoalTableTests
{
    private const float OneStepDecay = 0.1f / 20f;
    private const float Tol = 1e-5f;

    [Fact]
    public void A_utility_rewritten_through_the_view_as_coping_does_is_what_the_next_appraisal_reads()
    {
        using var f = Fixture.Occ();
        var mara = f.Agent();
        var bren = f.Agent();

        // Ten goals each, so a run spans three lines and the goal sits on the last; Bren's run lies between
        // Mara's lines and any stale copy would have to be of Mara's.
        for (var g = 0; g < 10; g++)
        {
            f.Appraisal.DeclareGoal(mara, $"g{g}", 0.1f + (0.05f * g));
            f.Appraisal.DeclareGoal(bren, $"g{g}", 0.3f);
        }

        f.Send([f.Effect(mara, "g9", 1f, 1f)]);
        var joy = f.I(mara, EmotionType.Joy);
        Assert.Equal(0.55f - OneStepDecay, joy, Tol);

        // Coping's distancing (BehaviourSystem.Distance): the whole entry replaced through the view's span.
        var goals = f.Appraisal.View(mara).Goals;
        var at = f.Appraisal.View(mara).IndexOfGoal(f.Names.Goal("g9"));
        var old = goals[at];
        goals[at] = new GoalState(new GoalDescription(old.Goal, new Utility(-0.6f), old.Kind)) { Likelihood = old.Likelihood, HasLikelihood = old.HasLikelihood };

        f.Send([f.Effect(mara, "g9", 1f, 1f)]);
        Assert.Equal(0.6f - OneStepDecay, f.I(mara, EmotionType.Distress), Tol);
        Assert.Equal(joy - OneStepDecay, f.I(mara, EmotionType.Joy), Tol);
        Assert.Equal(-0.6f, f.Appraisal.View(mara).Goals[at].Utility);

        // Bren's goal of the same name kept its utility.
        f.Send([f.Effect(bren, "g9", 1f, 1f)]);
        Assert.Equal(0.3f - OneStepDecay, f.I(bren, EmotionType.Joy), Tol);
    }

    [Fact]
    public void Every_line_compare_finds_the_first_matching_id_within_the_count_and_nothing_else()
    {
        // The vector finds (512-bit, 256-bit) against the scalar loop and a plain reference, on runs with
        // ids past the count (a removed goal's place is cleared, but the finds must not rely on it),
        // repeated ids, ids 0 and -1, utilities whose bits equal a probed id, and more than 16 goals.
        var rng = new Random(2106);
        var run = new GoalState[24];
        var probes = 0;
        for (var step = 0; step < 20000; step++)
        {
            var count = rng.Next(run.Length + 1);
            for (var i = 0; i < run.Length; i++)
            {
                var id = rng.Next(5) == 0 ? rng.Next(-1, 2) : rng.Next(14);
                var utility = rng.Next(4) == 0 ? BitConverter.Int32BitsToSingle(rng.Next(14)) : 0.5f;
                run[i] = new GoalState(new GoalDescription(new GoalId(id), new Utility(float.IsNaN(utility) ? 0f : Math.Clamp(utility, -1f, 1f))));
            }

            for (var goal = -1; goal <= 15; goal++)
            {
                var expected = -1;
                for (var i = 0; i < count; i++)
                {
                    if (run[i].Goal.Value == goal)
                    {
                        expected = i;
                        break;
                    }
                }

                Assert.Equal(expected, GoalTable.FindScalar(ref run[0], count, goal, 0));
                Assert.Equal(expected, GoalTable.Find(ref run[0], count, goal));
                if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
                {
                    Assert.Equal(expected, GoalTable.Find256(ref run[0], count, goal));
                }

                if (System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
                {
                    Assert.Equal(expected, GoalTable.Find512(ref run[0], count, goal));
                }

                probes++;
            }
        }

        Assert.Equal(20000 * 17, probes);
    }

    [Fact]
    public void Runs_that_grow_move_and_are_reused_keep_every_slots_goals_apart()
    {
        // Twelve slots adding goals in turn (each growth moves a run and frees the old one for the next
        // slot that needs that size), cleared and refilled, against a plain list per slot.
        var table = new GoalTable();
        var model = new List<GoalState>[12];
        for (var i = 0; i < model.Length; i++)
        {
            model[i] = [];
        }

        var rng = new Random(2107);
        for (var step = 0; step < 8000; step++)
        {
            var slot = rng.Next(model.Length);
            if (rng.Next(40) == 0)
            {
                table.Clear(slot);
                model[slot].Clear();
            }
            else if (model[slot].Count < 70)
            {
                var g = new GoalState(new GoalDescription(new GoalId(1 + rng.Next(90)), new Utility((float)rng.NextDouble()), rng.Next(2) == 0 ? GoalKind.Achievement : GoalKind.Maintenance));
                table.Add(slot, g);
                model[slot].Add(g);
            }

            if (rng.Next(10) == 0 && model[slot].Count > 0)
            {
                // A write through the span lands in the table.
                var i = rng.Next(model[slot].Count);
                table.Span(slot)[i].Likelihood = 0.25f;
                var m = model[slot][i];
                m.Likelihood = 0.25f;
                model[slot][i] = m;
            }

            var s = rng.Next(model.Length);
            Assert.Equal(model[s].Count, table.Count(s));
            Assert.Equal(model[s].ToArray(), table.Span(s).ToArray());
            for (var goal = 0; goal <= 91; goal += 7)
            {
                var expected = model[s].FindIndex(x => x.Goal.Value == goal);
                Assert.Equal(expected, table.IndexOf(s, goal));
                Assert.Equal(expected >= 0, table.TryGetUtility(s, goal, out var u));
                Assert.Equal(expected >= 0 ? model[s][expected].Utility : 0f, u);
            }
        }

        Assert.Equal(0, table.Count(500));
        Assert.Equal(-1, table.IndexOf(500, 1));
    }

    [Fact]
    public void A_span_held_over_a_run_that_moved_never_writes_into_another_slots_goals()
    {
        // Misuse the view allows: a span kept while goals are declared. Its writes may be lost (as with an
        // array per slot that was replaced), but must not land in a run handed to another slot.
        static GoalState G(int id, float u) => new(new GoalDescription(new GoalId(id), new Utility(u)));
        var table = new GoalTable();
        for (var i = 0; i < 4; i++)
        {
            table.Add(0, G(i + 1, 0.1f));
        }

        var held = table.Span(0);
        table.Add(0, G(5, 0.1f));
        for (var slot = 1; slot < 40; slot++)
        {
            for (var i = 0; i < 4; i++)
            {
                table.Add(slot, G(i + 1, 0.5f));
            }
        }

        held[0] = G(1, -0.9f);
        held[1] = G(99, -0.9f);
        for (var slot = 1; slot < 40; slot++)
        {
            Assert.True(table.TryGetUtility(slot, 1, out var u) && u == 0.5f, $"slot {slot}");
            Assert.Equal(1, table.IndexOf(slot, 2));
        }

        Assert.True(table.TryGetUtility(0, 1, out var own) && own == 0.1f);
        Assert.Equal(-1, table.IndexOf(0, 99));
    }

    [Fact]
    public void A_goal_state_is_sixteen_bytes_with_the_id_first_and_only_declared_kinds()
    {
        // The line compare reads the id at every fourth int of a line.
        var g = new GoalState(new GoalDescription(new GoalId(77), new Utility(0.5f), GoalKind.Maintenance)) { Likelihood = 0.3f, HasLikelihood = true };
        Assert.Equal(16, Unsafe.SizeOf<GoalState>());
        Assert.Equal(77, Unsafe.As<GoalState, int>(ref g));
        Assert.Equal((new GoalId(77), 0.5f, GoalKind.Maintenance, 0.3f, true), (g.Goal, g.Utility, g.Kind, g.Likelihood, g.HasLikelihood));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GoalState(new GoalDescription(new GoalId(1), new Utility(0.5f), (GoalKind)2)));
    }

    [Fact]
    public void A_saved_goal_kind_that_is_not_a_kind_is_refused_on_load()
    {
        var schema = AgentSchema.CreateBuilder();
        _ = new AffectModule(schema, new AffectSettings());
        var world = new World(schema.Build(), new WorldOptions { Seed = 3, InitialCapacity = 8 });
        var store = new AppraisalStore(world);
        var agent = world.AddAgent();
        store.OnAgentAdded(agent);
        store.SetGoal(agent, new GoalDescription(new GoalId(5), new Utility(0.5f), GoalKind.Maintenance));
        var writer = new BufferStateWriter();
        store.WriteState(writer);
        var bytes = writer.ToArray();

        // version, slot, generation, goal count, goal id, utility, then the kind.
        Assert.Equal(1, BitConverter.ToInt32(bytes, 24));
        BitConverter.GetBytes(9).CopyTo(bytes, 24);
        var loaded = new AppraisalStore(world);
        Assert.Throws<FormatException>(() => loaded.ReadState(new BufferStateReader(bytes)));
    }
}
