using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace AffectEngine.Benchmarks.Workloads;

/// <summary>
/// The memory-bandwidth bound, measured on this machine in the same run as the pass: an in-place
/// read-modify-write stream (what the pass does to its fields) over a buffer as large as the pass's
/// traffic, split over the same number of threads. <c>affect bench</c> times its sweeps between the
/// pass's ticks (interleaved rounds), so both sides see the same neighbours.
/// </summary>
internal static class Bandwidth
{
    /// <summary>A buffer whose in-place sweep moves <paramref name="bytesPerSweep"/> bytes.</summary>
    public static float[] CreateBuffer(long bytesPerSweep, int threads)
    {
        var floats = Math.Max(Vector<float>.Count * threads, bytesPerSweep / 2 / sizeof(float));
        var buffer = new float[floats];
        buffer.AsSpan().Fill(0.5f);
        return buffer;
    }

    /// <summary>One in-place read-modify-write pass over <paramref name="buffer"/> on <paramref name="threads"/> threads.</summary>
    public static void Sweep(float[] buffer, int threads)
    {
        if (threads <= 1)
        {
            Scale(buffer.AsSpan());
            return;
        }

        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, p =>
        {
            var first = (long)buffer.Length * p / threads;
            var end = (long)buffer.Length * (p + 1) / threads;
            first -= first % Vector<float>.Count;
            end = p == threads - 1 ? buffer.Length : end - (end % Vector<float>.Count);
            Scale(buffer.AsSpan((int)first, (int)(end - first)));
        });
    }

    // Fully optimised from the first sweep: the handful of sweeps would otherwise run in OSR code.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void Scale(Span<float> span)
    {
        var v = MemoryMarshal.Cast<float, Vector<float>>(span);
        var a = new Vector<float>(0.999f);
        var b = new Vector<float>(0.0005f);
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (v[i] * a) + b;
        }
    }
}

/// <summary>
/// Diagnostics for <c>affect bench --diagnose</c>: the same read-modify-write traffic as the pass, but
/// laid out as the pass sees it (a run of hot vectors at the start of each block, the rest of the
/// block skipped), so the cost of the block layout can be told apart from the cost of the arithmetic.
/// </summary>
internal static class LayoutStream
{
    /// <summary>
    /// Best wall and CPU seconds (this thread's clock: the sweep is single-threaded) of one sweep over <paramref name="blocks"/> blocks of
    /// <paramref name="strideFloats"/> floats, 64-byte aligned: vectors [0, <paramref name="written"/>)
    /// read and written, vectors [written, <paramref name="hot"/>) only read, the rest untouched;
    /// <paramref name="prefetch"/> blocks ahead hinted (0: none), as the pass does.
    /// </summary>
    public static unsafe (double Wall, double Cpu) Measure(int blocks, int strideFloats, int hot, int written, int prefetch, int repeats)
    {
        var length = ((long)blocks * strideFloats) + 16;
        var data = GC.AllocateArray<float>(checked((int)length), pinned: true);
        data.AsSpan().Fill(0.5f);
        fixed (float* raw = data)
        {
            var p = raw + ((16 - (int)((ulong)raw % 64 / sizeof(float))) % 16);
            Sweep(p, blocks, strideFloats, hot, written, prefetch);
            var best = double.MaxValue;
            var bestCpu = double.MaxValue;
            for (var r = 0; r < repeats; r++)
            {
                var cpu = CpuClock.ThreadSeconds();
                var t = Stopwatch.GetTimestamp();
                Sweep(p, blocks, strideFloats, hot, written, prefetch);
                var s = (Stopwatch.GetTimestamp() - t) / (double)Stopwatch.Frequency;
                best = Math.Min(best, s);
                bestCpu = Math.Min(bestCpu, Math.Max(1e-9, CpuClock.ThreadSeconds() - cpu));
            }

            return (best, bestCpu);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Sweep(float* p, int blocks, int strideFloats, int hot, int written, int prefetch)
    {
        var a = new Vector<float>(0.999f);
        var c = new Vector<float>(0.0005f);
        var sink = Vector<float>.Zero;
        for (var b = 0; b < blocks; b++)
        {
            var block = p + ((long)b * strideFloats);
            if (prefetch > 0 && b + prefetch < blocks)
            {
                AffectEngine.AgentBlocks.Prefetch(block + ((long)prefetch * strideFloats), 0, hot * Vector<float>.Count * sizeof(float));
            }

            var v = (Vector<float>*)block;
            for (var i = 0; i < written; i++)
            {
                v[i] = (v[i] * a) + c;
            }

            for (var i = written; i < hot; i++)
            {
                sink += v[i];
            }
        }

        // Keeps the read-only loads alive; 0.5 × n never reaches this.
        if (sink[0] == float.MaxValue)
        {
            p[0] = 0f;
        }
    }
}
