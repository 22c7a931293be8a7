using System;
using System.Collections.Generic;
using System.Linq;
using AffectEngine.Hosting;
using AffectEngine.Rendering;

namespace AffectEngine.Visualizer.Tests;

/// <summary>The event log panel and action labels: the model lists the brawl's events, and frames draw them in a real GL context.</summary>
public sealed class EventLogTests
{
    private static IVisualizedSimulation Brawl() =>
        SimulationFactory.Create(new VisualizerOptions { Headless = true, Scenario = Repo.Path2("sims", "tavern-brawl", "brawl.json") });

    [Fact]
    public void The_brawl_log_lists_the_actions_threshold_crossings_and_dominant_changes_in_the_order_they_happened()
    {
        using var sim = Brawl();
        var runner = ((RunnerSimulation)sim).Runner;
        var behaviour = runner.Behaviour();
        var log = new EventLog(4096);
        var actions = new List<string>();
        for (var t = 0; t < 300; t++)
        {
            sim.Step();
            log.Record(sim);
            foreach (var h in behaviour.Happenings)
            {
                actions.Add($"{h.Tick} {runner.NameOf(h.Agent)} {behaviour.Settings.Actions[h.Action].Name} → {runner.NameOf(h.Other)}");
            }
        }

        var entries = log.ToList().ToList();

        // Nothing happens before the insult at 2 s (tick 20). In its tick: the actions it provokes (Express
        // stage), then the emotions that crossed their thresholds and the new dominant emotions (Publish stage).
        Assert.Equal(20, entries[0].Tick);
        string[] tick20 =
        [
            "wynn shove → garth", "hilda scold → garth", "tom leave → garth",
            "wynn distress ↑ 0.69", "wynn reproach ↑ 0.92", "wynn feels reproach (was none)",
            "hilda reproach ↑ 0.59", "hilda feels reproach (was none)", "tom feels reproach (was none)",
        ];
        Assert.Equal(tick20, entries.Where(e => e.Tick == 20).Select(e => e.Text));

        // The shove is appraised the next tick: garth flees from wynn and reproaches him.
        Assert.Equal(["garth flee → wynn", "tom leave → wynn", "garth reproach ↑ 0.70", "garth feels reproach (was none)", "tom reproach ↑ 0.87"],
            entries.Where(e => e.Tick == 21).Select(e => e.Text));

        // Every action the behaviour module reported is in the log when it starts, in the same order; a held
        // action (the same agent, action and target as in the tick before) only once, with a line when it ends.
        var started = new List<string>();
        for (var i = 0; i < actions.Count; i++)
        {
            var (tick, what) = Split(actions[i]);
            if (!actions.Contains($"{tick - 1} {what}"))
            {
                started.Add(actions[i]);
            }
        }

        var logged = entries.Where(e => e.Kind == EngineEventKind.ActionChosen).Select(e => $"{e.Tick} {e.Text}").ToList();
        Assert.Equal(started, logged.Where(l => !l.EndsWith(" (ends)", StringComparison.Ordinal)));
        Assert.True(actions.Count > started.Count, "the brawl holds some action over several ticks");
        Assert.Single(logged, l => l.EndsWith("garth flee → wynn", StringComparison.Ordinal));
        var fleeEnds = Assert.Single(logged, l => l.EndsWith("garth flee → wynn (ends)", StringComparison.Ordinal));
        Assert.Equal(actions.Where(a => a.EndsWith("garth flee → wynn", StringComparison.Ordinal)).Max(a => Split(a).Tick) + 1, Split(fleeEnds).Tick);

        // Later each emotion falls below its lower threshold and each agent's dominant emotion returns to none, in that order.
        foreach (var (who, emotion) in new[] { ("wynn", "reproach"), ("wynn", "distress"), ("hilda", "reproach"), ("garth", "reproach"), ("tom", "reproach") })
        {
            var rose = entries.FindIndex(e => e.Text.StartsWith($"{who} {emotion} ↑", StringComparison.Ordinal));
            var fell = entries.FindIndex(e => e.Text == $"{who} {emotion} ↓ 0.40");
            Assert.True(rose >= 0 && fell > rose, $"{who} {emotion}: rose at {rose}, fell at {fell}");
        }

        foreach (var who in new[] { "wynn", "hilda", "garth", "tom" })
        {
            var start = entries.FindIndex(e => e.Text == $"{who} feels reproach (was none)");
            var back = entries.FindIndex(e => e.Text == $"{who} feels none (was reproach)");
            Assert.True(start >= 0 && back > start, $"{who}: dominant reproach at {start}, none again at {back}");
        }
    }

