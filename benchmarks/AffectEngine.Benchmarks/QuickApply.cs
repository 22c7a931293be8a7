using System;
using System.Collections.Generic;
using System.Globalization;
using AffectEngine.Hosting;
using AffectEngine.Benchmarks.Workloads;

namespace AffectEngine.Benchmarks;

/// <summary>
/// <c>quick-behaviour apply [agents] [ticks] [heavy|light] [warm] [ab]</c>: only the behaviour world of
/// <see cref="BehaviourBenchmarks"/> (one thread), and per tick the tick thread's CPU time of behaviour.act (fused, that
/// is its EndTick: the apply of the tick's choices) and of affect.dynamics (all the fused block work before it), with the
/// choices applied per tick. One world instead of four builds in a quarter of the time and leaves the cache to the pass
/// under test, and many ticks per process give medians that tell 10 % apart within one process's memory placement
/// (processes sit in a fast or a slow mode, the pool section of benchmarks/README.md). <c>warm</c> ticks (default 3, as
/// quick-behaviour) run before the timed ones; more than 30 lets tiering replace EndTick's OSR code. A sixth argument
/// <c>ab</c> alternates the plain apply (every choice through Apply) and the direct runs per timed tick, plain first, and
/// prints both medians and their ratio: one process, one memory placement, so the between-process modes cancel out.
/// </summary>
internal static class QuickApply
{
    public static void Run(string[] args)
    {
        var inv = CultureInfo.InvariantCulture;
        var agents = args.Length > 2 ? int.Parse(args[2], inv) : 1_000_000;
        var ticks = args.Length > 3 ? int.Parse(args[3], inv) : 60;
        var light = args.Length > 4 && args[4] == "light";
        var warm = args.Length > 5 ? int.Parse(args[5], inv) : 3;
        var ab = args.Length > 6 && args[6] == "ab";
        var thp = args.Length > 7 && args[7] == "thp";

        // runs:a,b,...: the fused runs' length per tick in turn (0: the measured one), one median each.
        var runs = args.Length > 6 && args[6].StartsWith("runs:", StringComparison.Ordinal) ? Array.ConvertAll(args[6].Substring(5).Split(','), r => int.Parse(r, inv)) : null;
        using var with = BehaviourBenchmarks.Create(agents, 1, behaviour: true, events: true, light: light);
        var module = with.Behaviour();
        if (thp)
        {
            Console.WriteLine(HugePages.Advise(with.World.Storage));
        }
        for (var i = 0; i < warm; i++)
        {
            with.Simulation.Step();
        }

        var observer = new BehaviourCpuTimer();
        with.Simulation.Observer = observer;
        var choices = new double[ticks];
        long allocated = 0;
        for (var i = 0; i < ticks; i++)
        {
            if (ab)
            {
                module.Pass!.PlainApply = i % 2 == 0;
            }

            if (runs is not null)
            {
                with.World.Options.FusedRunBlocks = runs[i % runs.Length];
            }

            var a0 = GC.GetTotalAllocatedBytes(true);
            with.Simulation.Step();
            allocated += GC.GetTotalAllocatedBytes(true) - a0;
            choices[i] = module.Happenings.Length;
        }

        var act = observer.Act.ToArray();
        var dyn = observer.Dynamics.ToArray();
        var perChoice = new double[ticks];
        for (var i = 0; i < ticks; i++)
        {
            perChoice[i] = act[i] * 1e6 / Math.Max(1, choices[i]);
        }

        Console.WriteLine(string.Format(inv, "apply: {0} agents, {1} load, {2} warm + {3} timed ticks, {4:0} choices per tick (median)", agents, light ? "light" : "heavy", warm, ticks, Stats.Median(choices)));
        Console.WriteLine(string.Format(inv, "  thread CPU per tick: behaviour.act median {0:0.000} ms, mean {1:0.000}, fastest {2:0.000}; {3:0.0} ns per choice (median); affect.dynamics median {4:0.00} ms (fastest {5:0.00})", Stats.Median(act), Stats.Mean(act), Stats.Min(act), Stats.Median(perChoice), Stats.Median(dyn), Stats.Min(dyn)));
        if (ab)
        {
            var plain = new List<double>();
            var direct = new List<double>();
            var plainNs = new List<double>();
            var directNs = new List<double>();
            for (var i = 0; i < ticks; i++)
            {
                (i % 2 == 0 ? plain : direct).Add(act[i]);
                (i % 2 == 0 ? plainNs : directNs).Add(perChoice[i]);
            }

            var mp = Stats.Median(plain.ToArray());
            var md = Stats.Median(direct.ToArray());
            Console.WriteLine(string.Format(inv, "  A/B per tick: plain apply median {0:0.000} ms ({1:0.0} ns per choice, fastest {2:0.000}), direct runs median {3:0.000} ms ({4:0.0} ns, fastest {5:0.000}); direct / plain {6:0.000}", mp, Stats.Median(plainNs.ToArray()), Stats.Min(plain.ToArray()), md, Stats.Median(directNs.ToArray()), Stats.Min(direct.ToArray()), md / mp));
        }

        if (runs is not null)
        {
            with.World.Options.FusedRunBlocks = 0;
            var (measured, l2) = AffectEngine.Affect.AffectDynamicsSystem.FusedRunOf(with.World);
            Console.WriteLine(string.Format(inv, "  fused runs (L2 {0} KiB, block {1} B; measured length {2}):", l2 / 1024, with.World.BlockStride * sizeof(float), measured));
            for (var v = 0; v < runs.Length; v++)
            {
                var mine = new List<double>();
                for (var i = v; i < ticks; i += runs.Length)
                {
                    mine.Add(dyn[i]);
                }

                Console.WriteLine(string.Format(inv, "    runs of {0,5}: affect.dynamics median {1:0.000} ms (fastest {2:0.000})", runs[v] == 0 ? measured : runs[v], Stats.Median(mine.ToArray()), Stats.Min(mine.ToArray())));
            }
        }

        Console.WriteLine(string.Format(inv, "  allocated per tick (observer's own lists included): {0} B", allocated / ticks));
        Console.WriteLine(string.Format(inv, "  state hash after {0} ticks: behaviour world {1:x16}", warm + ticks, with.Simulation.ComputeHash()));
    }
}
