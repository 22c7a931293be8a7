using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AffectEngine.Affect;

/// <summary>
/// One list of 16-byte entries per agent slot, all in one table: per slot a run that starts on a 64-byte
/// cache line and holds 4, 8, 16, ... entries, so entry j of a slot is on line j / 4 of its run and a
/// lookup can load every line of a run at once (their addresses depend on the slot alone). A slot that
/// outgrows its run moves to a new one at the end; the old run is never handed to another slot, so a
/// span a caller still holds over it writes where no slot reads, never into another slot's list (as
/// with one array per slot). Runs given up are reclaimed when the table grows: the live runs are then
/// copied, packed, into a new array. A cleared slot keeps its run. Lists keep insertion order (the state
/// hash encodes it).
/// </summary>
/// <typeparam name="T">A 16-byte struct without references.</typeparam>
internal sealed class LineRuns<T>
    where T : struct
{
    /// <summary>Entries per 64-byte line.</summary>
    internal const int LineEntries = 4;

    // Entries live in a long array (8-byte aligned, which a T array's data is not under every
    // allocation) from _origin on, the origin chosen so that entry 0 starts a cache line (net10.0:
    // pinned, so the address never moves). Entry i is longs _origin + 2i and _origin + 2i + 1.
    private long[] _cells;
    private int _origin;
    private int _used;

    // Per slot: first entry, capacity (a multiple of LineEntries, 0 before the first entry) and count.
    private int[] _start = new int[64];
    private int[] _capacity = new int[64];
    private int[] _count = new int[64];

    public LineRuns()
    {
        if (Unsafe.SizeOf<T>() != 64 / LineEntries)
        {
            throw new InvalidOperationException($"{typeof(T).Name} is {Unsafe.SizeOf<T>()} bytes; a line run holds entries of {64 / LineEntries}.");
        }

        (_cells, _origin) = AllocateCells(64 * LineEntries);
    }

    /// <summary>The slot's entries in order (writable: the table is their only copy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> Span(int slot)
    {
        if ((uint)slot >= (uint)_count.Length)
        {
            return default;
        }

        var count = _count[slot];
        return count == 0 ? default : MemoryMarshal.CreateSpan(ref Entry(_start[slot]), count);
    }

    /// <summary>The number of entries the slot holds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Count(int slot) => (uint)slot < (uint)_count.Length ? _count[slot] : 0;

    /// <summary>
    /// The slot's first entry and its count (0 for a slot past the table or without entries). The run's
    /// lines up to the capacity (a multiple of <see cref="LineEntries"/>) may be read: entries past the count are cleared or stale.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T First(int slot, out int count)
    {
        if ((uint)slot >= (uint)_count.Length)
        {
            count = 0;
            return ref Entry(0);
        }

        count = _count[slot];
        return ref Entry(_start[slot]);
    }

    /// <summary>Entry <paramref name="index"/> of the slot's list (checked against its count).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T At(int slot, int index)
    {
        if ((uint)index < (uint)Count(slot))
        {
            return ref Entry(_start[slot] + index);
        }

        return ref PastTheEnd(index);
    }

    /// <summary>Appends an entry to the slot's list, moving the list to a larger run when it is full.</summary>
    public ref T Add(int slot, T item)
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

        ref var cell = ref Entry(_start[slot] + count);
        cell = item;
        _count[slot] = count + 1;
        return ref cell;
    }

    /// <summary>Removes entry <paramref name="index"/>, shifting the later ones down (order is kept).</summary>
    public void RemoveAt(int slot, int index)
    {
        var span = Span(slot);
        if ((uint)index >= (uint)span.Length)
        {
            PastTheEnd(index);
        }

        span.Slice(index + 1).CopyTo(span.Slice(index));
        span[span.Length - 1] = default;
        _count[slot]--;
    }

    /// <summary>Drops the slot's entries; the run stays the slot's for its next entries.</summary>
    public void Clear(int slot)
    {
        Span(slot).Clear();
        if ((uint)slot < (uint)_count.Length)
        {
            _count[slot] = 0;
        }
    }

    private static ref T PastTheEnd(int index) => throw new ArgumentOutOfRangeException(nameof(index), index, "past the end of the list");

    private void Grow(int slot)
    {
        var capacity = _capacity[slot] == 0 ? LineEntries : _capacity[slot] * 2;
        if (checked(_used + capacity) > (_cells.Length - _origin) / 2)
        {
            Repack(capacity);
        }

        var start = _used;
        _used += capacity;
        var count = _count[slot];
        if (count != 0)
        {
            var from = MemoryMarshal.CreateSpan(ref Entry(_start[slot]), count);
            from.CopyTo(MemoryMarshal.CreateSpan(ref Entry(start), count));
            from.Clear();
        }

        _start[slot] = start;
        _capacity[slot] = capacity;
    }

    /// <summary>Copies the live runs, packed in slot order, into new cells with room for them and <paramref name="extra"/> more entries, twice over.</summary>
    private void Repack(int extra)
    {
        long live = extra;
        for (var s = 0; s < _capacity.Length; s++)
        {
            live += _capacity[s];
        }

        var (cells, origin) = AllocateCells(checked((int)Math.Max(2 * live, 64 * LineEntries)));
        var at = 0;
        for (var s = 0; s < _capacity.Length; s++)
        {
            if (_capacity[s] == 0)
            {
                continue;
            }

            Array.Copy(_cells, _origin + (2 * _start[s]), cells, origin + (2 * at), 2 * _count[s]);
            _start[s] = at;
            at += _capacity[s];
        }

        (_cells, _origin, _used) = (cells, origin, at);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref T Entry(int index)
    {
#if NET
        // In range by construction: index < _used (or 0), and the cells hold at least that many entries past the origin.
        return ref Unsafe.As<long, T>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_cells), _origin + (2 * index)));
#else
        return ref Unsafe.As<long, T>(ref _cells[_origin + (2 * index)]);
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
