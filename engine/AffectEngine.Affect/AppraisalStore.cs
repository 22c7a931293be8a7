using System;
using System.Runtime.CompilerServices;
#if NET
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#endif
using AffectEngine.Appraisal;
using AffectEngine.Core;

namespace AffectEngine.Affect;

/// <summary>
/// Per-agent cold appraisal state (goals, standards, attitudes, likings, beliefs), one small array
/// per agent slot and category, grown at load and reused afterwards. Entries are stamped with the
/// slot's generation, so a stale handle sees an empty agent. Hashed and saved in slot order.
/// </summary>
internal sealed class AppraisalStore : IAppraisalState, IStateContributor, IAgentLifecycle
{
    private const int FormatVersion = 1;
    private readonly World _world;
    private int[] _generation = new int[64];

    // Per slot, a 64-bit filter of the others it holds a liking for (four bits per other, by a hash of
    // its slot; 0.6% false positives at 5 likings): under a peer load almost every (perceiver, other) pair has no liking, and the filter
    // answers that from one dense array instead of touching the perceiver's own liking array (a cache
    // miss per lookup; a quarter of the Appraise stage). Never cleared bit by bit: a liking is only
    // ever replaced, and a cleared slot clears its filter, so a 0 bit always means "no liking".
    private ulong[] _likingFilter = new ulong[64];

    // Per slot, a row of BeliefRowLength 16-bit tags, one per entry of its belief list in list order (a
    // hash of the entry's (belief, goal) key with the top bit set, so 0 marks an empty place). Under a
    // peer load most belief updates find no entry (the prospect was never open, or already resolved):
    // a key whose tag is nowhere in the row is absent, answered from one dense 64-byte row; a matching
    // tag gives the only places the key can be, so a hit reads the list at that index alone. Exact: the
    // row always mirrors the first BeliefRowLength entries (every add, removal, forget, replace, load
    // and clear updates it), and a list longer than the row is marked in _beliefOverflow and the
    // entries past the row are scanned as before. The list, its order and what is hashed are unchanged.
    private const int BeliefRowLength = 32;
    private ushort[] _beliefTags = new ushort[64 * BeliefRowLength];
    private bool[] _beliefOverflow = new bool[64];

    // Every slot's goals, the only copy (views hand out spans over it; see GoalTable).
    private readonly GoalTable _goals = new();
    private readonly SlotList<StandardDescription> _standards = new();
    private readonly SlotList<AttitudeDescription> _attitudes = new();
    private readonly SlotList<LikingDescription> _likings = new();
    private readonly SlotList<BeliefState> _beliefs = new();

    public AppraisalStore(World world) => _world = world;

    public string StateKey => "affect.appraisal";

    public bool IsLive(AgentId agent) => _world.IsAlive(agent);

    /// <summary>Current likings kept elsewhere (the social layer's relations), consulted before the declared ones.</summary>
    public ILikingSource? LikingSource { get; set; }

    public AppraiserView View(AgentId agent)
    {
        var slot = agent.Slot;
        if (agent.IsNone || (uint)slot >= (uint)_generation.Length || _generation[slot] != agent.Generation)
        {
            return new AppraiserView(agent, default, default, default, default, default, LikingSource);
        }

        return new AppraiserView(agent, _goals.Span(slot), _standards.Span(slot), _attitudes.Span(slot), _likings.Span(slot), _beliefs.Span(slot), LikingSource);
    }

    // Direct reads for the OCC model (StoreAccess): the same answers as the views give, without building
    // a view of five spans per lookup (that was a fifth of the Appraise stage under a peer load).

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetUtility(AgentId owner, GoalId goal, out float utility)
    {
        if (Owns(owner))
        {
            return _goals.TryGetUtility(owner.Slot, goal.Value, out utility);
        }

        utility = 0f;
        return false;
    }

    /// <summary>The index of <paramref name="goal"/> in the slot's goal list (the first with that id), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int IndexOfGoal(int slot, int goal) => _goals.IndexOf(slot, goal);

