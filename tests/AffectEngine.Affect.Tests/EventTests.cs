using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace AffectEngine.Affect.Tests;

/// <summary>The Publish-stage event pass: threshold crossings with hysteresis, dominant emotion and mood octant changes.</summary>
public sealed class EventTests
{
    private static AffectSettings WithEvents(float up = EventSettings.DefaultUp, float down = EventSettings.DefaultDown)
    {
        var s = new AffectSettings();
        s.Events.Enabled = true;
        s.Events.SetThresholds(up, down);
        return s;
    }

    private static List<EngineEvent> Step(Fixture f)
    {
        f.Simulation.Step();
        return f.World.Events.Events.ToArray().ToList();
    }

    [Fact]
    public void Anger_rises_becomes_dominant_then_falls_once_below_the_down_threshold()
    {
        using var f = Fixture.Occ(WithEvents());
        var a = f.Agent();
        f.Affect.Elicit(a, EmotionType.Anger, 0.8f);
        var first = Step(f);
        Assert.Equal(2, first.Count);
        Assert.Equal(EngineEventKind.EmotionRose, first[0].Kind);
        Assert.Equal((int)EmotionType.Anger, first[0].Code);
        Assert.Equal(a, first[0].Agent);
        Assert.Equal(0L, first[0].Tick);
        Assert.Equal(0.5f, first[0].From);
        Assert.Equal(f.I(a, EmotionType.Anger), first[0].To);
        Assert.Equal(EngineEventKind.DominantChanged, first[1].Kind);
        Assert.Equal(-1f, first[1].From);
        Assert.Equal((int)EmotionType.Anger, (int)first[1].To);

        // Linear decay (20 s from 1 to 0, 0.1 s steps): nothing until the intensity drops below 0.4.
        var fell = -1L;
        while (f.World.Tick < 200)
        {
            var events = Step(f);
            var below = f.I(a, EmotionType.Anger) < 0.4f;
            if (fell < 0 && below)
            {
                Assert.Contains(events, e => e.Kind == EngineEventKind.EmotionFell && e.Code == (int)EmotionType.Anger && e.To < 0.4f);
                fell = f.World.Events.Tick;
            }
            else
            {
                Assert.DoesNotContain(events, e => e.Kind is EngineEventKind.EmotionRose or EngineEventKind.EmotionFell);
            }
        }

        Assert.True(fell > 70, $"fell at tick {fell}");
    }

    [Fact]
    public void Hysteresis_keeps_a_hovering_emotion_from_rising_twice()
    {
        using var f = Fixture.Occ(WithEvents(0.5f, 0.3f));
        var a = f.Agent();
        f.Affect.Elicit(a, EmotionType.Fear, 0.52f);
        var rises = 0;
        var falls = 0;
        for (var t = 0; t < 60; t++)
        {
            // Renew the fear whenever it decays under the up threshold: it crosses 0.5 again and again.
            if (t > 0 && f.I(a, EmotionType.Fear) < 0.5f)
            {
                f.Affect.Elicit(a, EmotionType.Fear, 0.03f);
            }

            foreach (var e in Step(f))
            {
                rises += e.Kind == EngineEventKind.EmotionRose ? 1 : 0;
                falls += e.Kind == EngineEventKind.EmotionFell ? 1 : 0;
            }
        }

        Assert.Equal(1, rises);
        Assert.Equal(0, falls);

        // Without hysteresis (down = up) the same script reports every crossing.
        using var g = Fixture.Occ(WithEvents(0.5f, 0.5f));
        var b = g.Agent();
        g.Affect.Elicit(b, EmotionType.Fear, 0.52f);
        var crossings = 0;
        for (var t = 0; t < 60; t++)
        {
            if (t > 0 && g.I(b, EmotionType.Fear) < 0.5f)
            {
                g.Affect.Elicit(b, EmotionType.Fear, 0.03f);
            }

            crossings += Step(g).Count(e => e.Kind is EngineEventKind.EmotionRose or EngineEventKind.EmotionFell);
        }

        Assert.True(crossings > 4, $"{crossings} crossings");
    }

    [Fact]
    public void A_mood_octant_change_is_reported_and_the_first_octant_is_learnt_silently()
    {
        using var f = Fixture.Occ(WithEvents());
        var a = f.Agent();
        f.Affect.SetMood(a, new Pad(-0.2f, 0.3f, 0.1f));
        Assert.Empty(Step(f));
        f.Affect.SetMood(a, new Pad(0.2f, 0.3f, 0.1f));
        var events = Step(f);
        var e = Assert.Single(events);
        Assert.Equal(EngineEventKind.MoodOctantChanged, e.Kind);
        Assert.Equal(6f, e.From);
        Assert.Equal(7f, e.To);
        Assert.Equal(7, e.Code);
    }

