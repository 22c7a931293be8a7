using System;
using System.IO;
using System.Runtime.InteropServices;

namespace AffectEngine.Benchmarks;

/// <summary>
/// Linux only, benchmark only: asks the kernel to back the world's storage with 2 MB pages (madvise MADV_HUGEPAGE, then
/// MADV_COLLAPSE to do it now). The apply's moves write one random line of the 10^6-agent world each; on 4 KB pages each
/// is also a TLB miss and a page walk. This measures what huge pages would give without touching the engine.
/// </summary>
internal static unsafe partial class HugePages
{
    private const int MadvHugePage = 14;
    private const int MadvCollapse = 25;
    private const long Huge = 2 << 20;

    public static string Advise(Span<float> storage)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "huge pages: not Linux, nothing done";
        }

        fixed (float* p = storage)
        {
            var start = ((long)p + Huge - 1) & ~(Huge - 1);
            var end = ((long)p + ((long)storage.Length * sizeof(float))) & ~(Huge - 1);
            if (end <= start)
            {
                return "huge pages: storage smaller than one huge page";
            }

            var advise = Madvise((nint)start, (nuint)(end - start), MadvHugePage);
            var adviseErr = Marshal.GetLastPInvokeError();
            var collapse = Madvise((nint)start, (nuint)(end - start), MadvCollapse);
            var collapseErr = Marshal.GetLastPInvokeError();
            return $"huge pages: {(end - start) >> 20} MB of the world's storage, MADV_HUGEPAGE {advise} (errno {adviseErr}), MADV_COLLAPSE {collapse} (errno {collapseErr}); {AnonHuge()}";
        }
    }

    private static string AnonHuge()
    {
        foreach (var line in File.ReadLines("/proc/self/smaps_rollup"))
        {
            if (line.StartsWith("AnonHugePages", StringComparison.Ordinal))
            {
                return line.Replace("  ", " ", StringComparison.Ordinal);
            }
        }

        return "AnonHugePages unknown";
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
