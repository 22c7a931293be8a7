using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Appraisal;

namespace AffectEngine.Social;

/// <summary>
/// What appraisal needs from the social layer: how much one agent likes another. The fortunes-of-others
/// emotions of OCC (happy-for, pity, gloating, resentment; Ortony, Clore &amp; Collins 1988) and
/// GAMYGDALA's social emotions (Popescu et al. 2014) branch on the sign of this value and scale by it.
/// </summary>
public interface IRelationView
{
    /// <summary>Liking of <paramref name="from"/> toward <paramref name="to"/> in [-1, 1]; 0 when they have no relation.</summary>
    float Liking(AgentId from, AgentId to);

    /// <summary>Familiarity of <paramref name="from"/> with <paramref name="to"/> in [0, 1]; 0 when they have no relation.</summary>
    float Familiarity(AgentId from, AgentId to);
}

/// <summary>One directed relation.</summary>
/// <param name="Liking">Liking in [-1, 1].</param>
/// <param name="Familiarity">Familiarity in [0, 1].</param>
public readonly record struct Relation(float Liking, float Familiarity);

/// <summary>One relation as <see cref="RelationStore.CopyRelations"/> lists it.</summary>
/// <param name="Other">The agent the relation is about.</param>
/// <param name="Liking">Liking in [-1, 1].</param>
/// <param name="Familiarity">Familiarity in [0, 1].</param>
public readonly record struct RelationEntry(AgentId Other, float Liking, float Familiarity);

/// <summary>Parameters of the relation update rule (docs/social.md, "Relations").</summary>
public sealed class RelationSettings
{
    /// <summary>
    /// Relations kept per agent (a bounded acquaintance list, like the bounded memories of
    /// game practice). When full, the least familiar relation is dropped for a new one.
    /// </summary>
    public int Capacity { get; set; } = 50;

    /// <summary>
    /// Rate k of the liking update ΔL = k·I·(1 − L) for gratitude/admiration and ΔL = −k·I·(1 + L) for
    /// anger/reproach. The direction is OCC's (Ortony, Clore &amp; Collins 1988: approving of an agent's
    /// action, and being helped by it, are positive reactions to that agent; ALMA, Gebhard 2005, and
    /// FAtiMA update social attitudes the same way); the value 0.1 is this project's choice.
    /// </summary>
    public float LikingRate { get; set; } = 0.1f;

    /// <summary>
    /// Rate of familiarity growth per encounter or shared episode, F ← F + k·(1 − F). Familiarity
    /// grows with repeated exposure (Zajonc 1968, mere exposure); the value 0.05 is this project's choice.
    /// </summary>
    public float FamiliarityRate { get; set; } = 0.05f;

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        p.Range(Capacity, 0, 4096, "relations.capacity");
        p.Range(LikingRate, 0f, 1f, "relations.likingRate");
        p.Range(FamiliarityRate, 0f, 1f, "relations.familiarityRate");
        return p.List;
    }
}

/// <summary>
/// Sparse directed relations: per agent, up to <see cref="RelationSettings.Capacity"/> entries in one
/// flat pool indexed by slot, kept sorted by the other agent's handle so lookups are binary searches
/// and the canonical encoding is simply the storage order. No allocation after the pool is sized.
/// </summary>
public sealed class RelationStore : IRelationView, ILikingSource, IStateContributor, ILikingRows
{
    private readonly RelationSettings _settings;
    private readonly int _cap;

    // Per slot: the relation count and the owner's generation side by side, and per relation one 16-byte
    // entry, so a row of eight is two lines. At 10^6 agents the pool is far larger than the caches and an
    // update costs what it misses; with one array per field every field was a miss of its own.
    private RowHeader[] _rows = new RowHeader[64];
    private Entry[] _entries = [];

    internal RelationStore(RelationSettings settings)
    {
        _settings = settings;
        _cap = settings.Capacity;
        Resize(64);
    }

    /// <inheritdoc />
    public string StateKey => "social.relations";

    /// <summary>Relations kept per agent.</summary>
    public int Capacity => _cap;

