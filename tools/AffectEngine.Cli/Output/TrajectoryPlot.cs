using System;
using System.Collections.Generic;
using AffectEngine.Core;
using ScottPlot;

namespace AffectEngine.Cli.Output;

/// <summary>
/// Collects emotion intensities and PAD mood of chosen agents over time and draws them with
/// ScottPlot: one panel per agent, the (at most 8) emotions with the highest peaks above 0.05 as lines in [0, 1], mood axes dashed in [-1, 1].
/// </summary>
internal sealed class TrajectoryPlot
{
    private const float ShowThreshold = 0.05f;
    private const int MaxEmotions = 8;
    private readonly List<(string Name, AgentId Id)> _agents;
    private readonly string[] _variables;
    private readonly int[] _fields;
    private readonly List<double> _time = [];
    private readonly List<float>[][] _series;

    public TrajectoryPlot(World world, IReadOnlyList<(string Name, AgentId Id)> agents)
    {
        _agents = [.. agents];
        var vars = new List<string>();
        var fields = new List<int>();
        for (var i = 0; i < world.Schema.FieldCount; i++)
        {
            var full = world.Schema.FieldNames[i];
            if (full.StartsWith("emotion.", StringComparison.Ordinal) || full is "mood.p" or "mood.a" or "mood.d")
            {
                vars.Add(TidyVariables.NameOf(full));
                fields.Add(i);
            }
        }

        _variables = [.. vars];
        _fields = [.. fields];
        _series = new List<float>[_agents.Count][];
        for (var a = 0; a < _agents.Count; a++)
        {
            _series[a] = new List<float>[_fields.Length];
            for (var f = 0; f < _fields.Length; f++)
            {
                _series[a][f] = [];
            }
        }
    }

    public void Sample(World world, double time)
    {
        _time.Add(time);
        for (var a = 0; a < _agents.Count; a++)
        {
            var id = _agents[a].Id;
            var alive = world.IsAlive(id);
            var block = world.Block(id.Slot >> 3);
            for (var f = 0; f < _fields.Length; f++)
            {
                _series[a][f].Add(alive ? block[(_fields[f] * AgentBlocks.LanesPerBlock) + (id.Slot & 7)] : float.NaN);
            }
        }
    }

    /// <summary>The emotions with the highest peaks (at most <see cref="MaxEmotions"/>, each reaching the threshold): a readable legend.</summary>
    private HashSet<int> Strongest(int agent)
    {
        var peaks = new List<(float Peak, int Field)>();
        for (var f = 0; f < _fields.Length; f++)
        {
            if (_variables[f].StartsWith("mood.", StringComparison.Ordinal))
            {
                continue;
            }

            var max = 0f;
            foreach (var v in _series[agent][f])
            {
                max = Math.Max(max, v);
            }

            if (max >= ShowThreshold)
            {
                peaks.Add((max, f));
            }
        }

        peaks.Sort((x, y) => y.Peak != x.Peak ? y.Peak.CompareTo(x.Peak) : x.Field.CompareTo(y.Field));
        var set = new HashSet<int>();
        for (var i = 0; i < Math.Min(MaxEmotions, peaks.Count); i++)
        {
            set.Add(peaks[i].Field);
        }

        return set;
    }

    public void Save(string path, string title)
    {
        using var file = AtomicFile.Create(path);
        file.Stream.Write(Render(title));
        file.Commit();
    }

    /// <summary>The plot as PNG bytes (for reports that embed it as well as saving it).</summary>
    public byte[] Render(string title)
    {
        var xs = _time.ToArray();
        var multi = new ScottPlot.Multiplot();
        multi.AddPlots(Math.Max(1, _agents.Count));
        for (var a = 0; a < _agents.Count; a++)
        {
            var plot = multi.GetPlot(a);
            plot.Title(_agents.Count == 1 ? $"{title}: {_agents[a].Name}" : _agents[a].Name);
            plot.XLabel("simulated time (s)");
            plot.YLabel("intensity / mood");
            var shown = Strongest(a);
            for (var f = 0; f < _fields.Length; f++)
            {
                var values = _series[a][f];
                var isMood = _variables[f].StartsWith("mood.", StringComparison.Ordinal);
                if (!isMood && !shown.Contains(f))
                {
                    continue;
                }

                var ys = new double[values.Count];
                for (var i = 0; i < ys.Length; i++)
                {
                    ys[i] = values[i];
                }

                var line = plot.Add.ScatterLine(xs, ys);
                line.LegendText = _variables[f];
                line.LineWidth = isMood ? 2 : 1.5f;
                if (isMood)
                {
                    line.LinePattern = ScottPlot.LinePattern.Dashed;
                }
            }

            plot.Axes.SetLimitsY(-1.05, 1.05);
            plot.ShowLegend(ScottPlot.Edge.Right);
        }

        var height = 320 * Math.Max(1, _agents.Count);
        return multi.Render(1200, height).GetImageBytes(ScottPlot.ImageFormat.Png);
    }
}
