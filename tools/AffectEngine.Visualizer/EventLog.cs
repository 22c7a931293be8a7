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
/// newest that fit are named, the rest only counted.
/// </summary>
public sealed class EventLog
{
    private readonly EventLogEntry[] _ring;
    private int _start;
    private int _count;

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
    public void Clear() => (_start, _count, Total) = (0, 0, 0);

    /// <summary>Names and keeps the events of the tick just run (call after each step).</summary>
    public void Record(IVisualizedSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        var world = simulation.World;
        var events = world.Events.Events;
        Total += events.Length;
        var first = Math.Max(0, events.Length - _ring.Length);
        for (var i = first; i < events.Length; i++)
        {
            Add(new EventLogEntry(events[i].Tick, events[i].Kind, events[i].Agent, Describe(simulation, events[i])));
        }
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
