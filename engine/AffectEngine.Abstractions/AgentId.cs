using System;

namespace AffectEngine;

/// <summary>
/// A handle to an agent in a world: the storage slot and the generation of that slot, so a handle
/// to a removed agent never silently addresses the agent that later reuses its slot.
/// </summary>
public readonly struct AgentId : IEquatable<AgentId>, IComparable<AgentId>
{
    /// <summary>Creates a handle.</summary>
    public AgentId(int slot, int generation)
    {
        Slot = slot;
        Generation = generation;
    }

    /// <summary>The storage slot: block = slot / 8, lane = slot % 8.</summary>
    public int Slot { get; }

    /// <summary>How many times the slot had been reused when this agent was added (starts at 1).</summary>
    public int Generation { get; }

    /// <summary>True for a handle that was never assigned.</summary>
    public bool IsNone => Generation == 0;

    /// <summary>The handle that addresses no agent.</summary>
    public static AgentId None => default;

    /// <inheritdoc />
    public bool Equals(AgentId other) => Slot == other.Slot && Generation == other.Generation;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AgentId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (Slot * 397) ^ Generation;

    /// <summary>Canonical order: by slot, then generation.</summary>
    public int CompareTo(AgentId other) => Slot != other.Slot ? Slot.CompareTo(other.Slot) : Generation.CompareTo(other.Generation);

    /// <inheritdoc />
    public override string ToString() => IsNone ? "agent:none" : $"agent:{Slot}.{Generation}";

    /// <summary>Equality.</summary>
    public static bool operator ==(AgentId left, AgentId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(AgentId left, AgentId right) => !left.Equals(right);

    /// <summary>Ordering.</summary>
    public static bool operator <(AgentId left, AgentId right) => left.CompareTo(right) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(AgentId left, AgentId right) => left.CompareTo(right) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(AgentId left, AgentId right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(AgentId left, AgentId right) => left.CompareTo(right) >= 0;
}
