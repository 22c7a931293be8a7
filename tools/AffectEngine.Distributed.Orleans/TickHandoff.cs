using System;
using System.Threading;
using System.Threading.Tasks;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// The rendezvous between a shard's tick thread and the grain for one exchange per tick (halo records,
/// action choices): the tick thread publishes what it sends (<see cref="Export"/>) and blocks until the
/// grain hands over what every shard sent (<see cref="Deliver"/>) or the run is stopped (<see cref="Abort"/>).
/// </summary>
/// <typeparam name="TOut">What this shard sends.</typeparam>
/// <typeparam name="TIn">What it receives.</typeparam>
internal sealed class TickHandoff<TOut, TIn>
    where TIn : class
{
    private readonly SemaphoreSlim _delivered = new(0, 1);
    private TIn? _incoming;
    private volatile bool _aborted;
    private TaskCompletionSource<TOut> _exported = NewExported();

    /// <summary>Completes with this tick's outgoing part when the tick thread reaches the exchange.</summary>
    public Task<TOut> Exported => _exported.Task;

    /// <summary>Arms the exchange for the next tick (before the tick thread starts).</summary>
    public void Arm()
    {
        _exported = NewExported();
        _incoming = null;
        _aborted = false;
    }

    /// <summary>Hands what every shard sent in the running tick to the blocked tick thread.</summary>
    public void Deliver(TIn incoming)
    {
        _incoming = incoming;
        _delivered.Release();
    }

    /// <summary>Releases a tick thread waiting for data that will not come; its tick fails.</summary>
    public void Abort()
    {
        _aborted = true;
        if (_delivered.CurrentCount == 0)
        {
            try
            {
                _delivered.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already released: the waiting thread sees the abort flag.
            }
        }
    }

    /// <summary>
    /// On the tick thread: publishes <paramref name="outgoing"/> and waits for the delivery; null when it
    /// did not come within <paramref name="timeout"/> or the run was stopped.
    /// </summary>
    public TIn? Export(TOut outgoing, TimeSpan timeout)
    {
        _exported.TrySetResult(outgoing);
        return !_delivered.Wait(timeout) || _aborted ? null : _incoming;
    }

    private static TaskCompletionSource<TOut> NewExported() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
