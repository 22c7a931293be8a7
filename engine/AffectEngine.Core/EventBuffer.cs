using System;

namespace AffectEngine.Core;

/// <summary>
/// The events of the last tick (<see cref="EngineEvent"/>), in a buffer the world keeps for the whole
/// run: cleared when a tick starts, filled by the tick's systems, read by hosts as a span once
/// <see cref="Simulation.Step"/> returns (valid until the next step). Arrays only grow when a tick
/// produces more events than any tick before, so a steady run allocates nothing.
/// <para>
/// Order is deterministic and independent of the thread count: events appended on the tick thread
/// (<see cref="Append"/>) keep their order; a per-agent pass writes each partition's events to that
/// partition's staging area (<see cref="AppendFromPartition"/>) and <see cref="CommitPartitions"/>
/// appends the areas in partition order. Partitions are contiguous ascending block ranges, so the
/// result is in slot order whatever the number of partitions.
/// </para>
/// Events are output, not state: the buffer is neither hashed nor saved in snapshots.
/// </summary>
public sealed class EventBuffer
{
    private EngineEvent[] _events = new EngineEvent[64];
    private int _count;
    private Staging[] _staging = [];

    /// <summary>The tick whose events the buffer holds (−1 before the first tick).</summary>
    public long Tick { get; private set; } = -1;

    /// <summary>Number of events of <see cref="Tick"/>.</summary>
    public int Count => _count;

    /// <summary>Events the buffer holds without growing.</summary>
    public int Capacity => _events.Length;

    /// <summary>The events of <see cref="Tick"/>, in their deterministic order. Valid until the next tick starts.</summary>
    public ReadOnlySpan<EngineEvent> Events => new(_events, 0, _count);

    /// <summary>Grows the buffer now (between ticks) so that ticks of up to <paramref name="events"/> events never allocate.</summary>
    public void EnsureCapacity(int events)
    {
        if (events > _events.Length)
        {
            Array.Resize(ref _events, events);
        }
    }

    /// <summary>Appends an event. Tick thread only: a world system, or a partitioned system's Begin/EndTick.</summary>
    public void Append(in EngineEvent e)
    {
        if (_count == _events.Length)
        {
            Grow(_count + 1);
        }

        _events[_count++] = e;
    }

    /// <summary>
    /// The free room after the last event, at least <paramref name="count"/> events long (the buffer grows as
    /// <see cref="Append"/> would), for a tick-thread system that writes many events in place: it writes the
    /// next events at the start of the span and then counts them in with <see cref="Advance"/>. Events written
    /// but not advanced are not part of the tick. The span is valid until the next <see cref="Append"/>,
    /// <see cref="GetAppendSpan"/>, <see cref="EnsureCapacity"/> or <see cref="CommitPartitions"/>.
    /// </summary>
    /// <param name="count">The events the caller may write.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public Span<EngineEvent> GetAppendSpan(int count)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        Grow(_count + count);
        return new Span<EngineEvent>(_events, _count, _events.Length - _count);
    }

    /// <summary>Counts in the first <paramref name="count"/> events written into the span of <see cref="GetAppendSpan"/>.</summary>
    /// <param name="count">Events written, at most the room left.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or more than the room left.</exception>
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_events.Length - _count))
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _count += count;
    }

    /// <summary>
    /// Prepares one staging area per partition for a per-agent pass (call from its BeginTick).
    /// The areas keep their arrays across ticks.
    /// </summary>
    public void BeginPartitions(int partitionCount)
    {
        if (_staging.Length < partitionCount)
        {
            var grown = new Staging[partitionCount];
            Array.Copy(_staging, grown, _staging.Length);
            for (var p = _staging.Length; p < partitionCount; p++)
            {
                grown[p] = new Staging();
            }

            _staging = grown;
        }

        for (var p = 0; p < partitionCount; p++)
        {
            _staging[p].Count = 0;
        }
    }

    /// <summary>Appends an event from partition <paramref name="partition"/>'s thread (only that thread writes that area).</summary>
    public void AppendFromPartition(int partition, in EngineEvent e)
    {
        var s = _staging[partition];
        if (s.Count == s.Events.Length)
        {
            Array.Resize(ref s.Events, s.Events.Length * 2);
        }

        s.Events[s.Count++] = e;
    }

    /// <summary>Appends the partitions' staged events in partition order (call from the pass's EndTick, on the tick thread).</summary>
    public void CommitPartitions(int partitionCount)
    {
        var total = _count;
        for (var p = 0; p < partitionCount; p++)
        {
            total += _staging[p].Count;
        }

        Grow(total);
        for (var p = 0; p < partitionCount; p++)
        {
            var s = _staging[p];
            Array.Copy(s.Events, 0, _events, _count, s.Count);
            _count += s.Count;
            s.Count = 0;
        }
    }

    /// <summary>Empties the buffer for <paramref name="tick"/> (the pipeline calls it when a tick starts).</summary>
    internal void BeginTick(long tick)
    {
        _count = 0;
        Tick = tick;
    }

    /// <summary>Doubles the buffer until it holds <paramref name="total"/> events (between uses of its spans).</summary>
    private void Grow(int total)
    {
        if (total <= _events.Length)
        {
            return;
        }

        var size = _events.Length;
        while (size < total)
        {
            size *= 2;
        }

        Array.Resize(ref _events, size);
    }

    private sealed class Staging
    {
        public EngineEvent[] Events = new EngineEvent[64];
        public int Count;
    }
}
