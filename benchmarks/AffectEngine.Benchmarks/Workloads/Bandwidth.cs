using System;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace AffectEngine.Benchmarks.Workloads;

/// <summary>
/// The memory-bandwidth bound, measured on this machine in the same run as the pass: an in-place
/// read-modify-write stream (what the pass does to its fields) over a buffer as large as the pass's
/// traffic, split over the same number of threads.
/// </summary>
internal static class Bandwidth
{
    /// <summary>Bytes per second of read+write traffic (best of <paramref name="repeats"/> sweeps after one warm-up).</summary>
    public static double MeasureReadWrite(long bytesPerSweep, int threads, int repeats) =>
        MeasureReadWriteBoth(bytesPerSweep, threads, repeats).WallBytesPerSecond;

    /// <summary>
    /// Read+write bandwidth per second of wall time and per second of the process's CPU time (best
    /// sweep of each). On a machine shared with other work, wall time measures the neighbours as much
    /// as the memory; CPU time does not count the time the sweep was not scheduled.
    /// </summary>
    public static (double WallBytesPerSecond, double CpuBytesPerSecond) MeasureReadWriteBoth(long bytesPerSweep, int threads, int repeats)
    {
        // In-place: every byte is read once and written once, so a buffer of half the traffic.
        var buffer = CreateBuffer(bytesPerSweep, threads);
        var floats = buffer.Length;
        Sweep(buffer, threads);
        var best = double.MaxValue;
        var bestCpu = double.MaxValue;
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < repeats; r++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var t = Stopwatch.GetTimestamp();
            Sweep(buffer, threads);
            var s = (Stopwatch.GetTimestamp() - t) / (double)Stopwatch.Frequency;
            process.Refresh();
            best = Math.Min(best, s);
            bestCpu = Math.Min(bestCpu, Math.Max(1e-6, (process.TotalProcessorTime - cpu).TotalSeconds));
        }

        GC.KeepAlive(buffer);
        var bytes = floats * sizeof(float) * 2.0;
        return (bytes / best, bytes / bestCpu);
    }

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
