using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AffectEngine.Core;

namespace AffectEngine.Benchmarks.Workloads;

/// <summary>
/// The tick thread's CPU time of <c>behaviour.act</c> and <c>affect.dynamics</c> per tick (one thread, so every
/// partition runs on it): CPU time is not stretched by preemption the way wall time is on a loaded machine, and a
/// ratio within one tick shares that tick's cache state. Used by <c>quick-behaviour … cpu</c> and <c>quick-behaviour apply</c>.
/// </summary>
internal sealed class BehaviourCpuTimer : ISystemObserver
{
    private long _start;

    /// <summary><c>behaviour.act</c> per tick, ms.</summary>
    public List<double> Act { get; } = new(4096);

    /// <summary><c>affect.dynamics</c> (the fused block work) per tick, ms.</summary>
    public List<double> Dynamics { get; } = new(4096);

    public void Starting(ISystem system, long tick) => _start = CpuClock.ThreadNanos();

    public void Finished(ISystem system, long tick)
    {
        var ms = (CpuClock.ThreadNanos() - _start) / 1e6;
        if (system.Name == "behaviour.act")
        {
            Act.Add(ms);
        }
        else if (system.Name == "affect.dynamics")
        {
            Dynamics.Add(ms);
        }
    }

    /// <summary>Medians and fastest of both, and the median and lowest of act ÷ dynamics per tick.</summary>
    public void Print(TextWriter output)
    {
        var ratios = new double[Act.Count];
        for (var i = 0; i < ratios.Length; i++)
        {
            ratios[i] = Act[i] / Dynamics[i];
        }

        var act = Act.ToArray();
        var dyn = Dynamics.ToArray();
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  thread CPU per tick: behaviour.act median {0:0.00} ms (fastest {1:0.00}), affect.dynamics median {2:0.00} ms (fastest {3:0.00}); act / dynamics per tick: median {4:0.00}, lowest {5:0.00}", Stats.Median(act), Stats.Min(act), Stats.Median(dyn), Stats.Min(dyn), Stats.Median(ratios), Stats.Min(ratios)));
    }
}