    /// <summary>Bytes of storage per agent slot: (other slot, generation, liking, familiarity) × capacity + count and owner generation.</summary>
    public int BytesPerAgent => (_cap * 16) + 8;

    /// <summary>Number of relations the agent holds.</summary>
    public int Count(AgentId agent) => Owns(agent) ? _rows[agent.Slot].Count : 0;

    /// <summary>
    /// Copies the relations <paramref name="from"/> holds (in the other agents' slot order) into
    /// <paramref name="destination"/>; returns how many were written. For views and exports, between ticks.
    /// </summary>
    public int CopyRelations(AgentId from, Span<RelationEntry> destination)
    {
        var n = Math.Min(Count(from), destination.Length);
        var b = from.Slot * _cap;
        for (var i = 0; i < n; i++)
        {
            ref readonly var e = ref _entries[b + i];
            destination[i] = new RelationEntry(new AgentId(e.OtherSlot, e.OtherGen), e.Liking, e.Familiarity);
        }

        return n;
    }

    /// <summary>
    /// Replaces every relation <paramref name="from"/> holds with <paramref name="entries"/> (as
    /// <see cref="CopyRelations"/> listed them, possibly from another world), so a world can continue from
    /// another world's relations. Between ticks. Throws when the owner is not alive here, there are more
    /// entries than <see cref="Capacity"/>, an entry names the owner, no one or another twice, or a value is out of range.
    /// </summary>
    public void ReplaceRelations(AgentId from, ReadOnlySpan<RelationEntry> entries)
    {
        if (!Owns(from))
        {
            throw new ArgumentException($"{from} has no relations in this world.", nameof(from));
        }

        if (entries.Length > _cap)
        {
            throw new ArgumentException($"{entries.Length} relations exceed the relation capacity {_cap}.", nameof(entries));
        }

        _rows[from.Slot].Count = 0;
        for (var i = 0; i < entries.Length; i++)
        {
            var r = entries[i];
            if (r.Other.IsNone || r.Other == from || Search(from.Slot, r.Other) >= 0)
            {
                throw new ArgumentException($"relation {i}: {r.Other} is none, the owner itself or listed twice.", nameof(entries));
            }

            Set(from, r.Other, r.Liking, r.Familiarity);
        }
    }

    /// <inheritdoc />
    public float Liking(AgentId from, AgentId to)
    {
        var i = Find(from, to);
        return i >= 0 ? _entries[i].Liking : 0f;
    }

    /// <inheritdoc />
    public bool TryGetLiking(AgentId from, AgentId to, out float liking)
    {
        var i = Find(from, to);
        liking = i >= 0 ? _entries[i].Liking : 0f;
        return i >= 0;
    }

    /// <inheritdoc />
    public int LikedCount(AgentId from) => Count(from);

    /// <inheritdoc />
    public int CopyLikedSlots(AgentId from, Span<int> slots)
    {
        var n = Math.Min(Count(from), slots.Length);
        var b = from.Slot * _cap;
        for (var i = 0; i < n; i++)
        {
            slots[i] = _entries[b + i].OtherSlot;
        }

        return n;
    }

    /// <inheritdoc />
    public float Familiarity(AgentId from, AgentId to)
    {
        var i = Find(from, to);
        return i >= 0 ? _entries[i].Familiarity : 0f;
    }

    /// <summary>The relation, or (0, 0) when there is none.</summary>
    public Relation Get(AgentId from, AgentId to)
    {
        var i = Find(from, to);
        return i >= 0 ? new Relation(_entries[i].Liking, _entries[i].Familiarity) : default;
    }

    /// <summary>Sets a relation (scenario setup, game scripts). Liking in [-1, 1], familiarity in [0, 1].</summary>
    public void Set(AgentId from, AgentId to, float liking, float familiarity)
    {
        Guard.Signed(liking, nameof(liking));
        Guard.Unit(familiarity, nameof(familiarity));
        var i = FindOrAdd(from, to);
        if (i >= 0)
        {
            _entries[i].Liking = liking;
            _entries[i].Familiarity = familiarity;
        }
    }

