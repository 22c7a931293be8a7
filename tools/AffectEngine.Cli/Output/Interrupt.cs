using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace AffectEngine.Cli.Output;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as a cancellation every long command polls between ticks, so outputs
/// are removed or finished consistently instead of the runtime killing the process mid-write. A second
/// signal is not intercepted: the process then ends at once (only hidden temporary files can remain).
/// </summary>
internal static class Interrupt
{
    private static readonly CancellationTokenSource Source = new();
    private static PosixSignalRegistration? _int;
    private static PosixSignalRegistration? _term;
    private static int _signal;

    /// <summary>Cancelled at the first SIGINT or SIGTERM.</summary>
    public static CancellationToken Token => Source.Token;

    /// <summary>The exit code of the signal received (130 for SIGINT, 143 for SIGTERM), 0 when none.</summary>
    public static int ExitCode => _signal;

    public static void Install()
    {
        _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, ctx => Handle(ctx, ExitCodes.Interrupted));
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx => Handle(ctx, ExitCodes.Terminated));
    }

    /// <summary>Throws <see cref="OperationCanceledException"/> once a signal arrived.</summary>
    public static void ThrowIfRequested() => Source.Token.ThrowIfCancellationRequested();

    private static void Handle(PosixSignalContext context, int code)
    {
        if (Interlocked.CompareExchange(ref _signal, code, 0) == 0)
        {
            context.Cancel = true;
            Source.Cancel();
        }
    }
}
