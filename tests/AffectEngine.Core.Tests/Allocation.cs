using System;
using System.Threading;

namespace AffectEngine.Core.Tests;

/// <summary>Measures allocation of a repeated action once the runtime has warmed up.</summary>
internal static class Allocation
{
    /// <summary>
    /// Runs <paramref name="action"/> in windows until one allocates nothing, up to a limit, and
    /// returns the last window's bytes: of the calling thread when the work runs there alone, else
    /// process-wide so worker threads count (then the test must not run beside others). Early windows may
    /// see the runtime's own tiered-compilation bookkeeping, which is not the tick's.
    /// </summary>
    public static long SteadyStateBytes(Action action, bool allThreads, int windows = 30)
    {
        long allocated = -1;
        for (var w = 0; w < windows && allocated != 0; w++)
        {
            var before = allThreads ? GC.GetTotalAllocatedBytes(true) : GC.GetAllocatedBytesForCurrentThread();
            action();
            allocated = (allThreads ? GC.GetTotalAllocatedBytes(true) : GC.GetAllocatedBytesForCurrentThread()) - before;
            if (allocated != 0)
            {
                // Give background tier-1 compilation time to finish before the next window.
                Thread.Sleep(50);
            }
        }

        return allocated;
    }
}
