using System;
#if NET
using System.Runtime.Intrinsics.X86;
#endif

namespace AffectEngine;

/// <summary>
/// How many blocks a host pass hands its fused passes at a time (<c>IFusablePass.ExecuteFused</c>): a run is streamed
/// by the host and then reread by every fused pass, so it should stay in the core's L2 cache, and each run costs every
/// pass in the chain its per-call set-up and restarts the host's memory stream. Half the L2 as measured at start-up
/// (CPUID), at least 32 blocks (the size before it was measured; where the cache is unknown) and at most 1,024.
/// Results never depend on it: a fused pass's work on a block is the same in any run (the IFusablePass contract).
/// Measured in benchmarks/README.md, "runs". Compiled into each engine assembly as an internal type.
/// </summary>
internal static class FusedRuns
{
    private const int Smallest = 32;
    private const int Largest = 1024;

    /// <summary>The L2 cache of the core in bytes, 0 when unknown.</summary>
    public static readonly long L2Bytes = DetectL2();

    /// <summary>
    /// Blocks per run for blocks of <paramref name="blockStrideFloats"/> floats: <paramref name="requested"/> when it is
    /// set (WorldOptions.FusedRunBlocks), else an even count, so a run's blocks pair up for the 512-bit loops.
    /// </summary>
    public static int Blocks(int blockStrideFloats, int requested)
    {
        if (requested > 0)
        {
            return requested;
        }

        var perRun = L2Bytes / 2 / Math.Max(1, (long)blockStrideFloats * sizeof(float));
        return (int)Math.Min(Math.Max(perRun, Smallest), Largest) & ~1;
    }

    private static long DetectL2()
    {
#if NET
        // Leaf 0x80000006 gives the L2 size in KiB in ECX[31:16] on both AMD and Intel processors.
        if (X86Base.IsSupported && (uint)X86Base.CpuId(unchecked((int)0x80000000), 0).Eax >= 0x80000006)
        {
            return (long)((uint)X86Base.CpuId(unchecked((int)0x80000006), 0).Ecx >> 16) * 1024;
        }
#endif
        return 0;
    }
}
