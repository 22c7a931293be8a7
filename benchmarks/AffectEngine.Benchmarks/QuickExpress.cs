using System;
using System.Globalization;
using System.Linq;
using AffectEngine.Affect;
using AffectEngine.Benchmarks.Workloads;

namespace AffectEngine.Benchmarks;

/// <summary>
/// <c>quick-express [agents] [ticks]</c>: the expression pass's paired 512-bit loop against its one-block loop in
/// one process, tick by tick (the world of <c>quick-behaviour</c>'s "+ events" column: dynamics, expression and
/// extraction fused into one stream). Even ticks run paired, odd ticks one-block, each after a bare affect pass,
/// so both see the same load and cache state; the outputs are the same either way (ExpressEventsPathTests), so
/// the two halves step one world. Thread CPU time, medians.
/// </summary>
internal static class QuickExpress
{
    public static void Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var agents = args.Length > 1 ? int.Parse(args[1], inv) : 1_000_000;
        var ticks = args.Length > 2 ? int.Parse(args[2], inv) : 30;
        using var bare = new AffectPassWorkload(agents, 1);
        using var world = BehaviourBenchmarks.Create(agents, 1, behaviour: false, events: true);
        var express = world.Simulation.SystemsOf(AffectEngine.TickStage.Express).OfType<ExpressSystem>().Single();
        for (var i = 0; i < 4; i++)
        {
            bare.Tick();
            world.Simulation.Step();
        }

        var names = new[] { "express paired", "express one-block" };
        var per = ticks / 2;
        var bareTimes = new[] { new double[per], new double[per] };
        var tickTimes = new[] { new double[per], new double[per] };
        for (var i = 0; i < 2 * per; i++)
        {
            var mode = i % 2;
            express.WidePairs = mode == 0;
            var c0 = CpuClock.ThreadNanos();
            bare.Tick();
            var c1 = CpuClock.ThreadNanos();
            world.Simulation.Step();
            var c2 = CpuClock.ThreadNanos();
            bareTimes[mode][i / 2] = (c1 - c0) / 1e6;
            tickTimes[mode][i / 2] = (c2 - c1) / 1e6;
        }

        Console.WriteLine(string.Format(inv, "{0} agents, {1} ticks per setting, thread CPU medians (affect tick + events, fused chain):", agents, per));
        var single = Stats.Median(tickTimes[1]);
        for (var mode = 0; mode < 2; mode++)
        {
            double mb = Stats.Median(bareTimes[mode]), mt = Stats.Median(tickTimes[mode]);
            Console.WriteLine(string.Format(inv, "  {0,-18} bare {1:0.000} ms, tick {2:0.000} ms, (tick - bare) / bare {3:0.00}x, tick / one-block {4:0.000}", names[mode], mb, mt, (mt - mb) / mb, mt / single));
        }

        Console.WriteLine(string.Format(inv, "  state hash {0:x16}; {1}", world.Simulation.ComputeHash(), ActionUnitMode.Describe()));
    }
}
