using System.Collections.Generic;

namespace AffectEngine.Cli.Output;

/// <summary>
/// Named time series on one panel (ScottPlot, as <see cref="TrajectoryPlot"/>), with optional vertical
/// markers (moves) and a horizontal threshold: for series that are not agent fields (a distress index,
/// a perceived person's recognized valence).
/// </summary>
internal sealed class SeriesPlot
{
    private readonly List<(string Name, double[] Ys, bool Dashed)> _series = [];
    private readonly List<(double X, string Label)> _markers = [];
    private readonly double[] _xs;
    private (double Y, string Label)? _threshold;

    public SeriesPlot(double[] xs) => _xs = xs;

    public SeriesPlot Add(string name, double[] ys, bool dashed = false)
    {
        _series.Add((name, ys, dashed));
        return this;
    }

    public SeriesPlot Marker(double x, string label)
    {
        _markers.Add((x, label));
        return this;
    }

    public SeriesPlot Threshold(double y, string label)
    {
        _threshold = (y, label);
        return this;
    }

    public byte[] Render(string title, string yLabel, double yMin, double yMax, int width = 1200, int height = 360)
    {
        var plot = new ScottPlot.Plot();
        plot.Title(title);
        plot.XLabel("simulated time (s)");
        plot.YLabel(yLabel);
        foreach (var (x, label) in _markers)
        {
            var line = plot.Add.VerticalLine(x);
            line.LineWidth = 1;
            line.LinePattern = ScottPlot.LinePattern.Dotted;
            line.Color = ScottPlot.Colors.Gray;
            line.Text = label;
            line.LabelOppositeAxis = true;
        }

        if (_threshold is { } t)
        {
            var h = plot.Add.HorizontalLine(t.Y);
            h.LinePattern = ScottPlot.LinePattern.Dashed;
            h.Color = ScottPlot.Colors.Red;
            h.LegendText = t.Label;
        }

        foreach (var (name, ys, dashed) in _series)
        {
            var line = plot.Add.ScatterLine(_xs, ys);
            line.LegendText = name;
            line.LineWidth = 2;
            if (dashed)
            {
                line.LinePattern = ScottPlot.LinePattern.Dashed;
            }
        }

        plot.Axes.SetLimitsY(yMin, yMax);
        plot.ShowLegend(ScottPlot.Edge.Right);
        return plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
    }
}
