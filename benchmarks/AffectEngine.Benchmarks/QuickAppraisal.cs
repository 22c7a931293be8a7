using System;
using System.Diagnostics;
using System.Globalization;
using AffectEngine.Benchmarks.Workloads;
using AffectEngine.Core;

namespace AffectEngine.Benchmarks;

/// <summary>
/// <c>quick-appraisal [ticks] [pooled|new] [warm]</c>: the peer load for a number of real ticks (each with its own
/// 1,000 events) after <c>warm</c> untimed ones (default 300), the Appraise stage timed inside every tick by a
/// simulation observer; prints the mean of every 100 timed ticks, mean, median and fastest per tick, bytes
/// allocated per event (stage alone and whole tick including creating the events), and the state hash at the
/// end (the optimisations must leave it unchanged; it depends on warm + ticks).
/// "new" creates events with <c>new AppraisalEvent</c> instead of the module's pool.
/// </summary>
internal static class QuickAppraisal
{
    private const int Window = 100;

    public static void Run(string[] args)
    {
        var ticks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var pooled = !(args.Length > 2 && args[2] == "new");
        using var load = new AppraisalPeerLoad(pooled: pooled);
        var timer = new StageTimer(load.AppraiseSystem, ticks);
        load.Runner.Simulation.Observer = timer;
        // Warm until every agent's belief list has reached its steady size (the stage then allocates nothing); about
        // 300 ticks. The JIT's profile-guided code takes about 1,000 more (benchmarks/README.md, appr6).
        var warm = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 300;
        for (var i = 0; i < warm; i++)
        {
            load.Tick();
        }

        timer.Start();
        var before = GC.GetAllocatedBytesForCurrentThread();
        long enqueueBytes = 0;
        for (var i = 0; i < ticks; i++)
        {
            var b0 = GC.GetAllocatedBytesForCurrentThread();
            load.EnqueueNextTick();
            enqueueBytes += GC.GetAllocatedBytesForCurrentThread() - b0;
            load.Runner.Simulation.Step();
        }

        var tickBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        var reference = MachineReference();
        load.Runner.Simulation.Observer = null;
        var hash = load.Runner.Simulation.ComputeHash();
        var ms = 1000.0 / Stopwatch.Frequency;
        var wall = Array.ConvertAll(timer.Times, t => t * ms);
        var cpu = Array.ConvertAll(timer.CpuNanos, t => t / 1e6);

        var inv = CultureInfo.InvariantCulture;

        // The tiered JIT replaces the stage's code with profile-guided code over the first thousand or so ticks of a
        // process; the window means show whether the timed ticks were still in that transient.
        var windows = new System.Text.StringBuilder();
        for (var w0 = 0; w0 < ticks; w0 += Window)
        {
            windows.Append(string.Format(inv, " {0:0.000}", Stats.Mean(cpu.AsSpan(w0, Math.Min(Window, ticks - w0)))));
        }

        var events = (double)ticks * AppraisalPeerLoad.EventsPerTick;
        Console.WriteLine(string.Format(inv, "appraise stage over {0} ticks x {1} events ({2}): mean {3:0.000} ms, median {4:0.000} ms, fastest {5:0.000} ms", ticks, AppraisalPeerLoad.EventsPerTick, pooled ? "pooled events" : "new events", Stats.Mean(wall), Stats.Median(wall), Stats.Min(wall)));
        Console.WriteLine(string.Format(inv, "appraise stage, thread CPU time (not counting time other processes held the core): mean {0:0.000} ms, median {1:0.000} ms, fastest {2:0.000} ms", Stats.Mean(cpu), Stats.Median(cpu), Stats.Min(cpu)));
        Console.WriteLine(string.Format(inv, "thread CPU mean per {0} timed ticks, in order (ms):{1}", Window, windows));
        Console.WriteLine(reference);
        Console.WriteLine(string.Format(inv, "allocated: stage {0:0.###} B/event, whole tick incl. creating events {1:0.###} B/event (creating and enqueueing the events alone {2:0.###} B/event)", timer.Bytes / events, tickBytes / events, enqueueBytes / events));
        Console.WriteLine(string.Format(inv, "goal effects appraised: {0}", load.Appraisal.GoalEffectsAppraised));
        Console.WriteLine(string.Format(inv, "state-hash: {0:x16}", hash));
    }

    /// <summary>Keeps the reference loops' results alive.</summary>
    private static ulong _sink;

    /// <summary>
    /// Two fixed loops timed in thread CPU time, to tell which kind of slowness a run had: register arithmetic only,
    /// and dependent loads around one random cycle through 4 MB (past this core's L2). On this machine some
    /// processes run the stage about 1.6× slower throughout while neither loop is (benchmarks/README.md, appr6).
    /// </summary>
    private static string MachineReference()
    {
        var c0 = CpuClock.ThreadNanos();
        ulong h = 1;
        for (var i = 0; i < 20_000_000; i++)
        {
            h = (h * 0x9E3779B97F4A7C15UL) ^ (h >> 29);
        }

        var c1 = CpuClock.ThreadNanos();
        var next = new int[1 << 20];
        for (var i = 0; i < next.Length; i++)
        {
            next[i] = i;
        }

        // Sattolo's shuffle: a single cycle through every entry.
        var rng = new RandomStream(5, 0, 0, 0);
        for (var i = next.Length - 1; i > 0; i--)
        {
            var k = rng.NextInt(i);
            (next[i], next[k]) = (next[k], next[i]);
        }

        var c2 = CpuClock.ThreadNanos();
        var j = 0;
        for (var i = 0; i < 4_000_000; i++)
        {
            j = next[j];
        }

        var c3 = CpuClock.ThreadNanos();
        _sink = h + (ulong)j;
        return string.Format(CultureInfo.InvariantCulture, "machine reference, thread CPU: 20M multiply-xorshift steps {0:0.0} ms, 4M dependent loads around a 4 MB random cycle {1:0.0} ms", (c1 - c0) / 1e6, (c3 - c2) / 1e6);
    }

    private sealed class StageTimer : ISystemObserver
    {
        private readonly ISystem _system;
        private long _start;
        private long _cpuStart;
        private long _bytes;
        private int _n;
        private bool _on;

        public StageTimer(ISystem system, int ticks)
        {
            _system = system;
            Times = new long[ticks];
            CpuNanos = new long[ticks];
        }

        public long[] Times { get; }

        public long[] CpuNanos { get; }

        public long Bytes { get; private set; }

        public void Start() => _on = true;

        public void Starting(ISystem system, long tick)
        {
            if (_on && ReferenceEquals(system, _system))
            {
                _bytes = GC.GetAllocatedBytesForCurrentThread();
                _cpuStart = CpuClock.ThreadNanos();
                _start = Stopwatch.GetTimestamp();
            }
        }

        public void Finished(ISystem system, long tick)
        {
            if (_on && ReferenceEquals(system, _system))
            {
                Times[_n] = Stopwatch.GetTimestamp() - _start;
                CpuNanos[_n++] = CpuClock.ThreadNanos() - _cpuStart;
                Bytes += GC.GetAllocatedBytesForCurrentThread() - _bytes;
            }
        }
    }
}
