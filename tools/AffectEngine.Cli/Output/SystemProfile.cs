using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using AffectEngine.Core;

namespace AffectEngine.Cli.Output;

/// <summary>
/// <c>affect run --profile</c>: wall time per system over the run (the engine never reads the clock;
/// this host-side observer does). Per-agent systems are timed across all their threads.
/// </summary>
internal sealed class SystemProfile : ISystemObserver
{
    private readonly List<(ISystem System, long Ticks, long Fastest)> _rows = [];
    private readonly Dictionary<ISystem, int> _index = new(ReferenceEqualityComparer.Instance);
    private long _start;
    private long _runs;

    public void Starting(ISystem system, long tick) => _start = Stopwatch.GetTimestamp();

    public void Finished(ISystem system, long tick)
    {
        var elapsed = Stopwatch.GetTimestamp() - _start;
        if (!_index.TryGetValue(system, out var i))
        {
            i = _rows.Count;
            _index.Add(system, i);
            _rows.Add((system, 0, long.MaxValue));
        }

        var row = _rows[i];
        _rows[i] = (row.System, row.Ticks + elapsed, Math.Min(row.Fastest, elapsed));
        if (i == 0)
        {
            _runs++;
        }
    }

    /// <summary>Prints one line per system in pipeline order: mean and fastest ms per tick and the share of the total.</summary>
    public void Print(TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        long total = 0;
        foreach (var row in _rows)
        {
            total += row.Ticks;
        }

        var ticks = Math.Max(1, _runs);
        output.WriteLine(string.Format(inv, "profile over {0} ticks (wall time per tick; fastest tick in brackets):", ticks));
        var ordered = new List<(ISystem System, long Ticks, long Fastest)>(_rows);
        ordered.Sort((a, b) => a.System.Stage.CompareTo(b.System.Stage));
        foreach (var (system, sum, fastest) in ordered)
        {
            var ms = sum * 1000.0 / Stopwatch.Frequency / ticks;
            var best = fastest * 1000.0 / Stopwatch.Frequency;
            var share = total > 0 ? 100.0 * sum / total : 0;
            output.WriteLine(string.Format(inv, "  {0,-9} {1,-32} {2,10:0.000} ms  ({3:0.000}) {4,5:0.0}%", system.Stage, system.Name, ms, best, share));
        }

        output.WriteLine(string.Format(inv, "  {0,-42} {1,10:0.000} ms", "all systems", total * 1000.0 / Stopwatch.Frequency / ticks));
    }
}
