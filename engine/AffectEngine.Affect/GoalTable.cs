using System;
using System.Runtime.CompilerServices;
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
    internal const int LineEntries = LineRuns<GoalState>.LineEntries;

    private readonly LineRuns<GoalState> _runs = new();

    /// <summary>The slot's goals, in declaration order (writable: the table is their only copy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<GoalState> Span(int slot) => _runs.Span(slot);

    /// <summary>The number of goals the slot holds.</summary>
    public int Count(int slot) => _runs.Count(slot);

    /// <summary>The index of the first of the slot's goals with id <paramref name="goal"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOf(int slot, int goal)
    {
        ref var first = ref _runs.First(slot, out var count);
        return count == 0 ? -1 : Find(ref first, count, goal);
    }

    /// <summary>The utility of the slot's first goal with id <paramref name="goal"/>; false when it holds none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetUtility(int slot, int goal, out float utility)
    {
        ref var first = ref _runs.First(slot, out var count);
        var i = count == 0 ? -1 : Find(ref first, count, goal);
        if (i >= 0)
        {
            utility = Unsafe.Add(ref first, i).Utility;
            return true;
        }

        utility = 0f;
        return false;
    }

    /// <summary>Appends a goal to the slot's list.</summary>
    public void Add(int slot, GoalState goal) => _runs.Add(slot, goal);

    /// <summary>Drops the slot's goals.</summary>
    public void Clear(int slot) => _runs.Clear(slot);

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
}
