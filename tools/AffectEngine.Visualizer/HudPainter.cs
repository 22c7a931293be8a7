using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AffectEngine.Core;
using SkiaSharp;

namespace AffectEngine.Visualizer;

/// <summary>
/// Paints the text and chart layers (status bar, agent panel, timeline, perceived emotions, help)
/// with SkiaSharp into a premultiplied RGBA buffer that the renderer draws over the faces.
/// </summary>
internal sealed class HudPainter : IDisposable
{
    public const float StatusHeight = 24f;
    public const float PanelWidth = 320f;
    public const float TimelineHeight = 130f;
    public const float LogWidth = 290f;
    private const float LogLine = 14f;

    // A crowd where thousands act at once gets no label each: the first this many (in slot order) are labelled.
    private const int MaxActionLabels = 200;

    private static readonly string[] FontCandidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ];

    private readonly SKBitmap _bitmap;
    private readonly SKCanvas _canvas;
    private readonly SKTypeface _typeface;
    private readonly SKFont _font;
    private readonly SKFont _small;
    private readonly SKFont _title;
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f };
    private readonly SKPaint _text = new() { IsAntialias = true, Color = new SKColor(235, 235, 240) };
    private readonly List<string> _notes = [];
    private SKPoint[] _points = new SKPoint[256];
    private readonly List<PixelRect> _regions = [];

    public HudPainter(int width, int height)
    {
        Width = width;
        Height = height;
        _bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        _canvas = new SKCanvas(_bitmap);
        _typeface = LoadTypeface();
        _font = new SKFont(_typeface, 13f);
        _small = new SKFont(_typeface, 11f);
        _title = new SKFont(_typeface, 15f);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The painted pixels, RGBA premultiplied, top row first.</summary>
    public ReadOnlySpan<byte> Pixels => _bitmap.GetPixelSpan();

    public void Paint(VisualizerSession session, SceneSampler sampler, IReadOnlyList<PerceivedEmotion> perceived)
    {
        var c = _canvas;
        // Clear only what the last frame painted: clearing the whole frame is most of the cost when the overlay is small.
        foreach (var r in _regions)
        {
            c.Save();
            c.ClipRect(new SKRect(r.X, r.Y, r.X + r.Width, r.Y + r.Height));
            c.Clear(SKColors.Transparent);
            c.Restore();
        }

        _regions.Clear();
        var layers = session.Layers;
        if (layers.Perceived)
        {
            PaintPerceived(sampler, perceived);
        }

        if (layers.Actions && session.Simulation.EventNames is { } namer)
        {
            PaintActions(session.Simulation.World, sampler, namer);
        }

        if (layers.Timeline)
        {
            var left = session.ShowsLog ? LogWidth : 0f;
            PaintTimeline(session.History.Mean, left, session.Layers.Panel ? Width - PanelWidth : Width);
        }

        if (session.ShowsLog)
        {
            PaintLog(session.Log, Height);
        }

        if (layers.Panel)
        {
            PaintPanel(session, sampler.Fields);
        }

        PaintStatus(session);
        if (layers.Help)
        {
            PaintHelp();
        }

        c.Flush();
        MergeOverlaps(_regions);
    }

    /// <summary>
    /// The non-overlapping pixel rectangles that hold painted content. Only these are uploaded and
    /// composited: on a software rasterizer a full-screen overlay costs more than 10,000 faces.
    /// </summary>
    public IReadOnlyList<PixelRect> Regions => _regions;

    // Overlapping rectangles would be blended twice; replace each overlapping pair by its bounding box.
    private static void MergeOverlaps(List<PixelRect> regions)
    {
        var merged = true;
        while (merged)
        {
            merged = false;
            for (var i = 0; i < regions.Count && !merged; i++)
            {
                for (var j = i + 1; j < regions.Count; j++)
                {
                    var a = regions[i];
                    var b = regions[j];
                    if (a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height)
                    {
                        var x = Math.Min(a.X, b.X);
                        var y = Math.Min(a.Y, b.Y);
                        regions[i] = new PixelRect(x, y, Math.Max(a.X + a.Width, b.X + b.Width) - x, Math.Max(a.Y + a.Height, b.Y + b.Height) - y);
                        regions.RemoveAt(j);
                        merged = true;
                        break;
                    }
                }
            }
        }
    }

    // Records a painted area, snapped outwards to whole pixels and clipped to the frame.
    private void Region(float x, float y, float w, float h)
    {
        var x0 = Math.Clamp(MathF.Floor(x), 0, Width);
        var y0 = Math.Clamp(MathF.Floor(y), 0, Height);
        var x1 = Math.Clamp(MathF.Ceiling(x + w), 0, Width);
        var y1 = Math.Clamp(MathF.Ceiling(y + h), 0, Height);
        if (x1 > x0 && y1 > y0)
        {
            _regions.Add(new PixelRect(x0, y0, x1 - x0, y1 - y0));
        }
    }

    public void Dispose()
    {
        _canvas.Dispose();
        _bitmap.Dispose();
        _font.Dispose();
        _small.Dispose();
        _title.Dispose();
        _typeface.Dispose();
        _fill.Dispose();
        _stroke.Dispose();
        _text.Dispose();
    }

    private static SKTypeface LoadTypeface()
    {
        foreach (var path in FontCandidates)
        {
            if (File.Exists(path))
            {
                var face = SKTypeface.FromFile(path);
                if (face is not null)
                {
                    return face;
                }
            }
        }

        // Without a font file the labels are blank but the faces still draw; the apt list installs DejaVu.
        return SKTypeface.Default;
    }

    // One reusable point buffer for polylines: painting allocates no arrays per frame.
    private SKPoint[] Points(int count)
    {
        if (_points.Length < count)
        {
            _points = new SKPoint[Math.Max(count, _points.Length * 2)];
        }

        return _points;
    }

    private void Polyline(SKPoint[] points, int count)
    {
        for (var i = 1; i < count; i++)
        {
            _canvas.DrawLine(points[i - 1], points[i], _stroke);
        }
    }

    private void Text(string s, float x, float y, SKFont font, SKColor colour)
    {
        _text.Color = colour;
        _canvas.DrawText(s, x, y, SKTextAlign.Left, font, _text);
    }

    private void Box(float x, float y, float w, float h, SKColor colour)
    {
        _fill.Color = colour;
        _canvas.DrawRect(x, y, w, h, _fill);
    }

    private void PaintStatus(VisualizerSession s)
    {
        Region(0, 0, Width, StatusHeight);
        Box(0, 0, Width, StatusHeight, new SKColor(20, 22, 28, 230));
        var speed = s.TicksPerFrame >= 1
            ? s.TicksPerFrame.ToString("0", CultureInfo.InvariantCulture)
            : "1/" + (1 / s.TicksPerFrame).ToString("0", CultureInfo.InvariantCulture);
        var status = string.Create(CultureInfo.InvariantCulture,
            $"{s.Simulation.Name}   tick {s.Simulation.Tick}   {speed} tick/frame   {(s.Paused ? "PAUSED" : "running")}   hash {s.Simulation.StateHash:x16}   {(s.Fps > 0 ? s.Fps.ToString("0", CultureInfo.InvariantCulture) + " fps   " : "")}{(s.LastCommand is { } c ? c + "   " : "")}h: help");
        Text(status, 8, 17, _font, new SKColor(235, 235, 240));
    }

    private void PaintHelp()
    {
        string[] lines =
        [
            "space   pause / resume",
            ".       single step (while paused)",
            "+ / -   speed up / slow down",
            "click   select an agent",
            "r       relations (lines coloured by liking)",
            "p       agent panel",
            "t       mood timeline",
            "e       perceived human emotions",
            "l       event log (emotions, moods, actions, coping)",
            "a       each agent's current action",
            "1 2 3 4 joy / distress / fear / anger in the selected agent",
            "        (sent for the next tick, like any input)",
            "s       screenshot (PNG)",
            "h       this help",
            "esc     quit",
        ];
        var w = 470f;
        var h = 40f + (lines.Length * 18f);
        var x = (Width - w) / 2f;
        var y = (Height - h) / 2f;
        Region(x, y, w, h);
        Box(x, y, w, h, new SKColor(15, 16, 20, 235));
        Text("Controls", x + 16, y + 24, _title, SKColors.White);
        for (var i = 0; i < lines.Length; i++)
        {
            Text(lines[i], x + 16, y + 46 + (i * 18f), _font, new SKColor(220, 220, 225));
        }
    }

    private void PaintPerceived(SceneSampler sampler, IReadOnlyList<PerceivedEmotion> perceived)
    {
        foreach (var e in perceived)
        {
            if (!sampler.TryGetPixel(e.Agent, out var x, out var y, out var r))
            {
                continue;
            }

            var label = string.Create(CultureInfo.InvariantCulture, $"{e.Person}: {e.Label} {e.Confidence:0.00}");
            var w = _small.MeasureText(label) + 22f;
            var bx = x + r + 6f;
            var by = y - 9f;
            Region(bx, by, w, 18f);
            Box(bx, by, w, 18f, new SKColor(10, 10, 14, 210));
            var valence = Palette.Liking(e.Valence).ToBytes();
            _fill.Color = new SKColor(valence.R, valence.G, valence.B);
            _canvas.DrawCircle(bx + 9f, by + 9f, 5f, _fill);
            Text(label, bx + 17f, by + 13f, _small, SKColors.White);
        }
    }

    // The newest events at the bottom, as a console scrolls; the colour says the kind.
    private void PaintLog(EventLog log, float bottom)
    {
        var top = StatusHeight;
        Region(0, top, LogWidth, bottom - top);
        Box(0, top, LogWidth, bottom - top, new SKColor(18, 20, 26, 235));
        Text(string.Create(CultureInfo.InvariantCulture, $"events ({log.Total})"), 8, top + 16, _small, new SKColor(200, 200, 210));
        var rows = (int)((bottom - top - 26f) / LogLine);
        var first = Math.Max(0, log.Count - rows);
        var y = top + 22f;
        for (var i = first; i < log.Count; i++)
        {
            var e = log[i];
            var line = string.Create(CultureInfo.InvariantCulture, $"{e.Tick,5} {e.Text}");
            Text(line, 8, y + 11, _small, KindColour(e.Kind));
            y += LogLine;
        }
    }

    private static SKColor KindColour(EngineEventKind kind) => kind switch
    {
        EngineEventKind.EmotionRose => new SKColor(240, 200, 90),
        EngineEventKind.EmotionFell => new SKColor(160, 150, 120),
        EngineEventKind.DominantChanged => new SKColor(230, 230, 235),
        EngineEventKind.MoodOctantChanged => new SKColor(130, 180, 240),
        EngineEventKind.ActionChosen => new SKColor(250, 120, 100),
        EngineEventKind.CopingApplied => new SKColor(120, 220, 150),
        _ => new SKColor(220, 140, 240),
    };

    // The action each agent chose this tick, in a dark tag under its face.
    private void PaintActions(World world, SceneSampler sampler, IEngineEventNamer namer)
    {
        var labels = 0;
        for (var slot = 0; slot < world.SlotCount && labels < MaxActionLabels; slot++)
        {
            var agent = world.AgentAt(slot);
            if (agent.IsNone || namer.ActionOf(world, agent) is not { } action || !sampler.TryGetPixel(agent, out var x, out var y, out var r))
            {
                continue;
            }

            var w = _small.MeasureText(action) + 10f;
            var bx = x - (w / 2f);
            var by = y + r + 3f;
            Region(bx, by, w, 15f);
            Box(bx, by, w, 15f, new SKColor(90, 24, 20, 220));
            Text(action, bx + 5f, by + 11.5f, _small, SKColors.White);
            labels++;
        }
    }

    private void PaintTimeline(PadRing mean, float left, float right)
    {
        var top = Height - TimelineHeight;
        Region(left, top, right - left, TimelineHeight);
        Box(left, top, right - left, TimelineHeight, new SKColor(16, 18, 24, 235));
        Text("mean mood", left + 8, top + 16, _small, new SKColor(200, 200, 210));
        var plotX = left + 8f;
        var plotY = top + 22f;
        var plotW = right - left - 16f;
        var plotH = TimelineHeight - 30f;
        _stroke.StrokeWidth = 1f;
        _stroke.Color = new SKColor(80, 84, 96);
        _canvas.DrawLine(plotX, plotY + (plotH / 2), plotX + plotW, plotY + (plotH / 2), _stroke);
        if (mean.Count < 2)
        {
            return;
        }

        SKColor[] colours = [new SKColor(120, 220, 120), new SKColor(250, 170, 60), new SKColor(110, 160, 250)];
        string[] names = ["P", "A", "D"];
        for (var k = 0; k < 3; k++)
        {
            var points = Points(mean.Count);
            for (var i = 0; i < mean.Count; i++)
            {
                var (p, a, d) = mean[i];
                var v = k == 0 ? p : k == 1 ? a : d;
                var px = plotX + (plotW * i / (mean.Capacity - 1));
                var py = plotY + (plotH * (1f - ((Math.Clamp(v, -1f, 1f) + 1f) / 2f)));
                points[i] = new SKPoint(px, py);
            }

            _stroke.Color = colours[k];
            _stroke.StrokeWidth = 1.5f;
            Polyline(points, mean.Count);
            Text(names[k], left + 90 + (k * 20), top + 16, _small, colours[k]);
        }
    }

    private void PaintPanel(VisualizerSession s, FieldMap f)
    {
        var world = s.Simulation.World;
        var x0 = Width - PanelWidth;
        var y0 = StatusHeight;
        // The panel runs the full height beside the timeline; the timeline stops at its left edge.
        var bottom = Height;
        var agent = s.Selected;
        if (agent.IsNone || !world.IsAlive(agent))
        {
            // Only a hint box: composing a large empty panel costs frame time on a software rasterizer.
            Region(x0, y0, PanelWidth, 36);
            Box(x0, y0, PanelWidth, 36, new SKColor(24, 26, 33, 240));
            Text("Click an agent to inspect it.", x0 + 12, y0 + 24, _font, new SKColor(200, 200, 210));
            return;
        }

        Region(x0, y0, PanelWidth, bottom - y0);
        Box(x0, y0, PanelWidth, bottom - y0, new SKColor(24, 26, 33, 240));

        var name = s.Simulation.Notes?.NameOf(world, agent) ?? $"agent {agent.Slot}";
        var y = y0 + 22f;
        var octant = -1;
        if (f.HasMood)
        {
            octant = AgentFields.OctantOf(world.Value(agent, f.P!.Value), world.Value(agent, f.A!.Value), world.Value(agent, f.D!.Value));
        }
        else if (f.Octant is { } fo)
        {
            octant = Math.Clamp((int)world.Value(agent, fo), 0, 7);
        }

        Text(octant >= 0 ? $"{name} — {AgentFields.OctantNames[octant]}" : name, x0 + 12, y, _title, SKColors.White);
        y += 18f;
        if (f.Dominant is { } fdom)
        {
            var dom = (int)world.Value(agent, fdom);
            // A dominant emotion of zero intensity is none (a model without the Express stage leaves 0 there).
            var label = dom >= 0 && dom < AgentFields.EmotionNames.Count && f.Emotions[dom] is { } fe && world.Value(agent, fe) > 0f
                ? AgentFields.EmotionNames[dom]
                : "none";
            Text("dominant: " + label, x0 + 12, y, _font, new SKColor(210, 210, 220));
            y += 16f;
        }

        // Emotion bars (only the types the world has).
        y += 2f;
        for (var i = 0; i < f.Emotions.Length; i++)
        {
            if (f.Emotions[i] is not { } fe)
            {
                continue;
            }

            var v = Math.Clamp(world.Value(agent, fe), 0f, 1f);
            Text(AgentFields.EmotionNames[i], x0 + 12, y + 9, _small, new SKColor(190, 190, 200));
            Box(x0 + 118, y + 1, 180, 9, new SKColor(50, 54, 64));
            Box(x0 + 118, y + 1, 180 * v, 9, new SKColor(240, 200, 90));
            y += 12f;
        }

        y += 6f;
        if (f.HasMood)
        {
            y = PaintPad(s, f, agent, x0 + 12, y);
        }

        if (Array.Exists(f.Personality, static p => p.HasValue))
        {
            Text("personality", x0 + 12, y + 10, _small, new SKColor(190, 190, 200));
            y += 14f;
            for (var i = 0; i < f.Personality.Length; i++)
            {
                if (f.Personality[i] is not { } fp)
                {
                    continue;
                }

                var v = Math.Clamp(world.Value(agent, fp), -1f, 1f);
                Text(AgentFields.PersonalityTraits[i].ToUpperInvariant(), x0 + 12, y + 9, _small, new SKColor(190, 190, 200));
                Box(x0 + 30, y + 1, 180, 9, new SKColor(50, 54, 64));
                var mid = x0 + 30 + 90;
                Box(Math.Min(mid, mid + (90 * v)), y + 1, Math.Abs(90 * v), 9, new SKColor(130, 180, 240));
                y += 12f;
            }
        }

        if (s.Simulation.Notes is { } notes && y < bottom - 20)
        {
            _notes.Clear();
            notes.GetNotes(world, agent, 5, _notes);
            if (_notes.Count > 0)
            {
                y += 6f;
                Text("recent", x0 + 12, y + 10, _small, new SKColor(190, 190, 200));
                y += 14f;
                foreach (var line in _notes)
                {
                    if (y > bottom - 8)
                    {
                        break;
                    }

                    Text(line, x0 + 12, y + 10, _small, new SKColor(220, 220, 225));
                    y += 13f;
                }
            }
        }
    }

    // Mood point in the P (horizontal) × A (vertical) plane, dominance as the dot's size, with its trail.
    private float PaintPad(VisualizerSession s, FieldMap f, AgentId agent, float x, float y)
    {
        var world = s.Simulation.World;
        const float size = 130f;
        Text("mood (P →, A ↑, D = size)", x, y + 10, _small, new SKColor(190, 190, 200));
        y += 14f;
        Box(x, y, size, size, new SKColor(40, 43, 52));
        _stroke.StrokeWidth = 1f;
        _stroke.Color = new SKColor(80, 84, 96);
        _canvas.DrawLine(x + (size / 2), y, x + (size / 2), y + size, _stroke);
        _canvas.DrawLine(x, y + (size / 2), x + size, y + (size / 2), _stroke);
        float Px(float v) => x + ((Math.Clamp(v, -1f, 1f) + 1f) * 0.5f * size);
        float Py(float v) => y + ((1f - ((Math.Clamp(v, -1f, 1f) + 1f) * 0.5f)) * size);
        var trail = s.History.Trail;
        if (s.History.TrailAgent == agent && trail.Count > 1)
        {
            var points = Points(trail.Count);
            for (var i = 0; i < trail.Count; i++)
            {
                var (tp, ta, _) = trail[i];
                points[i] = new SKPoint(Px(tp), Py(ta));
            }

            _stroke.Color = new SKColor(200, 200, 210, 140);
            _stroke.StrokeWidth = 1.2f;
            Polyline(points, trail.Count);
        }

        var p = world.Value(agent, f.P!.Value);
        var a = world.Value(agent, f.A!.Value);
        var d = world.Value(agent, f.D!.Value);
        var c = Palette.Octants[AgentFields.OctantOf(p, a, d)].ToBytes();
        _fill.Color = new SKColor(c.R, c.G, c.B);
        _canvas.DrawCircle(Px(p), Py(a), 4f + (3f * (Math.Clamp(d, -1f, 1f) + 1f)), _fill);
        Text(string.Create(CultureInfo.InvariantCulture, $"P {p:+0.00;-0.00}"), x + size + 10, y + 20, _small, new SKColor(120, 220, 120));
        Text(string.Create(CultureInfo.InvariantCulture, $"A {a:+0.00;-0.00}"), x + size + 10, y + 36, _small, new SKColor(250, 170, 60));
        Text(string.Create(CultureInfo.InvariantCulture, $"D {d:+0.00;-0.00}"), x + size + 10, y + 52, _small, new SKColor(110, 160, 250));
        return y + size + 8f;
    }
}