    [Fact]
    public void Removed_agents_report_nothing_and_a_new_agent_in_their_slot_starts_fresh()
    {
        using var f = Fixture.Occ(WithEvents());
        var a = f.Agent();
        var b = f.Agent();
        f.Affect.Elicit(a, EmotionType.Joy, 0.9f);
        f.Affect.Elicit(b, EmotionType.Joy, 0.9f);
        Assert.Equal(4, Step(f).Count);
        f.World.RemoveAgent(a);
        Assert.Empty(Step(f));
        var c = f.Agent();
        Assert.Equal(a.Slot, c.Slot);
        f.Affect.Elicit(c, EmotionType.Joy, 0.9f);
        var events = Step(f);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(c, e.Agent));
    }

    [Fact]
    public void Events_do_not_change_the_state_hash()
    {
        using var on = Fixture.Create(affect: WithEvents(), seed: 7);
        using var off = Fixture.Create(seed: 7);
        var x = Script(on, 40);
        var y = Script(off, 40);
        Assert.NotEmpty(on.World.Events.Events.ToArray().Concat(x).ToArray());
        Assert.Equal(on.Simulation.LastHash, off.Simulation.LastHash);
        Assert.Empty(y);
    }

    [Fact]
    public void Events_are_the_same_and_in_slot_order_at_any_thread_count()
    {
        using var one = Fixture.Create(affect: WithEvents(), threads: 1, seed: 3, capacity: 400);
        using var three = Fixture.Create(affect: WithEvents(), threads: 3, seed: 3, capacity: 400);
        var a = Script(one, 300);
        var b = Script(three, 300);
        Assert.True(a.Count > 300, $"{a.Count} events");
        Assert.Equal(a, b);
        for (var i = 1; i < a.Count; i++)
        {
            Assert.True(a[i - 1].Tick < a[i].Tick || (a[i - 1].Tick == a[i].Tick && a[i - 1].AgentSlot <= a[i].AgentSlot));
        }
    }

    [Fact]
    public void The_scalar_pass_reports_what_the_vector_pass_reports()
    {
        using var vector = Fixture.Create(affect: WithEvents(), seed: 5, capacity: 200);
        var expected = Script(vector, 150);

        // Same run, the scalar comparisons (the netstandard2.1 path) instead of the vector ones.
        using var scalar = Fixture.Create(affect: WithEvents(), seed: 5, capacity: 200);
        var pass = (EventExtractionSystem)scalar.Simulation.SystemsOf(TickStage.Publish).Single(s => s.Name == "affect.events");
        pass.ScalarOnly = true;
        var actual = Script(scalar, 150);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_loaded_snapshot_is_learnt_silently_then_changes_are_reported()
    {
        using var f = Fixture.Occ(WithEvents());
        var a = f.Agent();
        f.Affect.Elicit(a, EmotionType.Anger, 0.8f);
        Step(f);
        var snapshot = f.Simulation.SaveSnapshot();
        Step(f);
        Step(f);
        f.Simulation.LoadSnapshot(snapshot);
        Assert.Empty(Step(f));
        f.Affect.Elicit(a, EmotionType.Joy, 0.9f);
        var events = Step(f);
        Assert.Contains(events, e => e.Kind == EngineEventKind.EmotionRose && e.Code == (int)EmotionType.Joy);
        Assert.Contains(events, e => e.Kind == EngineEventKind.DominantChanged && (int)e.To == (int)EmotionType.Joy);
    }

    [Fact]
    public void Ticks_with_events_allocate_nothing_in_steady_state()
    {
        using var f = Fixture.Create(affect: WithEvents(), threads: 2, seed: 11, capacity: 512);
        var agents = new AgentId[500];
        for (var i = 0; i < agents.Length; i++)
        {
            agents[i] = f.Agent();
        }

        var k = 0;
        var produced = 0;
        void Ticks()
        {
            for (var t = 0; t < 50; t++)
            {
                // Every tick some agents are pushed over the threshold, so events are written each tick.
                for (var j = 0; j < 10; j++)
                {
                    f.Affect.Elicit(agents[(k * 7) % agents.Length], (EmotionType)(k % Emotions.Count), 0.9f);
                    k++;
                }

                f.Simulation.Step();
                produced += f.World.Events.Count;
            }
        }

        long allocated = -1;
        for (var w = 0; w < 30 && allocated != 0; w++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread() + f.Simulation.WorkerAllocatedBytes;
            Ticks();
            allocated = GC.GetAllocatedBytesForCurrentThread() + f.Simulation.WorkerAllocatedBytes - before;
            if (allocated != 0)
            {
                Thread.Sleep(50);
            }
        }

        Assert.True(produced > 1000, $"{produced} events");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Impossible_thresholds_are_refused_with_the_emotion_named()
    {
        var s = new EventSettings();
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => s.SetThresholds(EmotionType.Anger, 0.3f, 0.6f));
        Assert.Contains("anger", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.SetThresholds(1.5f, 0.2f));
        Assert.Throws<ArgumentOutOfRangeException>(() => s.SetThresholds(0.5f, 0f));
    }

    /// <summary>Random impulses on 64.. agents over <paramref name="ticks"/> ticks; returns every event.</summary>
    private static List<EngineEvent> Script(Fixture f, int ticks)
    {
        var agents = new List<AgentId>();
        for (var i = 0; i < 64 + (f.World.Options.InitialCapacity / 2); i++)
        {
            agents.Add(f.Agent(new Ocean(0.1f, -0.2f, 0.3f, 0f, (i % 5) * 0.2f - 0.4f)));
        }

        var rng = new Random(42);
        var all = new List<EngineEvent>();
        for (var t = 0; t < ticks; t++)
        {
            for (var j = 0; j < 4; j++)
            {
                f.Affect.Elicit(agents[rng.Next(agents.Count)], (EmotionType)rng.Next(Emotions.Count), (float)rng.NextDouble());
            }

            if (t % 37 == 5)
            {
                f.Affect.SetMood(agents[rng.Next(agents.Count)], new Pad((float)rng.NextDouble() - 0.5f, (float)rng.NextDouble() - 0.5f, (float)rng.NextDouble() - 0.5f));
            }

            f.Simulation.Step();
            all.AddRange(f.World.Events.Events.ToArray());
        }

        return all;
    }
}
