using System;
using System.Collections.Generic;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Behaviour;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli.Output;

/// <summary>
/// What happened in a run, for <c>affect run</c>'s summary: the scheduled events in plain words, each
/// agent's strongest emotion over the whole run (and when), and the range its mood went through. The
/// table's "now" column shows only the end, where most emotions have decayed to nothing ("-"); and, with a
/// behaviour layer, the actions agents started (an action held over many ticks, like fleeing, counts once).
/// Watched after every tick for casts up to <see cref="MaxAgents"/>; larger crowds get the events only.
/// </summary>
internal sealed class RunStory
{
    public const int MaxAgents = 10_000;
    private const int MaxEventLines = 12;
    private readonly SimulationRunner _runner;
    private readonly AgentId[] _agents;
    private readonly float[] _peak;
    private readonly int[] _peakEmotion;
    private readonly long[] _peakTick;
    private readonly float[] _pMin;
    private readonly float[] _pMax;
    private readonly BehaviourModule? _behaviour;
    private readonly int[] _lastAction;
    private readonly List<string> _actionLines = [];
    private int _actionsStarted;

    private RunStory(SimulationRunner runner)
    {
        foreach (var module in runner.Modules)
        {
            if (module is BehaviourEngineModule b)
            {
                _behaviour = b.Behaviour;
            }
        }

        _runner = runner;
        _agents = [.. runner.World.Agents];
        _peak = new float[_agents.Length];
        _peakEmotion = new int[_agents.Length];
        _peakTick = new long[_agents.Length];
        _pMin = new float[_agents.Length];
        _pMax = new float[_agents.Length];
        Array.Fill(_peakEmotion, -1);
        _lastAction = new int[_agents.Length];
        Array.Fill(_lastAction, -1);
        for (var i = 0; i < _agents.Length; i++)
        {
            _pMin[i] = _pMax[i] = runner.Affect.Mood(_agents[i]).P;
        }
    }

    /// <summary>Starts watching the run's ticks; null for crowds larger than <see cref="MaxAgents"/>.</summary>
    public static RunStory? Attach(SimulationRunner runner)
    {
        if (runner.World.AgentCount > MaxAgents)
        {
            return null;
        }

        var story = new RunStory(runner);
        runner.TickCompleted += story.Watch;
        return story;
    }

    private void Watch(long tick, ulong hash)
    {
        var affect = _runner.Affect;
        for (var i = 0; i < _agents.Length; i++)
        {
            for (var e = 0; e < Emotions.Count; e++)
            {
                var v = affect.Intensity(_agents[i], (EmotionType)e);
                if (v > _peak[i])
                {
                    _peak[i] = v;
                    _peakEmotion[i] = e;
                    _peakTick[i] = tick;
                }
            }

            var p = affect.Mood(_agents[i]).P;
            _pMin[i] = Math.Min(_pMin[i], p);
            _pMax[i] = Math.Max(_pMax[i], p);
            if (_behaviour is not null)
            {
                WatchAction(tick, i);
            }
        }
    }

    private void WatchAction(long tick, int i)
    {
        var action = _behaviour!.ChosenAction(_agents[i]);
        if (action == _lastAction[i])
        {
            return;
        }

        _lastAction[i] = action;
        if (action < 0)
        {
            return;
        }

        _actionsStarted++;
        if (_actionLines.Count >= MaxEventLines)
        {
            return;
        }

        var target = "";
        foreach (ref readonly var h in _behaviour.Happenings)
        {
            if (h.Kind == HappeningKind.ActionChosen && h.Agent == _agents[i] && !h.Other.IsNone)
            {
                target = " -> " + _runner.NameOf(h.Other);
                break;
            }
        }

        _actionLines.Add(string.Format(CultureInfo.InvariantCulture, "  {0,8:0.###} s  {1} {2}{3}", (tick + 1) * _runner.World.Options.StepSeconds, _runner.NameOf(_agents[i]), _behaviour.Settings.Actions[action].Name, target));
    }

    /// <summary>
    /// The actions agents started, in tick order ("actions   3 started" and the first few), or nothing when
    /// the run has no behaviour layer.
    /// </summary>
    public List<string> Actions()
    {
        var lines = new List<string>();
        if (_behaviour is null)
        {
            return lines;
        }

        lines.Add(string.Format(CultureInfo.InvariantCulture, "actions   {0} started (an action held over several ticks counts once)", _actionsStarted));
        lines.AddRange(_actionLines);
        if (_actionsStarted > _actionLines.Count)
        {
            lines.Add(string.Format(CultureInfo.InvariantCulture, "  ... {0} more", _actionsStarted - _actionLines.Count));
        }

        return lines;
    }

    /// <summary>The agent's strongest emotion over the run as "fear 0.612 at 31 s", or "-" when it felt none.</summary>
    public string Strongest(AgentId agent)
    {
        var i = Array.IndexOf(_agents, agent);
        return i < 0 || _peakEmotion[i] < 0 ? "-" : Describe(i);
    }