    public bool TryGetLiking(AgentId agent, AgentId other, out float liking)
    {
        if (LikingSource is { } source && source.TryGetLiking(agent, other, out liking))
        {
            return true;
        }

        if (Owns(agent) && (_likingFilter[agent.Slot] & LikingBits(other)) == LikingBits(other))
        {
            // A plain loop, not TryFind: its two delegate calls per entry were most of a lookup's cost.
            foreach (ref readonly var l in _likings.Span(agent.Slot))
            {
                if (l.Other == other)
                {
                    liking = l.Liking.Value;
                    return true;
                }
            }
        }

        liking = 0f;
        return false;
    }

    public bool TryGetStandard(AgentId agent, ActionId action, out float praiseworthiness) =>
        TryFind(_standards, agent, action, static s => s.Action, static s => s.Praiseworthiness.Value, out praiseworthiness);

    public bool TryGetAttitude(AgentId agent, ObjectId obj, out float appealingness) =>
        TryFind(_attitudes, agent, obj, static a => a.Object, static a => a.Appealingness.Value, out appealingness);

    /// <summary>
    /// <see cref="Belief"/> then, once the prospect resolves, <see cref="ForgetBelief"/>, in one scan; a
    /// resolved belief that was never open is not added and removed again (the list ends the same).
    /// </summary>
    public bool UpdateBelief(AgentId agent, BeliefId belief, GoalId goal, float likelihood, float desirability, out float priorLikelihood, out float priorDesirability)
    {
        var slot = Own(agent);
        var open = likelihood > 0f && likelihood < 1f;
        var key = BeliefKey(belief, goal);
        var i = IndexOfBelief(slot, key);
        if (i >= 0)
        {
            ref var b = ref _beliefs.At(slot, i);
            priorLikelihood = b.Likelihood;
            priorDesirability = b.Desirability;
            if (open)
            {
                b.Likelihood = likelihood;
                b.Desirability = desirability;
            }
            else
            {
                RemoveBelief(slot, i);
            }

            return true;
        }

        priorLikelihood = 0f;
        priorDesirability = 0f;
        if (open)
        {
            AddBelief(slot, new BeliefState(belief, goal, likelihood, desirability));
        }

        return false;
    }

    /// <summary>The index of the key in the slot's belief list, or -1: candidates from the tag row, then (for a long list) the entries past it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int IndexOfBelief(int slot, ulong key)
    {
        var tag = BeliefTag(key);
        var at = slot * BeliefRowLength;
        var tags = _beliefTags;
#if NET
        if (Vector256.IsHardwareAccelerated)
        {
            ref var row = ref tags[at];
            var t = Vector256.Create(tag);
            var lo = Vector256.ExtractMostSignificantBits(Vector256.Equals(Vector256.LoadUnsafe(ref row), t));
            var hi = Vector256.ExtractMostSignificantBits(Vector256.Equals(Vector256.LoadUnsafe(ref row, (nuint)Vector256<ushort>.Count), t));
            var mask = lo | (hi << Vector256<ushort>.Count);
            while (mask != 0)
            {
                var i = BitOperations.TrailingZeroCount(mask);
                if (Unsafe.As<BeliefState, ulong>(ref _beliefs.At(slot, i)) == key)
                {
                    return i;
                }

                mask &= mask - 1;
            }
        }
        else
#endif
        {
            for (var i = 0; i < BeliefRowLength && tags[at + i] != 0; i++)
            {
                if (tags[at + i] == tag && Unsafe.As<BeliefState, ulong>(ref _beliefs.At(slot, i)) == key)
                {
                    return i;
                }
            }
        }

        return _beliefOverflow[slot] ? IndexOfBeliefBeyondRow(slot, key) : -1;
    }

    // A list longer than the tag row: the entries past it, scanned as before.
    private int IndexOfBeliefBeyondRow(int slot, ulong key)
    {
        var span = _beliefs.Span(slot);
        for (var i = BeliefRowLength; i < span.Length; i++)
        {
            if (Unsafe.As<BeliefState, ulong>(ref span[i]) == key)
            {
                return i;
            }
        }

        return -1;
    }