    /// <summary>
    /// Updates <paramref name="from"/>'s liking of <paramref name="to"/> from an emotion <paramref name="from"/>
    /// feels about <paramref name="to"/>'s action, and raises familiarity (docs/social.md, "Relations"):
    /// gratitude and admiration (and love, liking) raise liking, ΔL = k·I·(1 − L); anger and reproach
    /// (and hate, disliking) lower it, ΔL = −k·I·(1 + L). The saturating form keeps L in [-1, 1].
    /// Other emotion types change familiarity only. Returns the new liking.
    /// </summary>
    public float ApplyEmotion(AgentId from, AgentId to, EmotionType type, float intensity)
    {
        Guard.Unit(intensity, nameof(intensity));
        var i = FindOrAdd(from, to);
        if (i < 0)
        {
            return 0f;
        }

        var k = _settings.LikingRate * intensity;
        ref var entry = ref _entries[i];
        ref var l = ref entry.Liking;
        switch (Direction(type))
        {
            case > 0:
                l += k * (1f - l);
                break;
            case < 0:
                l -= k * (1f + l);
                break;
        }

        l = Math.Min(1f, Math.Max(-1f, l));
        ref var f = ref entry.Familiarity;
        f += _settings.FamiliarityRate * (1f - f);
        return l;
    }

    /// <summary>An encounter without an emotion: familiarity grows, liking stays.</summary>
    public void Encounter(AgentId from, AgentId to)
    {
        var i = FindOrAdd(from, to);
        if (i >= 0)
        {
            ref var f = ref _entries[i].Familiarity;
            f += _settings.FamiliarityRate * (1f - f);
        }
    }

    /// <summary>+1 for emotions that raise liking of the agent they are about, −1 for those that lower it, 0 otherwise.</summary>
    public static int Direction(EmotionType type) => type switch
    {
        EmotionType.Gratitude or EmotionType.Admiration or EmotionType.Love or EmotionType.Liking => 1,
        EmotionType.Anger or EmotionType.Reproach or EmotionType.Hate or EmotionType.Disliking => -1,
        _ => 0,
    };

    internal void OnAgentAdded(AgentId agent)
    {
        if (agent.Slot >= _rows.Length)
        {
            Resize(agent.Slot + 1);
        }

        _rows[agent.Slot] = new RowHeader { Count = 0, OwnerGen = agent.Generation };
    }

    internal void OnAgentRemoved(AgentId agent)
    {
        if (Owns(agent))
        {
            _rows[agent.Slot] = default;
        }
    }

    /// <inheritdoc />
    public void WriteState(IStateWriter writer)
    {
        Guard.NotNull(writer);
        var slots = HighestUsedSlot() + 1;
        writer.WriteInt32(_cap);
        writer.WriteInt32(slots);
        for (var s = 0; s < slots; s++)
        {
            var n = _rows[s].Count;
            writer.WriteInt32(_rows[s].OwnerGen);
            writer.WriteInt32(n);
            var b = s * _cap;
            for (var i = b; i < b + n; i++)
            {
                ref readonly var e = ref _entries[i];
                writer.WriteInt32(e.OtherSlot);
                writer.WriteInt32(e.OtherGen);
                writer.WriteSingle(e.Liking);
                writer.WriteSingle(e.Familiarity);
            }
        }
    }

    /// <inheritdoc />
    public void ReadState(IStateReader reader)
    {
        Guard.NotNull(reader);
        var cap = reader.ReadInt32();
        if (cap != _cap)
        {
            throw new FormatException($"Snapshot relations capacity is {cap}; this world has {_cap}.");
        }

        var slots = reader.ReadInt32();
        if (slots < 0 || slots > 1 << 28)
        {
            throw new FormatException($"Snapshot relations slot count {slots} is out of range.");
        }

        if (slots > _rows.Length)
        {
            Resize(slots);
        }

        Array.Clear(_rows, 0, _rows.Length);
        for (var s = 0; s < slots; s++)
        {
            _rows[s].OwnerGen = reader.ReadInt32();
            var n = reader.ReadInt32();
            if (n < 0 || n > _cap)
            {
                throw new FormatException($"Snapshot relation count {n} of slot {s} exceeds the capacity {_cap}.");
            }

            _rows[s].Count = n;
            var b = s * _cap;
            for (var i = b; i < b + n; i++)
            {
                ref var e = ref _entries[i];
                e.OtherSlot = reader.ReadInt32();
                e.OtherGen = reader.ReadInt32();
                e.Liking = reader.ReadSingle();
                e.Familiarity = reader.ReadSingle();
            }
        }
    }

