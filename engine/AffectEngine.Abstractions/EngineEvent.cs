using System.Runtime.InteropServices;

namespace AffectEngine;

/// <summary>
/// What an <see cref="EngineEvent"/> reports. The numbers are part of the output formats (JSON lines,
/// CSV) and of the C ABI, so they never change; new kinds take new numbers.
/// </summary>
public enum EngineEventKind
{
    /// <summary>An emotion's intensity reached the "up" threshold (<see cref="EngineEvent.Code"/> = emotion type).</summary>
    EmotionRose = 1,

    /// <summary>An emotion's intensity fell below the "down" threshold after having risen (<see cref="EngineEvent.Code"/> = emotion type).</summary>
    EmotionFell = 2,

    /// <summary>The dominant emotion changed (<see cref="EngineEvent.From"/>/<see cref="EngineEvent.To"/> = emotion types, −1 for none).</summary>
    DominantChanged = 3,

    /// <summary>The mood octant changed (<see cref="EngineEvent.From"/>/<see cref="EngineEvent.To"/> = octants 0..7: bit 0 P ≥ 0, bit 1 A ≥ 0, bit 2 D ≥ 0).</summary>
    MoodOctantChanged = 4,

    /// <summary>The agent chose an action (<see cref="EngineEvent.Code"/> = action id, <see cref="EngineEvent.Other"/> = its target).</summary>
    ActionChosen = 5,

    /// <summary>A coping strategy changed the agent's appraisal state (<see cref="EngineEvent.Code"/> = strategy, <see cref="EngineEvent.Detail"/> = goal or belief, From → To = the value changed).</summary>
    CopingApplied = 6,

    /// <summary>A mental break started (<see cref="EngineEvent.Code"/> = the break behaviour).</summary>
    BreakStarted = 7,

    /// <summary>A mental break ended (<see cref="EngineEvent.Code"/> = the break behaviour).</summary>
    BreakEnded = 8,
}

/// <summary>
/// One thing that happened to one agent in one tick, as the engine reports it to hosts: an emotion
/// crossing a threshold, a change of dominant emotion or mood octant, an action, a coping step.
/// Blittable (48 bytes, sequential layout) so a host can copy a tick's events out as a span, and C
/// code reads the same layout (<c>ae_engine_event</c> in affectengine.h). Events are output, not
/// state: they are not hashed and never feed back into the simulation.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct EngineEvent
{
    /// <summary>Creates an event.</summary>
    public EngineEvent(long tick, AgentId agent, EngineEventKind kind, int code, float from, float to, AgentId other = default, int detail = 0)
    {
        Tick = tick;
        AgentSlot = agent.Slot;
        AgentGeneration = agent.Generation;
        Kind = kind;
        Code = code;
        From = from;
        To = to;
        OtherSlot = other.Slot;
        OtherGeneration = other.Generation;
        Detail = detail;
        _reserved = 0;
    }

    /// <summary>The tick in which it happened.</summary>
    public long Tick { get; }

    /// <summary>Slot of <see cref="Agent"/> (stored apart so the layout is plain integers for C).</summary>
    public int AgentSlot { get; }

    /// <summary>Generation of <see cref="Agent"/>.</summary>
    public int AgentGeneration { get; }

    /// <summary>What happened.</summary>
    public EngineEventKind Kind { get; }

    /// <summary>The emotion type, action, or strategy the event is about (see <see cref="EngineEventKind"/>).</summary>
    public int Code { get; }

    /// <summary>The value before (an intensity, an emotion type, an octant, a utility).</summary>
    public float From { get; }

    /// <summary>The value after.</summary>
    public float To { get; }

    /// <summary>Slot of <see cref="Other"/>.</summary>
    public int OtherSlot { get; }

    /// <summary>Generation of <see cref="Other"/> (0: no other agent).</summary>
    public int OtherGeneration { get; }

    /// <summary>A kind-specific extra id (the goal or belief a coping step changed); 0 when unused.</summary>
    public int Detail { get; }

#pragma warning disable IDE0052, CS0414 // Pads the struct to 48 bytes, a multiple of its 8-byte alignment, on every platform.
    private readonly int _reserved;
#pragma warning restore IDE0052, CS0414

    /// <summary>The agent it happened to.</summary>
    public AgentId Agent => new(AgentSlot, AgentGeneration);

    /// <summary>The other agent involved (an action's target), or <see cref="AgentId.None"/>.</summary>
    public AgentId Other => new(OtherSlot, OtherGeneration);

    /// <inheritdoc />
    public override string ToString() => $"tick {Tick} {Agent} {Kind} {Code} {From} -> {To}";
}
