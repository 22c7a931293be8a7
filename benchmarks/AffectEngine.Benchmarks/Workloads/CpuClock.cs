using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AffectEngine.Benchmarks.Workloads;

/// <summary>
/// CPU-time clocks for <c>affect bench</c>, read without allocating so they can be read around every
/// tick while the tick's allocation is measured. The calling thread's clock counts only the time this
/// thread ran: on a machine shared with other work the time it waited for a core is not counted, and
/// neither are the runtime's own threads (tiered JIT, GC, finalizer), which the process clock counts.
/// Wall clock and CPU clocks belong to the bench tool only; the engine never reads them.
/// </summary>
internal static class CpuClock
{
    // clock_gettime clock ids: Linux (include/uapi/linux/time.h) and macOS (<time.h>).
    private const int LinuxProcessClock = 2;
    private const int LinuxThreadClock = 3;
    private const int MacProcessClock = 12;
    private const int MacThreadClock = 16;

    private static readonly int ThreadClockId = OperatingSystem.IsLinux() ? LinuxThreadClock : OperatingSystem.IsMacOS() ? MacThreadClock : -1;
    private static readonly int ProcessClockId = OperatingSystem.IsLinux() ? LinuxProcessClock : OperatingSystem.IsMacOS() ? MacProcessClock : -1;

    /// <summary>Whether <see cref="ThreadSeconds"/> is this thread's own CPU clock (Linux, macOS, Windows).</summary>
    public static bool HasThreadClock { get; } = Probe();

    /// <summary>CPU seconds the calling thread has run; the process's CPU seconds where there is no thread clock.</summary>
    public static double ThreadSeconds()
    {
        if (!HasThreadClock)
        {
            return ProcessSeconds();
        }

        if (OperatingSystem.IsWindows())
        {
            _ = GetThreadTimes(GetCurrentThread(), out _, out _, out var kernel, out var user);
            return (kernel + user) * 1e-7;
        }

        _ = ClockGetTime(ThreadClockId, out var ts);
        return ts.Seconds + (ts.Nanoseconds * 1e-9);
    }

    /// <summary>
    /// <see cref="ThreadSeconds"/> in whole nanoseconds, for per-stage timings of a fraction of a millisecond
    /// (the clock's own resolution, no rounding through a double).
    /// </summary>
    public static long ThreadNanos()
    {
        if (HasThreadClock && !OperatingSystem.IsWindows())
        {
            _ = ClockGetTime(ThreadClockId, out var ts);
            return (ts.Seconds * 1_000_000_000L) + ts.Nanoseconds;
        }

        return (long)(ThreadSeconds() * 1e9);
    }

    /// <summary>CPU seconds all of this process's threads have run.</summary>
    public static double ProcessSeconds()
    {
        if (ProcessClockId >= 0)
        {
            _ = ClockGetTime(ProcessClockId, out var ts);
            return ts.Seconds + (ts.Nanoseconds * 1e-9);
        }

        if (OperatingSystem.IsWindows())
        {
            _ = GetProcessTimes(GetCurrentProcess(), out _, out _, out var kernel, out var user);
            return (kernel + user) * 1e-7;
        }

        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    private static bool Probe()
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                return GetThreadTimes(GetCurrentThread(), out _, out _, out _, out _);
            }

            return ThreadClockId >= 0 && ClockGetTime(ThreadClockId, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    [DllImport("kernel32")]
    private static extern IntPtr GetCurrentThread();

    [DllImport("kernel32")]
    private static extern IntPtr GetCurrentProcess();

    [DllImport("kernel32")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool GetThreadTimes(IntPtr thread, out long creation, out long exit, out long kernel, out long user);

    [DllImport("kernel32")]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool GetProcessTimes(IntPtr process, out long creation, out long exit, out long kernel, out long user);
}
