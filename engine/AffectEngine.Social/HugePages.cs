#if NET
using System;
using System.Runtime.InteropServices;
#endif

namespace AffectEngine.Social;

/// <summary>
/// Arrays read at random across megabytes (the contagion records a random graph gathers from), backed by
/// 2 MiB pages where Linux allows it: with transparent huge pages in <c>madvise</c> mode (a common
/// default) such an array otherwise sits on 4 KiB pages and nearly every gather misses the TLB. Only a hint:
/// contents, indexing and results are the same with or without it, and anything that fails falls back
/// to an ordinary array.
/// </summary>
internal static class HugePages
{
    // Below this the array fits the TLB's reach with 4 KiB pages anyway.
#if NET
    private const long MinBytes = 4L << 20;
    private const long PageBytes = 2L << 20;
    private const int MadvHugePage = 14;
    private static bool _unavailable;
#endif

    /// <summary>A zeroed float array of <paramref name="length"/>, on huge pages where possible.</summary>
    public static float[] Floats(int length)
    {
#if NET
        if (!_unavailable && OperatingSystem.IsLinux() && (long)length * sizeof(float) >= MinBytes)
        {
            // Pinned (never moves) and not yet touched, so the advice applies before the first fault; only
            // the 2 MiB-aligned interior can be a huge page, the edges stay small.
            var array = GC.AllocateUninitializedArray<float>(length, pinned: true);
            Advise(array);
            array.AsSpan().Clear();
            return array;
        }
#endif
        return new float[length];
    }

#if NET
    private static unsafe void Advise(float[] array)
    {
        fixed (float* p = array)
        {
            var start = (long)p;
            var end = start + ((long)array.Length * sizeof(float));
            var first = (start + PageBytes - 1) & ~(PageBytes - 1);
            var last = end & ~(PageBytes - 1);
            if (last <= first)
            {
                return;
            }

            try
            {
                _ = Madvise((nint)first, (nuint)(last - first), MadvHugePage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _unavailable = true;
            }
        }
    }

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);
#endif
}
