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
public sealed class RelationStore : IRelationView, ILikingSource, IStateContributor
{
    private readonly RelationSettings _settings;
    private readonly int _cap;
    private int[] _count = new int[64];
    private int[] _otherSlot = [];
    private int[] _otherGen = [];
    private float[] _liking = [];
    private float[] _familiarity = [];
    private int[] _ownerGen = new int[64];

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
    public int Count(AgentId agent) => Owns(agent) ? _count[agent.Slot] : 0;

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
            destination[i] = new RelationEntry(new AgentId(_otherSlot[b + i], _otherGen[b + i]), _liking[b + i], _familiarity[b + i]);
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

        _count[from.Slot] = 0;
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
        return i >= 0 ? _liking[i] : 0f;
    }

    /// <inheritdoc />
    public bool TryGetLiking(AgentId from, AgentId to, out float liking)
    {
        var i = Find(from, to);
        liking = i >= 0 ? _liking[i] : 0f;
        return i >= 0;
    }

    /// <inheritdoc />
    public float Familiarity(AgentId from, AgentId to)
    {
        var i = Find(from, to);
        return i >= 0 ? _familiarity[i] : 0f;
    }

    /// <summary>The relation, or (0, 0) when there is none.</summary>
    public Relation Get(AgentId from, AgentId to)
    {
        var i = Find(from, to);
        return i >= 0 ? new Relation(_liking[i], _familiarity[i]) : default;
    }

    /// <summary>Sets a relation (scenario setup, game scripts). Liking in [-1, 1], familiarity in [0, 1].</summary>
    public void Set(AgentId from, AgentId to, float liking, float familiarity)
    {
        Guard.Signed(liking, nameof(liking));
        Guard.Unit(familiarity, nameof(familiarity));
        var i = FindOrAdd(from, to);
        if (i >= 0)
        {
            _liking[i] = liking;
            _familiarity[i] = familiarity;
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
        ref var l = ref _liking[i];
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
        ref var f = ref _familiarity[i];
        f += _settings.FamiliarityRate * (1f - f);
        return l;
    }

    /// <summary>An encounter without an emotion: familiarity grows, liking stays.</summary>
    public void Encounter(AgentId from, AgentId to)
    {
        var i = FindOrAdd(from, to);
        if (i >= 0)
        {
            ref var f = ref _familiarity[i];
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
        if (agent.Slot >= _count.Length)
        {
            Resize(agent.Slot + 1);
        }

        _count[agent.Slot] = 0;
        _ownerGen[agent.Slot] = agent.Generation;
    }

    internal void OnAgentRemoved(AgentId agent)
    {
        if (Owns(agent))
        {
            _count[agent.Slot] = 0;
            _ownerGen[agent.Slot] = 0;
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
            var n = _count[s];
            writer.WriteInt32(_ownerGen[s]);
            writer.WriteInt32(n);
            var b = s * _cap;
            for (var i = b; i < b + n; i++)
            {
                writer.WriteInt32(_otherSlot[i]);
                writer.WriteInt32(_otherGen[i]);
                writer.WriteSingle(_liking[i]);
                writer.WriteSingle(_familiarity[i]);
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

        if (slots > _count.Length)
        {
            Resize(slots);
        }

        Array.Clear(_count, 0, _count.Length);
        Array.Clear(_ownerGen, 0, _ownerGen.Length);
        for (var s = 0; s < slots; s++)
        {
            _ownerGen[s] = reader.ReadInt32();
            var n = reader.ReadInt32();
            if (n < 0 || n > _cap)
            {
                throw new FormatException($"Snapshot relation count {n} of slot {s} exceeds the capacity {_cap}.");
            }

            _count[s] = n;
            var b = s * _cap;
            for (var i = b; i < b + n; i++)
            {
                _otherSlot[i] = reader.ReadInt32();
                _otherGen[i] = reader.ReadInt32();
                _liking[i] = reader.ReadSingle();
                _familiarity[i] = reader.ReadSingle();
            }
        }
    }

    private int HighestUsedSlot()
    {
        for (var s = _count.Length - 1; s >= 0; s--)
        {
            if (_count[s] != 0 || _ownerGen[s] != 0)
            {
                return s;
            }
        }

        return -1;
    }

    private bool Owns(AgentId agent) =>
        !agent.IsNone && (uint)agent.Slot < (uint)_count.Length && _ownerGen[agent.Slot] == agent.Generation;

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
        var b = owner * _cap;
        int lo = 0, hi = _count[owner] - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var s = _otherSlot[b + mid];
            var c = s != to.Slot ? s.CompareTo(to.Slot) : _otherGen[b + mid].CompareTo(to.Generation);
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
        var n = _count[owner];
        if (n == _cap)
        {
            // Full: forget the least familiar acquaintance (ties: the lower index, i.e. canonical order).
            var victim = 0;
            for (var i = 1; i < n; i++)
            {
                if (_familiarity[b + i] < _familiarity[b + victim])
                {
                    victim = i;
                }
            }

            RemoveAt(b, victim, n);
            n--;
            if (victim < pos)
            {
                pos--;
            }
        }

        for (var i = n; i > pos; i--)
        {
            _otherSlot[b + i] = _otherSlot[b + i - 1];
            _otherGen[b + i] = _otherGen[b + i - 1];
            _liking[b + i] = _liking[b + i - 1];
            _familiarity[b + i] = _familiarity[b + i - 1];
        }

        _otherSlot[b + pos] = to.Slot;
        _otherGen[b + pos] = to.Generation;
        _liking[b + pos] = 0f;
        _familiarity[b + pos] = 0f;
        _count[owner] = n + 1;
        return b + pos;
    }

    private void RemoveAt(int b, int index, int n)
    {
        for (var i = index; i < n - 1; i++)
        {
            _otherSlot[b + i] = _otherSlot[b + i + 1];
            _otherGen[b + i] = _otherGen[b + i + 1];
            _liking[b + i] = _liking[b + i + 1];
            _familiarity[b + i] = _familiarity[b + i + 1];
        }
    }

    private void Resize(int slots)
    {
        var newSlots = Math.Max(slots, _count.Length * 2);
        Array.Resize(ref _count, newSlots);
        Array.Resize(ref _ownerGen, newSlots);
        var len = checked(newSlots * _cap);
        Array.Resize(ref _otherSlot, len);
        Array.Resize(ref _otherGen, len);
        Array.Resize(ref _liking, len);
        Array.Resize(ref _familiarity, len);
    }

    /// <summary>Makes room for <paramref name="slots"/> agent slots up front (between ticks).</summary>
    internal void EnsureSlots(int slots)
    {
        if (slots > _count.Length)
        {
            Resize(slots);
        }
    }
}
