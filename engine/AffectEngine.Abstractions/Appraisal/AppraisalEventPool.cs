using System;
using System.Collections.Generic;

namespace AffectEngine.Appraisal;

/// <summary>
/// Reuses <see cref="AppraisalEvent"/> instances, so a host that creates thousands of events every tick
/// allocates nothing once warm. An event handed out by <see cref="Rent"/> belongs to the world until
/// its tick is over and nothing can see it any more (the input queue's current batch and the run
/// record read the last tick's events); after that the pool refills it. Do not keep a rented event
/// beyond the tick after its own. Not thread-safe: one pool per world, used from the host's thread.
/// </summary>
public sealed class AppraisalEventPool
{
    // Events in the order they were handed out; hosts rent in tick order, so the oldest is freed first.
    private readonly Queue<AppraisalEvent> _lent = new();
    private readonly Func<long> _firstVisibleTick;

    /// <summary>Creates a pool; <paramref name="firstVisibleTick"/> returns the oldest tick whose events may still be read (events of earlier ticks are reused).</summary>
    public AppraisalEventPool(Func<long> firstVisibleTick) =>
        _firstVisibleTick = firstVisibleTick ?? throw new ArgumentNullException(nameof(firstVisibleTick));

    /// <summary>Events created so far (the pool's size; steady once warm).</summary>
    public int Created { get; private set; }

    /// <summary>
    /// An event with these values, as <see cref="AppraisalEvent"/>'s constructor would build it (same
    /// checks, same exceptions), taken from the pool when a free one exists.
    /// </summary>
    public AppraisalEvent Rent(long tick, int source, long sequence, in AppraisalEventData data)
    {
        AppraisalEvent e;
        if (_lent.Count > 0 && _lent.Peek().Tick < _firstVisibleTick())
        {
            e = _lent.Peek();
            e.Reuse(tick, source, sequence, data);
            _lent.Dequeue();
        }
        else
        {
            e = new AppraisalEvent(tick, source, sequence, data);
            Created++;
        }

        _lent.Enqueue(e);
        return e;
    }
}
