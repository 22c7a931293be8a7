using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET
using System.Numerics;
using System.Runtime.Intrinsics;
#endif
using AffectEngine.Appraisal;

namespace AffectEngine.Affect;

/// <summary>
/// Every agent's goals in one store-owned table: per slot a run of <see cref="GoalState"/> entries
/// (16 bytes, four per cache line) starting on a 64-byte line, sized 4, 8, 16, ... entries. It is
/// the only copy of the goals: <see cref="AppraiserView.Goals"/> is a span over the slot's run, so a
/// write through the view (coping lowering a utility) is what the next lookup reads, and there is
/// nothing beside it that could go stale. The Appraise stage's lookup (<see cref="IndexOf"/>)
/// compares the ids of whole lines at once: the lines' addresses depend only on the slot, so their
/// cache misses overlap, and the utility is on a line already loaded (before, a goal-id row was read
/// first and the entry after it, two misses one after the other; benchmarks/README.md, util section).
/// </summary>
internal sealed class GoalTable
{
    /// <summary>Entries per 64-byte line.</summary>
    internal const int LineEntries = 4;

    // Entries live in a long array (8-byte aligned, unlike a GoalState array's data under every
    // allocation) from _origin on, the origin chosen so that entry 0 starts a cache line (net10.0:
    // pinned, so the address never moves). Entry i is longs _origin + 2i and _origin + 2i + 1.
    private long[] _cells;
    private int _origin;
    private int _used;

    // Per slot: first entry, capacity (a multiple of LineEntries, 0 before the first goal) and count.
    private int[] _start = new int[64];
    private int[] _capacity = new int[64];
    private int[] _count = new int[64];

    // Runs given up when a slot outgrew them, by size class (capacity LineEntries << class).
    private readonly List<int>?[] _free = new List<int>?[32];

    public GoalTable()
    {
        // The line-wide id compare reads ids at every LineEntries-th int of a line.
        if (Unsafe.SizeOf<GoalState>() != 64 / LineEntries)
        {
            throw new InvalidOperationException($"GoalState is {Unsafe.SizeOf<GoalState>()} bytes; the goal table expects {64 / LineEntries}.");
        }

        (_cells, _origin) = AllocateCells(64 * LineEntries);
    }

    /// <summary>The slot's goals, in declaration order (writable: the table is their only copy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<GoalState> Span(int slot)
    {
        if ((uint)slot >= (uint)_count.Length)
        {
            return default;
        }

        var count = _count[slot];
        return count == 0 ? default : MemoryMarshal.CreateSpan(ref Entry(_start[slot]), count);
    }

    /// <summary>The number of goals the slot holds.</summary>
    public int Count(int slot) => (uint)slot < (uint)_count.Length ? _count[slot] : 0;

    /// <summary>The index of the first of the slot's goals with id <paramref name="goal"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(int slot, int goal)
    {
        if ((uint)slot >= (uint)_count.Length)
        {
            return -1;
        }

        var count = _count[slot];
        return count == 0 ? -1 : Find(ref Entry(_start[slot]), count, goal);
    }

    /// <summary>The utility of the slot's first goal with id <paramref name="goal"/>; false when it holds none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetUtility(int slot, int goal, out float utility)
    {
        if ((uint)slot < (uint)_count.Length)
        {
            var count = _count[slot];
            if (count != 0)
            {
                ref var first = ref Entry(_start[slot]);
                var i = Find(ref first, count, goal);
                if (i >= 0)
                {
                    utility = Unsafe.Add(ref first, i).Utility;
                    return true;
                }
            }
        }

        utility = 0f;
        return false;
    }

    /// <summary>
    /// The first of <paramref name="count"/> entries from <paramref name="first"/> (a line-aligned run whose
    /// capacity is a multiple of <see cref="LineEntries"/>) with id <paramref name="goal"/>, or -1. The ids of the
    /// first 16 entries are compared a line (or half a line) at a time with no branch on where the goal
    /// sits: a scan's exit mispredicts on most lookups (the goal's place is random), and the mispredict
    /// would hold back the next loads (appr4 section of benchmarks/README.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Find(ref GoalState first, int count, int goal)
    {
#if NET
        if (Vector512.IsHardwareAccelerated)
        {
            return Find512(ref first, count, goal);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return Find256(ref first, count, goal);
        }
#endif
        return FindScalar(ref first, count, goal, 0);
    }

#if NET
    /// <summary><see cref="Find"/> with one 512-bit compare per line (ids in lanes 0, 4, 8 and 12).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Find512(ref GoalState first, int count, int goal)
    {
        ref var ints = ref Unsafe.As<GoalState, int>(ref first);
        var g = Vector512.Create(goal);
        var inMask = Math.Min(count, 16);
        ulong mask = 0;
        for (var line = 0; line * LineEntries < inMask; line++)
        {
            var eq = Vector512.Equals(Vector512.LoadUnsafe(ref ints, (nuint)(line * 16)), g);
            mask |= (Vector512.ExtractMostSignificantBits(eq) & 0x1111UL) << (line * 16);
        }

        // Entry j's id is bit 4j; entries past the count (within the last line) are dropped.
        mask &= inMask == 16 ? ulong.MaxValue : (1UL << (inMask * 4)) - 1;
        if (mask != 0)
        {
            return BitOperations.TrailingZeroCount(mask) >> 2;
        }

        return count <= 16 ? -1 : FindScalar(ref first, count, goal, 16);
    }

