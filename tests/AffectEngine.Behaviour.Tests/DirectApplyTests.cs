using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Core.Tests;
using AffectEngine.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Behaviour.Tests;

/// <summary>
/// EndTick applies runs of actions that are not appraised (a move at most, then the report) in place, without
/// Apply's dispatch (BehaviourSystem.ApplyRun). Every happening, every engine event in its order and every hash
/// must be those of the plain apply, including where such runs meet choices that go through Apply.
/// </summary>
public sealed class DirectApplyTests
{
    // A small crowd in panic (the heavy benchmark's rules plus a move toward and an appraised action), with breaks,
    // so runs of direct choices are cut by breaks and appraised actions; the target agent flees from itself (the
    // same-spot direction from the seeded stream).
    private static SimulationRunner Crowd(int agents, int threads)
    {
        var services = new ServiceCollection();
        var builder = services.AddAffectEngine(o =>
        {
            o.World.Seed = 7;
            o.World.Threads = threads;
            o.World.InitialCapacity = agents;
            o.Affect.SetDecayAll(new DecaySetting(DecayKind.Exponential, 3600));
            o.Affect.Events.Enabled = true;
        });
        builder.AddBehaviour(b =>
        {
            var flee = new ActionRule { Name = "flee", Utility = 1f, Target = TargetKind.Agent, Move = MoveKind.Away, Speed = 1f, MaxSpeed = 3f, Appraised = false };
            flee.Conditions.Add(new Condition(ConditionKind.Emotion, (int)EmotionType.Fear, 0.5f, 1f));
            var approach = new ActionRule { Name = "approach", Utility = 0.9f, Target = TargetKind.Agent, Move = MoveKind.Toward, Speed = 0.5f, MaxSpeed = 2f, Reach = 1.5f, Appraised = false };
            approach.Conditions.Add(new Condition(ConditionKind.Emotion, (int)EmotionType.Anger, 0.5f, 1f));
            var comfort = new ActionRule { Name = "comfort", Utility = 0.5f, Appraised = false };
            comfort.Conditions.Add(new Condition(ConditionKind.Emotion, (int)EmotionType.Pity, 0.6f, 1f));
            var shout = new ActionRule { Name = "shout", Utility = 0.8f, Target = TargetKind.Agent, Move = MoveKind.Toward, Reach = 1f, CooldownTicks = 3 };
            shout.Conditions.Add(new Condition(ConditionKind.Emotion, (int)EmotionType.Distress, 0.5f, 1f));
            b.Actions.Add(flee);
            b.Actions.Add(approach);
            b.Actions.Add(comfort);
            b.Actions.Add(shout);
            b.Break = new BreakRule { PleasureBelow = -0.05f, ForTicks = 2, LastsTicks = 3, Action = 2 };
        });

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
            var rng = new RandomStream(7, 99, 0, i);
            affect.SetPersonality(id, new Ocean(
                (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1,
                (rng.NextSingle() * 2) - 1, (rng.NextSingle() * 2) - 1));
            for (var e = 0; e < Emotions.Count; e++)
            {
                world.Value(id, e0, e) = rng.NextSingle() < 0.3f ? rng.NextSingle() : 0f;
            }

            world.Value(id, runner.Position, 0) = i % side;
            world.Value(id, runner.Position, 1) = i / side;
        }

        // A frightened agent on the flee target's spot: the direction comes from the seeded stream.
        var same = ids[(agents / 2) + 1];
        world.Value(same, e0, (int)EmotionType.Fear) = 0.95f;
        world.Value(same, runner.Position, 0) = world.Value(ids[agents / 2], runner.Position, 0);
        world.Value(same, runner.Position, 1) = world.Value(ids[agents / 2], runner.Position, 1);
        var module = runner.Behaviour();
        module.Settings.Actions[0].TargetAgent = ids[agents / 2];
        module.Settings.Actions[1].TargetAgent = ids[agents / 3];
        module.Settings.Actions[3].TargetAgent = ids[agents / 4];
        foreach (var id in ids)
        {
            module.SetRules(id, 0b1111);
        }

        // The flee target stays put, so the agent on its spot is there when its flee is applied.
        module.SetRules(ids[agents / 2], 0);

        return runner;
    }

    private static void Compare(SimulationRunner direct, SimulationRunner plain, int ticks, Dictionary<HappeningKind, int> kinds, HashSet<int> actions, bool stream = false)
    {
        plain.Behaviour().Pass!.PlainApply = true;
        if (stream)
        {
            // Streaming stores for the moves are for worlds too big for the cache; these are small.
            direct.Behaviour().Pass!.StreamMovesFrom = 0;
        }

        for (var t = 0; t < ticks; t++)
        {
            direct.Step();
            plain.Step();
            var a = direct.Behaviour().Happenings.ToArray();
            Assert.Equal(plain.Behaviour().Happenings.ToArray(), a);
            Assert.Equal(plain.World.Events.Events.ToArray(), direct.World.Events.Events.ToArray());
            Assert.Equal(plain.Simulation.ComputeHash(), direct.Simulation.ComputeHash());
            foreach (var h in a)
            {
                kinds[h.Kind] = kinds.GetValueOrDefault(h.Kind) + 1;
                actions.Add(h.Action);
            }
        }

        Assert.Equal(0, plain.Behaviour().Pass!.DirectApplied);
        Assert.True(direct.Behaviour().Pass!.DirectApplied > 0, "the direct path was never taken");
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    public void Direct_runs_give_the_plain_apply_bits_in_a_crowd(int threads, bool stream)
    {
        using var direct = Crowd(3000, threads);
        using var plain = Crowd(3000, threads);
        var kinds = new Dictionary<HappeningKind, int>();
        var actions = new HashSet<int>();
        Compare(direct, plain, 40, kinds, actions, stream);

        // Runs met every other kind of choice: breaks and the appraised action, and every action of the rules was chosen.
        Assert.True(kinds.GetValueOrDefault(HappeningKind.BreakStarted) > 0 && kinds.GetValueOrDefault(HappeningKind.BreakEnded) > 0, "no breaks");
        Assert.True(actions.IsSupersetOf([0, 1, 2, 3]), $"actions chosen: {string.Join(",", actions)}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Direct_runs_give_the_plain_apply_bits_in_the_brawl(bool stream)
    {
        // Appraised (shove, scold) and direct (flee, leave) actions of a few agents: short runs.
        using var direct = Sims.Create(Sims.Load("sims", "tavern-brawl", "brawl.json"));
        using var plain = Sims.Create(Sims.Load("sims", "tavern-brawl", "brawl.json"));
        var kinds = new Dictionary<HappeningKind, int>();
        var actions = new HashSet<int>();
        Compare(direct, plain, 200, kinds, actions, stream);
        Assert.True(kinds.GetValueOrDefault(HappeningKind.ActionChosen) > 10, "too few actions");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Direct_runs_allocate_nothing_per_tick(bool stream)
    {
        using var runner = Crowd(3000, 1);
        runner.Behaviour().Pass!.StreamMovesFrom = stream ? 0 : long.MaxValue;
        runner.Run(20);
        Assert.Equal(0, Allocation.SteadyStateBytes(runner.Simulation, () => runner.Run(5)));
    }
}
