using System;
using System.Diagnostics;
using System.Globalization;
using AffectEngine.Benchmarks.Workloads;

namespace AffectEngine.Benchmarks;

/// <summary>
/// A quick, same-process version of <see cref="BehaviourBenchmarks"/> for a loaded machine:
/// <c>quick-behaviour [agents] [ticks] [profile|cpu|-] [heavy|light] [threads]</c>. Ticks of the bare pass, the affect tick, the affect
/// tick with event extraction and the affect tick with behaviour and events alternate, so all see the same
/// load; medians, the behaviour cost as a multiple of the bare pass and the bytes allocated per tick are
/// printed, then both worlds' state hashes. BenchmarkDotNet remains the reference measurement. The worlds run
/// on one thread (the calling one), so each tick's CPU time on this thread is printed too: on a machine
/// shared with other work it leaves out the time the tick waited for a core, which the wall clock counts.
/// </summary>
internal static class QuickBehaviour
{
    public static void Run(string[] args)
    {
        if (args.Length > 1 && args[1] == "search")
        {
            QuickSearch.Run(args);
            return;
        }

        if (args.Length > 1 && args[1] == "apply")
        {
            QuickApply.Run(args);
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        var agents = args.Length > 1 ? int.Parse(args[1], inv) : 1_000_000;
        var ticks = args.Length > 2 ? int.Parse(args[2], inv) : 15;
        var light = args.Length > 4 && args[4] == "light";

        // Threads for all four worlds (default 1): the block work is compute and the bare pass memory-bound, so the
        // ratio depends on the cores given to both. With more than one, only the wall-clock figures mean anything.
        var threads = args.Length > 5 ? int.Parse(args[5], inv) : 1;
        using var bare = new AffectPassWorkload(agents, threads);
        using var without = BehaviourBenchmarks.Create(agents, threads, behaviour: false, events: false);
        using var events = BehaviourBenchmarks.Create(agents, threads, behaviour: false, events: true);
        using var with = BehaviourBenchmarks.Create(agents, threads, behaviour: true, events: true, light: light);
        var profiler = args.Length > 3 && args[3] == "profile" ? new AffectEngine.Cli.Output.SystemProfile() : null;
        var cpu = args.Length > 3 && args[3] == "cpu" ? new BehaviourCpuTimer() : null;
        for (var i = 0; i < 3; i++)
        {
            bare.Tick();
            without.Simulation.Step();
            events.Simulation.Step();
            with.Simulation.Step();
        }

        with.Simulation.Observer = (AffectEngine.Core.ISystemObserver?)profiler ?? cpu;
        var b = new double[ticks];
        var n = new double[ticks];
        var e = new double[ticks];
        var w = new double[ticks];
        var cb = new double[ticks];
        var cn = new double[ticks];
        var ce = new double[ticks];
        var cw = new double[ticks];
        long allocated = 0, allocatedEvents = 0, eventCount = 0, affectEvents = 0;
        for (var i = 0; i < ticks; i++)
        {
            var c0 = CpuClock.ThreadNanos();
            var t0 = Stopwatch.GetTimestamp();
            bare.Tick();
            var t1 = Stopwatch.GetTimestamp();
            var c1 = CpuClock.ThreadNanos();
            without.Simulation.Step();
            var t2 = Stopwatch.GetTimestamp();
            var c2 = CpuClock.ThreadNanos();
            var a0 = GC.GetTotalAllocatedBytes(true);
            events.Simulation.Step();
            var a1 = GC.GetTotalAllocatedBytes(true);
            var c3 = CpuClock.ThreadNanos();
            var t3 = Stopwatch.GetTimestamp();
            with.Simulation.Step();
            var t4 = Stopwatch.GetTimestamp();
            var c4 = CpuClock.ThreadNanos();
            cb[i] = (c1 - c0) / 1e6;
            cn[i] = (c2 - c1) / 1e6;
            ce[i] = (c3 - c2) / 1e6;
            cw[i] = (c4 - c3) / 1e6;
            allocated += GC.GetTotalAllocatedBytes(true) - a1;
            allocatedEvents += a1 - a0;
            eventCount += with.World.Events.Count;
            affectEvents += events.World.Events.Count;
            b[i] = Ms(t1 - t0);
            n[i] = Ms(t2 - t1);
            e[i] = Ms(t3 - t2);
            w[i] = Ms(t4 - t3);
        }

        var mb = Stats.Median(b);
        var mn = Stats.Median(n);
        var me = Stats.Median(e);
        var mw = Stats.Median(w);
        Console.WriteLine(light ? "light load (about 1 % of agents flee, 0.75 % comfort per tick)" : "heavy load (12.5 % of agents flee, 10 % comfort per tick)");
        Console.WriteLine(string.Format(inv, "{0} thread(s) per world; {1}", threads, ActionUnitMode.Describe()));
        Console.WriteLine(string.Format(inv, "{0} agents, medians: bare {1:0.0} ms, affect tick {2:0.0} ms, + events {3:0.0} ms, + behaviour + events {4:0.0} ms", agents, mb, mn, me, mw));
        Console.WriteLine(string.Format(inv, "  event extraction cost / bare {0:0.00}x; tendencies + action selection + events cost / bare {1:0.00}x", (me - mn) / mb, (mw - mn) / mb));
        double mcb = Stats.Median(cb), mcn = Stats.Median(cn), mce = Stats.Median(ce), mcw = Stats.Median(cw);
        Console.WriteLine(string.Format(inv, "  thread CPU medians: bare {0:0.00} ms, affect tick {1:0.00} ms, + events {2:0.00} ms, + behaviour + events {3:0.00} ms; events / bare {4:0.00}x, behaviour + events / bare {5:0.00}x", mcb, mcn, mce, mcw, (mce - mcn) / mcb, (mcw - mcn) / mcb));
        Console.WriteLine(string.Format(inv, "  allocated per tick: events world {0} B, behaviour world {1} B; engine events per tick {2} (events world), {3} (behaviour world)", allocatedEvents / ticks, allocated / ticks, affectEvents / ticks, eventCount / ticks));
        // The optimisations of the behaviour pass must leave every bit of state unchanged.
        Console.WriteLine(string.Format(inv, "  state hashes after {0} ticks: events world {1:x16}, behaviour world {2:x16}", ticks + 3, events.Simulation.ComputeHash(), with.Simulation.ComputeHash()));
        profiler?.Print(Console.Out);
        cpu?.Print(Console.Out);
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