    /// <summary>The range of the agent's pleasure (mood.p) over the run, as "-0.120..0.354".</summary>
    public string PleasureRange(AgentId agent)
    {
        var i = Array.IndexOf(_agents, agent);
        return i < 0 ? "" : string.Format(CultureInfo.InvariantCulture, "{0:0.000}..{1:0.000}", _pMin[i], _pMax[i]);
    }

    /// <summary>The strongest emotion anyone felt during the run and who, or null when nobody felt any.</summary>
    public string? StrongestOfAll()
    {
        var best = -1;
        for (var i = 0; i < _agents.Length; i++)
        {
            if (_peakEmotion[i] >= 0 && (best < 0 || _peak[i] > _peak[best]))
            {
                best = i;
            }
        }

        return best < 0 ? null : $"{Describe(best)}, felt by {_runner.NameOf(_agents[best])}";
    }

    private string Describe(int i) =>
        string.Format(CultureInfo.InvariantCulture, "{0} {1:0.000} at {2:0.###} s", ((EmotionType)_peakEmotion[i]).Name(), _peak[i], (_peakTick[i] + 1) * _runner.World.Options.StepSeconds);

    /// <summary>The scenario's events in time order, one line each (the first few), with how many fell inside the run.</summary>
    public static List<string> Events(Scenario scenario, long ticks, double step)
    {
        var timed = new List<(long Tick, string Text)>();
        foreach (var e in scenario.Events)
        {
            var tick = e.Tick ?? (long)Math.Round(e.At!.Value.Seconds / step);
            timed.Add((tick, Describe(e)));
        }

        timed.Sort((a, b) => a.Tick.CompareTo(b.Tick));
        var inside = timed.FindAll(t => t.Tick < ticks).Count;
        var generators = scenario.EventGenerators.Count;
        var lines = new List<string> { string.Format(CultureInfo.InvariantCulture, "events    {0} scheduled, {1} within the run{2}", timed.Count, inside, generators == 0 ? "" : $"; {generators} generator{(generators == 1 ? "" : "s")}") };
        for (var k = 0; k < timed.Count && k < MaxEventLines; k++)
        {
            lines.Add(string.Format(CultureInfo.InvariantCulture, "  {0,8:0.###} s  {1}{2}", timed[k].Tick * step, timed[k].Text, timed[k].Tick < ticks ? "" : " (after the last tick)"));
        }

        if (timed.Count > MaxEventLines)
        {
            lines.Add(string.Format(CultureInfo.InvariantCulture, "  ... {0} more", timed.Count - MaxEventLines));
        }

        // Generated events are not in the count above: say where they come from, so "0 scheduled" is not read as "nothing happened".
        foreach (var g in scenario.EventGenerators)
        {
            lines.Add(g.Kind == "file"
                ? $"  {"file",-10}  {g.File}, read as the run goes"
                : string.Format(CultureInfo.InvariantCulture, "  {0,-10}  {1:0.###}/s per agent{2}{3}: {4}", "poisson", g.Rate, g.Group is { } group ? " of " + group : "", Window(g), g.Event is null ? "" : Describe(g.Event)));
        }

        return lines;
    }

    private static string Window(EventGeneratorSpec g) =>
        g.From is null && g.Until is null ? "" : string.Format(CultureInfo.InvariantCulture, " from {0:0.###} s{1}", g.From?.Seconds ?? 0, g.Until is { } u ? string.Format(CultureInfo.InvariantCulture, " to {0:0.###} s", u.Seconds) : "");

    private static string Describe(EventSpec e)
    {
        var parts = new List<string>();
        if (e.Action is { } action)
        {
            var who = e.Actor is null ? action : $"{e.Actor} {action}";
            var whom = e.Target ?? (e.Targets is { Count: > 0 } t ? string.Join(", ", t) : null);
            parts.Add(whom is null ? who : $"{who} -> {whom}");
        }

        if (e.Object is { } obj)
        {
            parts.Add(e.Appeal is { } appeal ? string.Format(CultureInfo.InvariantCulture, "{0} (appeal {1:0.##})", obj, appeal) : obj);
        }

        if (e.Beliefs is { Count: > 0 } beliefs)
        {
            var goals = new List<string>();
            foreach (var b in beliefs)
            {
                goals.Add(string.Format(CultureInfo.InvariantCulture, "{0} {1:+0.##;-0.##;0}{2}", b.Goal, b.Congruence, b.Likelihood < 1 ? string.Format(CultureInfo.InvariantCulture, " (likelihood {0:0.##})", b.Likelihood) : ""));
            }

            parts.Add("goals: " + string.Join(", ", goals));
        }

        if (e.Witnesses is { Count: > 0 } witnesses)
        {
            parts.Add("seen by " + string.Join(", ", witnesses));
        }

        if (e.Elicit is { } el)
        {
            parts.Add(string.Format(CultureInfo.InvariantCulture, "{0} feels {1} {2:0.##} (direct impulse, no appraisal)", el.Agent, el.Emotion, el.Intensity));
        }

        if (e.Encounter is { } en)
        {
            parts.Add($"{en.Agent} meets {en.Object ?? en.Other}");
        }

        return string.Join("; ", parts);
    }
}