    /// <summary><see cref="Find"/> with one 256-bit compare per half line (ids in lanes 0 and 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int Find256(ref GoalState first, int count, int goal)
    {
        ref var ints = ref Unsafe.As<GoalState, int>(ref first);
        var g = Vector256.Create(goal);
        var inMask = Math.Min(count, 16);
        ulong mask = 0;
        for (var half = 0; half * 2 < inMask; half++)
        {
            var eq = Vector256.Equals(Vector256.LoadUnsafe(ref ints, (nuint)(half * 8)), g);
            mask |= (Vector256.ExtractMostSignificantBits(eq) & 0x11UL) << (half * 8);
        }

        mask &= inMask == 16 ? ulong.MaxValue : (1UL << (inMask * 4)) - 1;
        if (mask != 0)
        {
            return BitOperations.TrailingZeroCount(mask) >> 2;
        }

        return count <= 16 ? -1 : FindScalar(ref first, count, goal, 16);
    }
#endif

    /// <summary><see cref="Find"/> one entry at a time from <paramref name="from"/> (netstandard2.1, no 256-bit vectors, or entries past the 16th).</summary>
    internal static int FindScalar(ref GoalState first, int count, int goal, int from)
    {
        for (var i = from; i < count; i++)
        {
            if (Unsafe.Add(ref first, i).Goal.Value == goal)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Appends a goal to the slot's run, moving the run to a larger one when it is full.</summary>
    public void Add(int slot, in GoalState goal)
    {
        if (slot >= _count.Length)
        {
            var size = Math.Max(slot + 1, _count.Length * 2);
            Array.Resize(ref _start, size);
            Array.Resize(ref _capacity, size);
            Array.Resize(ref _count, size);
        }

        var count = _count[slot];
        if (count == _capacity[slot])
        {
            Grow(slot);
        }

        Entry(_start[slot] + count) = goal;
        _count[slot] = count + 1;
    }

    /// <summary>Drops the slot's goals; the run stays the slot's for its next goals.</summary>
    public void Clear(int slot)
    {
        if ((uint)slot < (uint)_count.Length && _count[slot] != 0)
        {
            MemoryMarshal.CreateSpan(ref Entry(_start[slot]), _count[slot]).Clear();
            _count[slot] = 0;
        }
    }

    private void Grow(int slot)
    {
        var old = _capacity[slot];
        var capacity = old == 0 ? LineEntries : old * 2;
        var start = Allocate(capacity);
        var count = _count[slot];
        if (count != 0)
        {
            var from = _start[slot];
            MemoryMarshal.CreateSpan(ref Entry(from), count).CopyTo(MemoryMarshal.CreateSpan(ref Entry(start), count));
            MemoryMarshal.CreateSpan(ref Entry(from), count).Clear();
        }

        if (old != 0)
        {
            (_free[SizeClass(old)] ??= []).Add(_start[slot]);
        }

        _start[slot] = start;
        _capacity[slot] = capacity;
    }

    /// <summary>A free run of <paramref name="capacity"/> entries (one given up earlier, or a new one at the end).</summary>
    private int Allocate(int capacity)
    {
        if (_free[SizeClass(capacity)] is { Count: > 0 } free)
        {
            var reused = free[free.Count - 1];
            free.RemoveAt(free.Count - 1);
            return reused;
        }

        var start = _used;
        var needed = checked(start + capacity);
        var room = (_cells.Length - _origin) / 2;
        if (needed > room)
        {
            var (cells, origin) = AllocateCells(Math.Max(needed, checked(room * 2)));
            Array.Copy(_cells, _origin, cells, origin, _used * 2);
            (_cells, _origin) = (cells, origin);
        }

        _used = needed;
        return start;
    }

    private static int SizeClass(int capacity)
    {
        var c = 0;
        while ((LineEntries << c) < capacity)
        {
            c++;
        }

        return c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref GoalState Entry(int index)
    {
#if NET
        // In range by construction: index < _used, and the cells hold _used entries past the origin.
        return ref Unsafe.As<long, GoalState>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_cells), _origin + (2 * index)));
#else
        return ref Unsafe.As<long, GoalState>(ref _cells[_origin + (2 * index)]);
#endif
    }

    /// <summary>Cells for <paramref name="entries"/> entries, with the origin at which entry 0 starts a cache line.</summary>
    private static (long[] Cells, int Origin) AllocateCells(int entries)
    {
        const int lineLongs = 64 / sizeof(long);
        var length = checked((entries * 2) + lineLongs);
#if NET
        // Pinned (pinned object heap): the address never moves, so the aligned origin stays aligned.
        var cells = GC.AllocateArray<long>(length, pinned: true);
        var misalignment = (int)((ulong)Marshal.UnsafeAddrOfPinnedArrayElement(cells, 0) % 64) / sizeof(long);
        return (cells, (lineLongs - misalignment) % lineLongs);
#else
        return (new long[length], 0);
#endif
    }
}