    private static (long Tick, string What) Split(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return (long.Parse(line.AsSpan(0, space), System.Globalization.CultureInfo.InvariantCulture), line[(space + 1)..]);
    }

    [Fact]
    public void The_log_keeps_the_newest_lines_and_counts_the_rest()
    {
        using var sim = Brawl();
        var log = new EventLog(4);
        for (var t = 0; t < 22; t++)
        {
            sim.Step();
            log.Record(sim);
        }

        // Ticks 20 and 21 gave 9 + 5 events; the four newest are kept, oldest first.
        Assert.Equal(14, log.Total);
        Assert.Equal(["tom leave → wynn", "garth reproach ↑ 0.70", "garth feels reproach (was none)", "tom reproach ↑ 0.87"], log.ToList().Select(e => e.Text));
        Assert.Equal(4, log.Count);
    }

    [Fact]
    public void Frames_draw_the_log_column_and_an_action_tag_under_the_fleeing_agent()
    {
        const int W = 800;
        const int H = 480;
        using var sim = Brawl();
        using var context = new HeadlessContext(W, H);
        using var session = new VisualizerSession(context, sim);
        session.Layers.Panel = false;
        session.Layers.Timeline = false;
        for (var t = 0; t < 25; t++)
        {
            session.Step();
        }

        // The session kept the log while stepping; the agents are laid out right of its column.
        Assert.Contains(session.Log.ToList(), e => e.Text == "wynn shove → garth");
        Assert.Equal(HudPainter.LogWidth, session.AgentView().X);
        session.Render();
        context.Present();
        var image = new Image(context.Target.ReadPixels(), W, H);

        // The log column: its dark box, with light text pixels in it (the lines).
        var box = image.At((int)HudPainter.LogWidth - 3, H - 3);
        Assert.True(Math.Abs(box.R - 18) <= 12 && Math.Abs(box.G - 20) <= 12 && Math.Abs(box.B - 26) <= 12, $"log background {box}");
        var text = 0;
        for (var y = (int)HudPainter.StatusHeight; y < H; y++)
        {
            for (var x = 0; x < (int)HudPainter.LogWidth; x++)
            {
                var p = image.At(x, y);
                text += p.R > 120 || p.G > 120 || p.B > 120 ? 1 : 0;
            }
        }

        Assert.True(text > 500, $"only {text} text pixels in the log column");

        // Garth flees every tick while afraid: a dark red tag is drawn just under his face.
        var runner = ((RunnerSimulation)sim).Runner;
        runner.TryGetAgent("garth", out var garth);
        Assert.Equal("flee", sim.EventNames!.ActionOf(sim.World, garth));
        Assert.True(session.TryGetAgentPixel(garth, out var gx, out var gy, out var gr));
        var tag = image.At((int)gx, (int)(gy + gr + 5f));
        Assert.True(tag.R > tag.G + 30 && tag.R > tag.B + 30, $"no action tag under garth: {tag}");

        // Without the layers the column and the tag are gone.
        session.Layers.Events = false;
        session.Layers.Actions = false;
        Assert.Equal(0f, session.AgentView().X);
        session.Render();
        context.Present();
        var plain = new Image(context.Target.ReadPixels(), W, H);
        Assert.True(session.TryGetAgentPixel(garth, out gx, out gy, out gr));
        var under = plain.At((int)gx, (int)(gy + gr + 5f));
        Assert.False(under.R > under.G + 30 && under.R > under.B + 30, $"a tag is still drawn: {under}");
    }
}
