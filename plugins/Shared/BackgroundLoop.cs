using System;
using System.Threading;
using System.Threading.Tasks;

namespace AffectEngine.Plugins.Shared;

/// <summary>
/// The start and stop of a live perception source's background loop (LSL inlet, E4 stream, OSC,
/// camera), written once: start links the host's token and runs the loop off the caller's thread;
/// stop cancels, lets the source close what blocks the loop, waits for the loop (cancellation is
/// its normal end) and may be called again. Compiled into each plugin that has live sources.
/// </summary>
internal sealed class BackgroundLoop
{
    private CancellationTokenSource? _cts;
    private Task? _loop;

    /// <summary>Runs an asynchronous loop on the thread pool until stopped.</summary>
    public void Start(Func<CancellationToken, Task> loop, CancellationToken cancellationToken)
    {
        var token = Link(cancellationToken);
        _loop = Task.Run(() => loop(token), CancellationToken.None);
    }

    /// <summary>Runs a blocking loop (a camera read) on its own thread until stopped.</summary>
    public void StartLongRunning(Action<CancellationToken> loop, CancellationToken cancellationToken)
    {
        var token = Link(cancellationToken);
        _loop = Task.Factory.StartNew(() => loop(token), token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Cancels the loop, calls <paramref name="unblock"/> (e.g. closing its socket) and waits for the loop to end.</summary>
    public async Task StopAsync(Action? unblock = null)
    {
        if (_cts is null)
        {
            return;
        }

        await _cts.CancelAsync().ConfigureAwait(false);
        unblock?.Invoke();
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping is the expected way out of the loop.
            }
        }

        _cts.Dispose();
        _cts = null;
        _loop = null;
    }

    private CancellationToken Link(CancellationToken cancellationToken)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return _cts.Token;
    }
}