    private ref BeliefState AddBelief(int slot, BeliefState state)
    {
        ref var added = ref _beliefs.Add(slot, state);
        var i = _beliefs.Count(slot) - 1;
        if (i < BeliefRowLength)
        {
            _beliefTags[(slot * BeliefRowLength) + i] = BeliefTag(BeliefKey(state.Belief, state.Goal));
        }
        else
        {
            _beliefOverflow[slot] = true;
        }

        return ref added;
    }

    private void RemoveBelief(int slot, int index)
    {
        _beliefs.RemoveAt(slot, index);
        if (_beliefOverflow[slot])
        {
            // The row's last place now mirrors the first entry past it: rebuild (long lists are rare).
            RebuildBeliefTags(slot);
        }
        else
        {
            // The list shifted down by one from index; the row follows, and its last place is empty.
            var at = slot * BeliefRowLength;
            Array.Copy(_beliefTags, at + index + 1, _beliefTags, at + index, BeliefRowLength - 1 - index);
            _beliefTags[at + BeliefRowLength - 1] = 0;
        }
    }

    public ref BeliefState Belief(AgentId agent, BeliefId belief, GoalId goal, out bool existed)
    {
        var slot = Own(agent);
        var span = _beliefs.Span(slot);
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i].Belief == belief && span[i].Goal == goal)
            {
                existed = true;
                return ref span[i];
            }
        }

        existed = false;
        return ref AddBelief(slot, new BeliefState(belief, goal, 0f, 0f));
    }

    public void ForgetBelief(AgentId agent, BeliefId belief, GoalId goal)
    {
        if (!Owns(agent))
        {
            return;
        }

        var span = _beliefs.Span(agent.Slot);
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i].Belief == belief && span[i].Goal == goal)
            {
                RemoveBelief(agent.Slot, i);
                return;
            }
        }
    }

    public void ReplaceBeliefs(AgentId agent, ReadOnlySpan<BeliefState> beliefs)
    {
        if (!_world.IsAlive(agent))
        {
            throw new ArgumentException($"{agent} is not alive in this world.", nameof(agent));
        }

        var slot = Own(agent);
        _beliefs.Clear(slot);
        foreach (var b in beliefs)
        {
            _beliefs.Add(slot, b);
        }

        RebuildBeliefTags(slot);
    }

    public void SetGoal(AgentId agent, GoalDescription goal)
    {
        var slot = Own(agent);
        var state = new GoalState(goal);
        var i = _goals.IndexOf(slot, goal.Goal.Value);
        if (i >= 0)
        {
            _goals.Span(slot)[i] = state;
        }
        else
        {
            _goals.Add(slot, state);
        }
    }

    public void SetStandard(AgentId agent, StandardDescription standard)
    {
        Upsert(_standards, Own(agent), standard.Action, static s => s.Action, standard);
        AnyStandards = true;
    }

    public void SetAttitude(AgentId agent, AttitudeDescription attitude) => Upsert(_attitudes, Own(agent), attitude.Object, static a => a.Object, attitude);

    public void SetLiking(AgentId agent, LikingDescription liking)
    {
        var slot = Own(agent);
        if (Upsert(_likings, slot, liking.Other, static l => l.Other, liking))
        {
            _likingFilter[slot] |= LikingBits(liking.Other);
        }
    }

    // One keyed lookup and one "replace or append" for the standards, attitudes, likings and goals
    // lists (the goal lookup of the Appraise stage keeps its own loop: it is on the hot path).
    private bool TryFind<T, TKey>(SlotList<T> list, AgentId agent, TKey key, Func<T, TKey> keyOf, Func<T, float> valueOf, out float value)
        where T : struct
        where TKey : IEquatable<TKey>
    {
        if (Owns(agent))
        {
            foreach (ref readonly var entry in list.Span(agent.Slot))
            {
                if (keyOf(entry).Equals(key))
                {
                    value = valueOf(entry);
                    return true;
                }
            }
        }

        value = 0f;
        return false;
    }

    /// <summary>Replaces the slot's entry with <paramref name="key"/> or appends <paramref name="item"/>; true when appended.</summary>
    private static bool Upsert<T, TKey>(SlotList<T> list, int slot, TKey key, Func<T, TKey> keyOf, T item)
        where T : struct
        where TKey : IEquatable<TKey>
    {
        var span = list.Span(slot);
        for (var i = 0; i < span.Length; i++)
        {
            if (keyOf(span[i]).Equals(key))
            {
                span[i] = item;
                return false;
            }
        }

        list.Add(slot, item);
        return true;
    }

    public void OnAgentAdded(AgentId agent) => Own(agent);

    public void OnAgentRemoved(AgentId agent)
    {
        if (Owns(agent))
        {
            ClearSlot(agent.Slot);
            _generation[agent.Slot] = 0;
        }
    }

    public void WriteState(IStateWriter writer)
    {
        writer.WriteInt32(FormatVersion);
        for (var slot = 0; slot < _generation.Length; slot++)
        {
            if (_generation[slot] == 0 || IsEmpty(slot))
            {
                continue;
            }

            writer.WriteInt32(slot);
            writer.WriteInt32(_generation[slot]);
            var goals = _goals.Span(slot);
            writer.WriteInt32(goals.Length);
            foreach (var g in goals)
            {
                writer.WriteInt32(g.Goal.Value);
                writer.WriteSingle(g.Utility);
                writer.WriteInt32((int)g.Kind);
                writer.WriteSingle(g.Likelihood);
                writer.WriteInt32(g.HasLikelihood ? 1 : 0);
            }

            var standards = _standards.Span(slot);
            writer.WriteInt32(standards.Length);
            foreach (var s in standards)
            {
                writer.WriteInt32(s.Action.Value);
                writer.WriteSingle(s.Praiseworthiness.Value);
            }

            var attitudes = _attitudes.Span(slot);
            writer.WriteInt32(attitudes.Length);
            foreach (var a in attitudes)
            {
                writer.WriteInt32(a.Object.Value);
                writer.WriteSingle(a.Appealingness.Value);
            }

            var likings = _likings.Span(slot);
            writer.WriteInt32(likings.Length);
            foreach (var l in likings)
            {
                writer.WriteInt32(l.Other.Slot);
                writer.WriteInt32(l.Other.Generation);
                writer.WriteSingle(l.Liking.Value);
            }

            var beliefs = _beliefs.Span(slot);
            writer.WriteInt32(beliefs.Length);
            foreach (var b in beliefs)
            {
                writer.WriteInt32(b.Belief.Value);
                writer.WriteInt32(b.Goal.Value);
                writer.WriteSingle(b.Likelihood);
                writer.WriteSingle(b.Desirability);
            }
        }

        writer.WriteInt32(-1);
    }

    public void ReadState(IStateReader reader)
    {
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new FormatException($"affect.appraisal: format version {version} is not supported (expected {FormatVersion}).");
        }

        for (var slot = 0; slot < _generation.Length; slot++)
        {
            ClearSlot(slot);
            _generation[slot] = 0;
        }

        while (true)
        {
            var slot = reader.ReadInt32();
            if (slot < 0)
            {
                break;
            }

            var agent = new AgentId(slot, reader.ReadInt32());
            Own(agent);
            var n = reader.ReadInt32();
            for (var i = 0; i < n; i++)
            {
                var goal = new GoalId(reader.ReadInt32());
                var utility = new Utility(reader.ReadSingle());
                var kind = (GoalKind)reader.ReadInt32();
                if (kind is not (GoalKind.Achievement or GoalKind.Maintenance))
                {
                    throw new FormatException($"affect.appraisal: goal kind {(int)kind} of slot {slot} is not a goal kind.");
                }

                var state = new GoalState(new GoalDescription(goal, utility, kind))
                {
                    Likelihood = reader.ReadSingle(),
                    HasLikelihood = reader.ReadInt32() != 0,
                };
                _goals.Add(slot, state);
            }

            n = reader.ReadInt32();
            for (var i = 0; i < n; i++)
            {
                _standards.Add(slot, new StandardDescription(new ActionId(reader.ReadInt32()), new Praiseworthiness(reader.ReadSingle())));
                AnyStandards = true;
            }

            n = reader.ReadInt32();
            for (var i = 0; i < n; i++)
            {
                _attitudes.Add(slot, new AttitudeDescription(new ObjectId(reader.ReadInt32()), new Appealingness(reader.ReadSingle())));
            }

            n = reader.ReadInt32();
            for (var i = 0; i < n; i++)
            {
                var other = new AgentId(reader.ReadInt32(), reader.ReadInt32());
                _likings.Add(slot, new LikingDescription(other, new Liking(reader.ReadSingle())));
                _likingFilter[slot] |= LikingBits(other);
            }

            n = reader.ReadInt32();
            for (var i = 0; i < n; i++)
            {
                var belief = new BeliefId(reader.ReadInt32());
                var goal = new GoalId(reader.ReadInt32());
                var l = reader.ReadSingle();
                _beliefs.Add(slot, new BeliefState(belief, goal, l, reader.ReadSingle()));
            }

            RebuildBeliefTags(slot);
        }
    }

    /// <summary>Goal effects per agent (for sizing and diagnostics).</summary>
    public int GoalCount(AgentId agent) => Owns(agent) ? _goals.Span(agent.Slot).Length : 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Owns(AgentId agent) =>
        !agent.IsNone && (uint)agent.Slot < (uint)_generation.Length && _generation[agent.Slot] == agent.Generation;

    /// <summary>Makes the slot belong to this agent (clearing what a previous occupant left).</summary>
    private int Own(AgentId agent)
    {
        if (agent.IsNone)
        {
            throw new ArgumentException("The agent must not be none.", nameof(agent));
        }

        var slot = agent.Slot;
        if (slot >= _generation.Length)
        {
            var size = Math.Max(slot + 1, _generation.Length * 2);
            Array.Resize(ref _generation, size);
            Array.Resize(ref _likingFilter, size);
            Array.Resize(ref _beliefTags, size * BeliefRowLength);
            Array.Resize(ref _beliefOverflow, size);
        }

        if (_generation[slot] != agent.Generation)
        {
            ClearSlot(slot);
            _generation[slot] = agent.Generation;
        }

        return slot;
    }

    private bool IsEmpty(int slot) =>
        _goals.Span(slot).IsEmpty && _standards.Span(slot).IsEmpty && _attitudes.Span(slot).IsEmpty
        && _likings.Span(slot).IsEmpty && _beliefs.Span(slot).IsEmpty;

    private void ClearSlot(int slot)
    {
        _goals.Clear(slot);
        _standards.Clear(slot);
        _attitudes.Clear(slot);
        _likings.Clear(slot);
        _beliefs.Clear(slot);
        _likingFilter[slot] = 0;
        Array.Clear(_beliefTags, slot * BeliefRowLength, BeliefRowLength);
        _beliefOverflow[slot] = false;
    }

    /// <summary>Rewrites the slot's belief tag row and overflow mark from its list.</summary>
    private void RebuildBeliefTags(int slot)
    {
        var span = _beliefs.Span(slot);
        var at = slot * BeliefRowLength;
        Array.Clear(_beliefTags, at, BeliefRowLength);
        for (var i = 0; i < span.Length && i < BeliefRowLength; i++)
        {
            _beliefTags[at + i] = BeliefTag(BeliefKey(span[i].Belief, span[i].Goal));
        }

        _beliefOverflow[slot] = span.Length > BeliefRowLength;
    }

    // A key's tag: 15 bits of a multiplicative hash with the top bit set (never 0, the empty mark).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ushort BeliefTag(ulong key) => (ushort)(((key * 0x9E3779B97F4A7C15UL) >> 49) | 0x8000);

    /// <summary>
    /// False only when <see cref="TryGetLiking"/> would surely return false (no liking source, and the
    /// perceiver's filter lacks the other's bits): the model's inlined early-out per (perceiver, other).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayLike(AgentId agent, AgentId other)
    {
        var bits = LikingBits(other);
        var filter = _likingFilter;
        return LikingSource is not null || ((uint)agent.Slot < (uint)filter.Length && (filter[agent.Slot] & bits) == bits);
    }

    /// <summary>False while no agent has ever had a standard (then no action is judged).</summary>
    public bool AnyStandards { get; private set; }

    /// <summary>
    /// False only when <paramref name="agent"/>'s liking filter holds none of <paramref name="others"/>
    /// (their <see cref="LikingBits"/>), so the store holds no liking of any of them; a liking source is
    /// not consulted (the caller treats one as "may like anyone").
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayLikeAny(AgentId agent, ReadOnlySpan<ulong> others)
    {
        var filter = _likingFilter;
        if ((uint)agent.Slot >= (uint)filter.Length)
        {
            return false;
        }

        var mine = filter[agent.Slot];
        foreach (var bits in others)
        {
            if ((mine & bits) == bits)
            {
                return true;
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong LikingBits(AgentId other)
    {
        // Four bits from the top 24 of one multiplicative hash: at five likings 0.6% false positives where
        // two bits gave 1.8% (each a lookup in the perceiver's liking array, its first line a cache miss).
        var h = (ulong)(uint)other.Slot * 0x9E3779B97F4A7C15UL;
        return (1UL << (int)(h >> 58)) | (1UL << (int)((h >> 52) & 63)) | (1UL << (int)((h >> 46) & 63)) | (1UL << (int)((h >> 40) & 63));
    }

    // BeliefState starts with (Belief, Goal), two ints: one 64-bit compare per entry in the belief scan.
    internal static ulong BeliefKey(BeliefId belief, GoalId goal) => (uint)belief.Value | ((ulong)(uint)goal.Value << 32);
}

/// <summary>One small growable array per agent slot; reuses its arrays after removal.</summary>
internal sealed class SlotList<T>
    where T : struct
{
    private T[]?[] _items = new T[]?[64];
    private int[] _counts = new int[64];

    // Span and At check against the slot's count (a dense array that stays in cache), not the array's own
    // length: that read is a cache miss on the list's first line whenever the entry wanted is on another
    // (the goal and belief lookups of the Appraise stage). Safe because a count never exceeds its array's
    // length: Add grows the array before counting the item, and nothing else raises a count.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Span(int slot)
    {
        if ((uint)slot >= (uint)_items.Length || _items[slot] is not { } a)
        {
            return default;
        }

#if NET
        return MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(a), _counts[slot]);
#else
        return new Span<T>(a, 0, _counts[slot]);
#endif
    }

    /// <summary>Entry <paramref name="index"/> of the slot's list (checked against the list's length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T At(int slot, int index)
    {
        // The array is tested for null in a register here, so the JIT needs no null check that reads the
        // array's header line (the read the count check exists to avoid).
        if ((uint)index < (uint)_counts[slot] && _items[slot] is { } a)
        {
#if NET
            return ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a), index);
#else
            return ref a[index];
#endif
        }

        return ref PastTheEnd(index);
    }

    private static ref T PastTheEnd(int index) => throw new ArgumentOutOfRangeException(nameof(index), index, "past the end of the list");

    /// <summary>The length of the slot's list.</summary>
    public int Count(int slot) => (uint)slot < (uint)_counts.Length ? _counts[slot] : 0;

    public ref T Add(int slot, T item)
    {
        if (slot >= _items.Length)
        {
            var size = Math.Max(slot + 1, _items.Length * 2);
            Array.Resize(ref _items, size);
            Array.Resize(ref _counts, size);
        }

        var a = _items[slot];
        if (a is null)
        {
            a = new T[4];
            _items[slot] = a;
        }
        else if (_counts[slot] == a.Length)
        {
            Array.Resize(ref a, a.Length * 2);
            _items[slot] = a;
        }

        ref var cell = ref a[_counts[slot]++];
        cell = item;
        return ref cell;
    }

    public void RemoveAt(int slot, int index)
    {
        var a = _items[slot]!;
        var n = --_counts[slot];
        // Keep insertion order (the hash encodes it), so shift rather than swap.
        Array.Copy(a, index + 1, a, index, n - index);
        a[n] = default;
    }

    public void Clear(int slot)
    {
        if ((uint)slot < (uint)_items.Length && _items[slot] is { } a)
        {
            Array.Clear(a, 0, _counts[slot]);
            _counts[slot] = 0;
        }
    }
}
