using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Hosting;

namespace AffectEngine.Behaviour.Tests;

/// <summary>sims/tavern-brawl: one scripted insult; the rest emerges from NPCs appraising NPCs' actions.</summary>
public sealed class BrawlTests
{
    private static SimulationRunner Brawl(int threads = 1, bool insult = true)
    {
        var scenario = Sims.Load("sims", "tavern-brawl", "brawl.json");
        if (!insult)
        {
            scenario.Events.Clear();
        }

        return Sims.Create(scenario, threads);
    }

    [Fact]
    public void A_scripted_insult_produces_shove_then_flight_and_bystanders_take_sides()
    {
        using var runner = Brawl();
        var first = new Dictionary<string, (long Tick, string Line)>();
        var lines = Sims.Trace(runner, 60);
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var tick = long.Parse(line.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture);
            var text = line.Substring(colon + 2);
            var key = text.Substring(0, text.IndexOf(':', StringComparison.Ordinal));
            first.TryAdd(key, (tick, text));
        }

        // The insult is at 2 s = tick 20; it is appraised then, and the angry target acts in the same tick's Express stage.
        Assert.Equal((20L, "wynn action: shove -> garth"), first["wynn action"]);

        // The shove is appraised by garth the next tick: fear (a prospect of being hurt), and he flees from wynn.
        Assert.Equal((21L, "garth action: flee -> wynn"), first["garth action"]);

        // Hilda reproaches the insult and takes her friend's side; Tom, who dislikes violence, walks away.
        Assert.StartsWith("hilda action: scold -> garth", first["hilda action"].Line, StringComparison.Ordinal);
        Assert.StartsWith("tom action: leave", first["tom action"].Line, StringComparison.Ordinal);
        runner.TryGetAgent("garth", out var garth);
        Assert.True(runner.Affect.Intensity(garth, EmotionType.Fear) > 0f || lines.Count > 0);
    }

    [Fact]
    public void Chosen_actions_are_reported_in_the_world_event_buffer()
    {
        using var runner = Brawl();
        runner.Run(21);
        runner.TryGetAgent("wynn", out var wynn);
        runner.TryGetAgent("garth", out var garth);
        var vocabulary = runner.Module<AffectEngineModule>().Appraisal.Vocabulary;
        var found = false;
        foreach (var e in runner.World.Events.Events)
        {
            if (e.Kind == EngineEventKind.ActionChosen && e.Agent == wynn)
            {
                Assert.Equal("shove", vocabulary.Actions.NameOf(e.Code));
                Assert.Equal("shove", runner.Behaviour().CodeName(e)); // the name --events writes
                Assert.Equal(garth, e.Other);
                Assert.Equal(20, e.Tick);
                found = true;
            }
        }

        Assert.True(found);
        Assert.Null(runner.Behaviour().CodeName(new EngineEvent(21, wynn, EngineEventKind.EmotionRose, (int)EmotionType.Anger, 0.5f, 0.6f)));
    }

    [Fact]
    public void The_fleeing_insulter_and_the_leaving_bystander_end_farther_away()
    {
        using var runner = Brawl();
        runner.TryGetAgent("garth", out var garth);
        runner.TryGetAgent("wynn", out var wynn);
        runner.TryGetAgent("tom", out var tom);
        var before = Distance(runner, garth, wynn);
        var tomStart = Position(runner, tom);
        runner.Run(100);
        Assert.True(Distance(runner, garth, wynn) > before + 2f, $"garth-wynn {before} -> {Distance(runner, garth, wynn)}");
        var tomEnd = Position(runner, tom);
        Assert.True(MathF.Abs(tomEnd.X - tomStart.X) + MathF.Abs(tomEnd.Y - tomStart.Y) > 2f, $"tom {tomStart} -> {tomEnd}");
    }

    [Fact]
    public void Without_the_insult_nobody_acts()
    {
        using var runner = Brawl(insult: false);
        Assert.Empty(Sims.Trace(runner, 100));
    }

    [Fact]
    public void Same_hashes_at_one_and_two_threads_every_tick()
    {
        using var one = Brawl(1);
        using var two = Brawl(2);
        for (var t = 0; t < 120; t++)
        {
            one.Step();
            two.Step();
            Assert.Equal(one.Simulation.ComputeHash(), two.Simulation.ComputeHash());
        }
    }

    [Fact]
    public void A_snapshot_taken_while_actions_wait_to_be_appraised_continues_identically()
    {
        using var original = Brawl();
        original.Run(21);
        Assert.True(original.Behaviour().PendingActions > 0);
        var snapshot = original.Simulation.SaveSnapshot();
        using var restored = Brawl();
        restored.Simulation.LoadSnapshot(snapshot);
        Assert.Equal(original.Simulation.ComputeHash(), restored.Simulation.ComputeHash());
        for (var t = 0; t < 60; t++)
        {
            original.Step();
            restored.Step();
            Assert.Equal(original.Simulation.ComputeHash(), restored.Simulation.ComputeHash());
        }
    }

    internal static (float X, float Y) Position(SimulationRunner runner, AgentId id) =>
        (runner.World.Value(id, runner.Position, 0), runner.World.Value(id, runner.Position, 1));

    private static float Distance(SimulationRunner runner, AgentId a, AgentId b)
    {
        var (ax, ay) = Position(runner, a);
        var (bx, by) = Position(runner, b);
        return MathF.Sqrt(((ax - bx) * (ax - bx)) + ((ay - by) * (ay - by)));
    }
}
