using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace AffectEngine.Cli.Output;

/// <summary>
/// <c>affect plot &lt;sweep folder or aggregate.csv&gt;</c>: one variable of one agent over time, a line per
/// condition (mean over seeds) inside its 95% confidence band, read from a sweep's aggregate.csv.
/// </summary>
internal static class SweepPlot
{
    /// <summary>The aggregate file of a sweep folder or the file itself; null when the path is neither.</summary>
    public static string? AggregateOf(string path) =>
        Directory.Exists(path) ? Path.Combine(path, "aggregate.csv")
        : path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? path
        : null;

    public static int Plot(string path, string aggregate, string? agent, string variable, AtomicFile png)
    {
        if (!File.Exists(aggregate))
        {
            throw new UserException(Directory.Exists(path)
                ? $"{path}: no aggregate.csv in this folder (is it the --out folder of a finished affect sweep?)"
                : $"{path}: file not found");
        }

        var inv = CultureInfo.InvariantCulture;
        var series = new Dictionary<string, (List<double> X, List<double> Mean, List<double> Low, List<double> High)>(StringComparer.Ordinal);
        var order = new List<string>();
        var agents = new SortedSet<string>(StringComparer.Ordinal);
        var variables = new SortedSet<string>(StringComparer.Ordinal);
        using (var reader = new StreamReader(aggregate, Encoding.UTF8))
        {
            var header = Split(reader.ReadLine() ?? "");
            var tickAt = header.IndexOf("tick");
            if (tickAt < 0 || header.Count != tickAt + 8 || header[tickAt + 1] != "agent" || header[tickAt + 4] != "mean")
            {
                throw new UserException($"{aggregate}: not an aggregate.csv of affect sweep (expected the columns ...,tick,agent,variable,n,mean,sd,ci95_low,ci95_high)");
            }

            var line = 1;
            for (var text = reader.ReadLine(); text is not null; text = reader.ReadLine())
            {
                line++;
                var cells = Split(text);
                if (cells.Count != header.Count)
                {
                    throw new UserException($"{aggregate}:{line}: expected {header.Count} columns, found {cells.Count}");
                }

                agent ??= cells[tickAt + 1];
                agents.Add(cells[tickAt + 1]);
                variables.Add(cells[tickAt + 2]);
                if (cells[tickAt + 1] != agent || cells[tickAt + 2] != variable)
                {
                    continue;
                }

                var parts = new List<string>();
                for (var i = 0; i < tickAt; i++)
                {
                    parts.Add(header[i] + "=" + cells[i]);
                }

                var key = parts.Count == 0 ? "all runs" : string.Join(", ", parts);
                if (!series.TryGetValue(key, out var s))
                {
                    s = ([], [], [], []);
                    series.Add(key, s);
                    order.Add(key);
                }

                var mean = double.Parse(cells[tickAt + 4], inv);
                s.X.Add(double.Parse(cells[tickAt], inv));
                s.Mean.Add(mean);
                s.Low.Add(cells[tickAt + 6].Length == 0 ? mean : double.Parse(cells[tickAt + 6], inv));
                s.High.Add(cells[tickAt + 7].Length == 0 ? mean : double.Parse(cells[tickAt + 7], inv));
            }
        }

        if (!agents.Contains(agent ?? ""))
        {
            throw new UserException($"--agents: no agent '{agent}' in {aggregate} (agents: {string.Join(", ", agents)})");
        }

        if (!variables.Contains(variable))
        {
            throw new UserException($"--variable: no variable '{variable}' in {aggregate} (variables: {string.Join(", ", variables)})");
        }

        var plot = new ScottPlot.Plot();
        plot.Title($"{variable} of {agent}: mean over seeds with 95% CI");
        plot.XLabel("tick");
        plot.YLabel(variable);
        for (var i = 0; i < order.Count; i++)
        {
            var (x, mean, low, high) = series[order[i]];
            var color = plot.Add.Palette.GetColor(i);
            var band = plot.Add.FillY(x.ToArray(), low.ToArray(), high.ToArray());
            band.FillColor = color.WithAlpha(0.25);
            band.LineWidth = 0;
            var line = plot.Add.ScatterLine(x.ToArray(), mean.ToArray());
            line.Color = color;
            line.LineWidth = 2;
            line.LegendText = order[i];
        }

        plot.ShowLegend(ScottPlot.Edge.Right);
        png.Stream.Write(plot.GetImageBytes(1200, 500, ScottPlot.ImageFormat.Png));
        return order.Count;
    }

    /// <summary>One CSV line (RFC 4180 quoting) into cells.</summary>
    internal static List<string> Split(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(ch);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }
}
