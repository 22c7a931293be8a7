using System;
using System.Collections.Generic;

namespace AffectEngine.Core;

/// <summary>
/// Inputs waiting for their tick, kept in canonical order (tick, source, sequence). During a tick,
/// <see cref="Current"/> is that tick's batch in the order systems must apply it.
/// </summary>
public sealed class InputQueue
{
    private static readonly IComparer<TickInput> Canonical = Comparer<TickInput>.Create(Compare);
    private readonly List<TickInput> _pending = [];
    private TickInput[] _current = new TickInput[16];
    private int _currentCount;
    private long _nextTick;

    /// <summary>Inputs waiting (excluding the current batch).</summary>
    public int PendingCount => _pending.Count;

    /// <summary>The batch of the tick being run, in canonical order.</summary>
    public ReadOnlySpan<TickInput> Current => new(_current, 0, _currentCount);

    /// <summary>
    /// Schedules an input. Refused (with <see cref="ArgumentException"/>) when its tick has already
    /// been run or when another input has the same (tick, source, sequence): either would make the
    /// run depend on arrival order.
    /// </summary>
    public void Enqueue(TickInput input)
    {
        Guard.NotNull(input);
        if (input.Tick < _nextTick)
        {
            throw new ArgumentException($"Input '{input.Kind}' is stamped for tick {input.Tick}, but tick {_nextTick} is next; inputs must be stamped with a future tick.", nameof(input));
        }

        var index = _pending.BinarySearch(input, Canonical);
        if (index >= 0)
        {
            throw new ArgumentException($"Two inputs share tick {input.Tick}, source {input.Source}, sequence {input.Sequence}; the order between them would be undefined.", nameof(input));
        }

        _pending.Insert(~index, input);
    }

    /// <summary>A copy of the pending inputs in canonical order (allocates; for records and tools).</summary>
    public IReadOnlyList<TickInput> PendingSnapshot() => _pending.ToArray();

    /// <summary>Drops every pending input (used before restoring a snapshot).</summary>
    public void Clear()
    {
        _pending.Clear();
        Array.Clear(_current, 0, _currentCount);
        _currentCount = 0;
    }

    /// <summary>Moves the inputs of <paramref name="tick"/> into <see cref="Current"/>.</summary>
    internal void BeginTick(long tick)
    {
        Array.Clear(_current, 0, _currentCount);
        _currentCount = 0;
        var n = 0;
        while (n < _pending.Count && _pending[n].Tick <= tick)
        {
            n++;
        }

        if (n > _current.Length)
        {
            Array.Resize(ref _current, Math.Max(n, _current.Length * 2));
        }

        _pending.CopyTo(0, _current, 0, n);
        _pending.RemoveRange(0, n);
        _currentCount = n;
        _nextTick = tick + 1;
    }

    /// <summary>Sets the next tick after a snapshot restore.</summary>
    internal void ResetTo(long nextTick)
    {
        Clear();
        _nextTick = nextTick;
    }

    private static int Compare(TickInput a, TickInput b)
    {
        var c = a.Tick.CompareTo(b.Tick);
        if (c != 0)
        {
            return c;
        }

        c = a.Source.CompareTo(b.Source);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    }
}
