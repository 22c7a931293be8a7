using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Reactive.Tests;

/// <summary>Game code subscribing to a scripted scenario's events through Rx.</summary>
public sealed class EngineEventStreamTests
{
    // A player insults a guard at 1 s (tick 10): the guard's standard condemns insults and the insult
    // hurts the guard's goal of keeping face, so OCC gives distress, reproach and their compound, anger.
    private const string Insult = """
        {
          "name": "insult",
          "run": { "ticks": 400, "step": "100ms", "seed": 7, "appraisal": "occ" },
          "agents": [
            { "id": "player", "personality": { "o": 0, "c": 0, "e": 0, "a": 0, "n": 0 } },
            {
              "id": "guard", "personality": { "o": -0.2, "c": 0.6, "e": 0.1, "a": -0.4, "n": 0.5 },
              "goals": [ { "id": "keep-face", "utility": 0.9 } ],
              "standards": [ { "action": "insult", "praiseworthiness": -0.9 } ]
            }
          ],
          "events": [
            { "at": "1s", "action": "insult", "actor": "player", "target": "guard",
              "beliefs": [ { "goal": "guard/keep-face", "congruence": -1, "likelihood": 1 } ] }
          ]
        }
        """;

    private static SimulationRunner Runner(bool events = true)
    {
        var scenario = ScenarioLoader.Parse(Encoding.UTF8.GetBytes(Insult), "insult.json");
        return ScenarioHost.CreateRunner(scenario, extend: b => b.Services.AddAffectEngine(o => o.Affect.Events.Enabled = events));
    }

    [Fact]
    public void A_subscriber_sees_the_guard_become_angry_at_the_insult_then_calm_down()
    {
        using var runner = Runner();
        using var stream = EngineEventStream.Attach(runner.Simulation);
        runner.TryGetAgent("guard", out var guard);
        runner.TryGetAgent("player", out var player);
        var seen = new List<EngineEvent>();
        var furious = new List<long>();
        using var all = stream.ForAgent(guard).Subscribe(seen.Add);
        using var anger = stream.ForAgent(guard).Rising(EmotionType.Anger).Subscribe(e => furious.Add(e.Tick));
        var playerEvents = 0;
        using var p = stream.ForAgent(player).OfKind(EngineEventKind.EmotionRose).Subscribe(_ => playerEvents++);
        runner.Run(400);

        Assert.Equal([10L], furious);
        Assert.Equal(0, playerEvents);
        var atInsult = seen.Where(e => e.Tick == 10).ToList();
        var rose = atInsult.Where(e => e.Kind == EngineEventKind.EmotionRose).Select(e => (EmotionType)e.Code).ToList();
        Assert.Equal([EmotionType.Distress, EmotionType.Reproach, EmotionType.Anger], rose);
        var dominant = Assert.Single(atInsult, e => e.Kind == EngineEventKind.DominantChanged);
        Assert.Equal(-1f, dominant.From);
        Assert.Contains((EmotionType)(int)dominant.To, rose);
        Assert.DoesNotContain(seen, e => e.Tick < 10);

        // Every risen emotion falls once (linear decay over 20 s), in the order their intensities drop,
        // and the dominant emotion ends as none.
        var fell = seen.Where(e => e.Kind == EngineEventKind.EmotionFell).Select(e => (EmotionType)e.Code).OrderBy(e => e).ToList();
        Assert.Equal(rose, fell);
        Assert.All(seen.Where(e => e.Kind == EngineEventKind.EmotionFell), e => Assert.True(e.Tick > 10 && e.To < EventSettings.DefaultDown));
        Assert.Equal(-1f, seen.Last(e => e.Kind == EngineEventKind.DominantChanged).To);
        Assert.Equal(seen.OrderBy(e => e.Tick).ToList(), seen);
    }

    [Fact]
    public void The_stream_pushes_exactly_the_buffer_in_order_and_filters_select_from_it()
    {
        using var runner = Runner();
        using var stream = EngineEventStream.Attach(runner.Simulation);
        var pushed = new List<EngineEvent>();
        var buffered = new List<EngineEvent>();
        var dominant = new List<EngineEvent>();
        using var s1 = stream.Subscribe(pushed.Add);
        using var s2 = stream.OfKind(EngineEventKind.DominantChanged).Subscribe(dominant.Add);
        runner.TickCompleted += (_, _) => buffered.AddRange(runner.World.Events.Events.ToArray());
        runner.Run(200);
        Assert.NotEmpty(pushed);
        Assert.Equal(buffered, pushed);
        Assert.Equal(pushed.Where(e => e.Kind == EngineEventKind.DominantChanged), dominant);
        Assert.Equal(pushed.Count, stream.Published);
    }

    [Fact]
    public void Subscribing_changes_no_hash_and_an_unwatched_stream_pushes_nothing()
    {
        using var plain = Runner(events: false);
        using var watched = Runner();
        using var idle = Runner();
        using var stream = EngineEventStream.Attach(watched.Simulation);
        using var idleStream = EngineEventStream.Attach(idle.Simulation);
        var count = 0;
        using var s = stream.Subscribe(_ => count++);
        for (var t = 0; t < 300; t++)
        {
            plain.Step();
            watched.Step();
            idle.Step();
            Assert.Equal(plain.LastHash, watched.LastHash);
        }

        Assert.True(count > 0);
        Assert.Equal(0, idleStream.Published);
        Assert.Equal(plain.LastHash, idle.LastHash);
    }

    [Fact]
    public void A_subscriber_can_answer_an_event_with_an_input_for_the_next_tick()
    {
        using var runner = Runner();
        using var stream = EngineEventStream.Attach(runner.Simulation);
        runner.TryGetAgent("guard", out var guard);
        runner.TryGetAgent("player", out var player);
        var playerFear = new List<long>();
        using var reply = stream.ForAgent(guard).Rising(EmotionType.Anger).Subscribe(_ => runner.Elicit(player, EmotionType.Fear, 0.9f));
        using var fear = stream.ForAgent(player).Rising(EmotionType.Fear).Subscribe(e => playerFear.Add(e.Tick));
        runner.Run(30);
        Assert.Equal([11L], playerFear);
    }

    [Fact]
    public void Disposing_the_stream_completes_subscribers()
    {
        using var runner = Runner();
        var stream = EngineEventStream.Attach(runner.Simulation);
        var completed = false;
        using var s = stream.Subscribe(_ => { }, () => completed = true);
        stream.Dispose();
        runner.Run(20);
        Assert.True(completed);
        Assert.Equal(0, stream.Published);
    }
}
