using System;
using System.Collections.Generic;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Core;

namespace AffectEngine.Visualizer;

/// <summary>One line of the event log: an engine event of a tick, named.</summary>
/// <param name="Tick">The tick it happened in.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Agent">Whom it happened to.</param>
/// <param name="Text">The line shown ("wynn shove → garth").</param>
public readonly record struct EventLogEntry(long Tick, EngineEventKind Kind, AgentId Agent, string Text);

/// <summary>
/// The model behind the event log panel: after every tick it reads the world's engine events (threshold
/// crossings, dominant emotion and mood octant changes, actions, coping, breaks; <see cref="World.Events"/>)
/// and keeps the newest <see cref="Capacity"/> as named lines. It reads only what the tick left in the
/// buffer, so it changes nothing the hash covers. A crowd can emit thousands of events a tick: only the
/// newest that fit are named, the rest only counted. An action held over consecutive ticks (the engine reports
/// it every tick the agent keeps choosing it) is shown once when it starts and once when it ends, as the run
/// summary counts it.
/// </summary>
public sealed class EventLog
{
    private readonly EventLogEntry[] _ring;
    private int _start;
    private int _count;

    // Who acted in the previous tick and with what (action code, target): a repeat is a held action (not shown
    // again), the same action at another target is shown (a new target), and no longer choosing an action held
    // for two ticks or more ends it (a one-tick action, a shove, needs no end line).
    private Dictionary<AgentId, (int Code, AgentId Other, bool Held, EngineEvent Event)> _acting = [];
    private Dictionary<AgentId, (int Code, AgentId Other, bool Held, EngineEvent Event)> _actingNow = [];
    private long _lastTick = long.MinValue;

    /// <summary>Keeps the newest <paramref name="capacity"/> events.</summary>
    public EventLog(int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new EventLogEntry[capacity];
    }

    /// <summary>How many lines are kept.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Lines kept, oldest first.</summary>
    public int Count => _count;

    /// <summary>Every event seen since the start, named or not.</summary>
    public long Total { get; private set; }

    /// <summary>The <paramref name="index"/>-th kept line, oldest first.</summary>
    public EventLogEntry this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_count, nameof(index));
            return _ring[(_start + index) % _ring.Length];
        }
    }

    /// <summary>The kept lines, oldest first (a copy, for tests and tools).</summary>
    public IReadOnlyList<EventLogEntry> ToList()
    {
        var list = new List<EventLogEntry>(_count);
        for (var i = 0; i < _count; i++)
        {
            list.Add(this[i]);
        }

        return list;
    }

    /// <summary>Forgets every line.</summary>
    public void Clear()
    {
        (_start, _count, Total) = (0, 0, 0);
        _acting.Clear();
        _lastTick = long.MinValue;
    }

    /// <summary>Names and keeps the events of the tick just run (call after each step).</summary>
    public void Record(IVisualizedSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var world = simulation.World;
        var events = world.Events.Events;
        Total += events.Length;
        var tick = events.Length > 0 ? events[0].Tick : _lastTick + 1;
        if (tick != _lastTick + 1)
        {
            // A jump (seek, snapshot load): what was held before is unknown, so every action counts as started.
            _acting.Clear();
        }

        _actingNow.Clear();
        var first = Math.Max(0, events.Length - _ring.Length);
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            if (e.Kind == EngineEventKind.ActionChosen)
            {
                var repeat = _acting.TryGetValue(e.Agent, out var held) && held.Code == e.Code && held.Other == e.Other;
                _actingNow[e.Agent] = (e.Code, e.Other, repeat || (held.Code == e.Code && held.Held), e);
                if (repeat)
                {
                    continue;
                }
            }

            if (i >= first)
            {
                Add(new EventLogEntry(e.Tick, e.Kind, e.Agent, Describe(simulation, e)));
            }
        }

        foreach (var (agent, held) in _acting)
        {
            if (held.Held && (!_actingNow.TryGetValue(agent, out var now) || now.Code != held.Code))
            {
                var e = held.Event;
                var ended = new EngineEvent(tick, e.Agent, e.Kind, e.Code, e.From, e.To, e.Other, e.Detail);
                Add(new EventLogEntry(tick, EngineEventKind.ActionChosen, agent, Describe(simulation, ended) + " (ends)"));
            }
        }

        (_acting, _actingNow) = (_actingNow, _acting);
        _lastTick = tick;
    }

    /// <summary>The line for one event: the agent's name, then what happened in words.</summary>
    public static string Describe(IVisualizedSimulation simulation, in EngineEvent e)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var world = simulation.World;
        var who = NameOf(simulation, e.Agent);
        var namer = simulation.EventNames;
        var code = namer?.CodeName(e) ?? EngineEventNames.Code(e) ?? e.Code.ToString(CultureInfo.InvariantCulture);
        var inv = CultureInfo.InvariantCulture;
        return e.Kind switch
        {
            EngineEventKind.EmotionRose => string.Create(inv, $"{who} {code} ↑ {e.To:0.00}"),
            EngineEventKind.EmotionFell => string.Create(inv, $"{who} {code} ↓ {e.To:0.00}"),
            EngineEventKind.DominantChanged => $"{who} feels {code} (was {EngineEventNames.Value(e.Kind, e.From) ?? "?"})",
            EngineEventKind.MoodOctantChanged => $"{who} mood {EngineEventNames.Value(e.Kind, e.From) ?? "?"} → {code}",
            EngineEventKind.ActionChosen => e.Other.IsNone || !world.IsAlive(e.Other) ? $"{who} {code}" : $"{who} {code} → {NameOf(simulation, e.Other)}",
            EngineEventKind.CopingApplied => e.From != e.To
                ? string.Create(inv, $"{who} copes: {code} {e.From:0.00} → {e.To:0.00}")
                : e.Other.IsNone ? $"{who} copes: {code}" : $"{who} copes: {code} ({NameOf(simulation, e.Other)})",
            EngineEventKind.BreakStarted => $"{who} breaks down: {code}",
            EngineEventKind.BreakEnded => $"{who} recovers from {code}",
            _ => $"{who} {EngineEventNames.Kind(e.Kind)} {code}",
        };
    }

    private static string NameOf(IVisualizedSimulation simulation, AgentId agent) =>
        simulation.Notes?.NameOf(simulation.World, agent) ?? "agent " + agent.Slot.ToString(CultureInfo.InvariantCulture);

    private void Add(in EventLogEntry entry)
    {
        if (_count < _ring.Length)
        {
            _ring[(_start + _count++) % _ring.Length] = entry;
        }
        else
        {
            _ring[_start] = entry;
            _start = (_start + 1) % _ring.Length;
        }
    }
}
