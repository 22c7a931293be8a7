using System;
using System.Threading;

namespace AffectEngine.Core.Tests;

/// <summary>Measures allocation of repeated ticks once the runtime has warmed up.</summary>
internal static class Allocation
{
    /// <summary>
    /// Runs <paramref name="action"/> in windows until one allocates nothing, up to a limit, and
    /// returns the last window's bytes allocated by the tick thread and the simulation's worker
    /// threads (each thread's own counter, so other threads of the test host do not count). Early
    /// windows may see the runtime's tiered-compilation bookkeeping, which is not the tick's.
    /// </summary>
    public static long SteadyStateBytes(Simulation simulation, Action action, int windows = 30)
    {
        long allocated = -1;
        for (var w = 0; w < windows && allocated != 0; w++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread() + simulation.WorkerAllocatedBytes;
            action();
            allocated = GC.GetAllocatedBytesForCurrentThread() + simulation.WorkerAllocatedBytes - before;
            if (allocated != 0)
            {
                Thread.Sleep(50);
            }
        }

        return allocated;
    }
}