    private int HighestUsedSlot()
    {
        for (var s = _rows.Length - 1; s >= 0; s--)
        {
            if (_rows[s].Count != 0 || _rows[s].OwnerGen != 0)
            {
                return s;
            }
        }

        return -1;
    }

    private bool Owns(AgentId agent) =>
        !agent.IsNone && (uint)agent.Slot < (uint)_rows.Length && _rows[agent.Slot].OwnerGen == agent.Generation;

    /// <summary>Index of the entry, or −1. Binary search over the owner's sorted row.</summary>
    private int Find(AgentId from, AgentId to)
    {
        if (!Owns(from) || to.IsNone)
        {
            return -1;
        }

        var i = Search(from.Slot, to);
        return i >= 0 ? (from.Slot * _cap) + i : -1;
    }

    /// <summary>Position in the row, or the bitwise complement of the insertion point.</summary>
    private int Search(int owner, AgentId to)
    {
        var row = _entries.AsSpan(owner * _cap, _rows[owner].Count);
        int lo = 0, hi = row.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var s = row[mid].OtherSlot;
            var c = s != to.Slot ? s.CompareTo(to.Slot) : row[mid].OtherGen.CompareTo(to.Generation);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    /// <summary>Index of the (possibly new) entry; −1 when the owner is unknown, the target is none or itself, or capacity is 0.</summary>
    private int FindOrAdd(AgentId from, AgentId to)
    {
        if (!Owns(from) || to.IsNone || to == from || _cap == 0)
        {
            return -1;
        }

        var owner = from.Slot;
        var pos = Search(owner, to);
        var b = owner * _cap;
        if (pos >= 0)
        {
            return b + pos;
        }

        pos = ~pos;
        var n = _rows[owner].Count;
        if (n == _cap)
        {
            // Full: forget the least familiar acquaintance (ties: the lower index, i.e. canonical order).
            var victim = 0;
            for (var i = 1; i < n; i++)
            {
                if (_entries[b + i].Familiarity < _entries[b + victim].Familiarity)
                {
                    victim = i;
                }
            }

            Array.Copy(_entries, b + victim + 1, _entries, b + victim, n - victim - 1);
            n--;
            if (victim < pos)
            {
                pos--;
            }
        }

        Array.Copy(_entries, b + pos, _entries, b + pos + 1, n - pos);
        _entries[b + pos] = new Entry { OtherSlot = to.Slot, OtherGen = to.Generation };
        _rows[owner].Count = n + 1;
        return b + pos;
    }

    private void Resize(int slots)
    {
        var newSlots = Math.Max(slots, _rows.Length * 2);
        Array.Resize(ref _rows, newSlots);
        Array.Resize(ref _entries, checked(newSlots * _cap));
    }

    /// <summary>Makes room for <paramref name="slots"/> agent slots up front (between ticks).</summary>
    internal void EnsureSlots(int slots)
    {
        if (slots > _rows.Length)
        {
            Resize(slots);
        }
    }

    /// <summary>An agent's relation count and generation, together so checking the owner and reading the count is one miss.</summary>
    private struct RowHeader
    {
        public int Count;
        public int OwnerGen;
    }

    /// <summary>One directed relation as stored: the other agent's handle, liking and familiarity.</summary>
    private struct Entry
    {
        public int OtherSlot;
        public int OtherGen;
        public float Liking;
        public float Familiarity;
    }
}
