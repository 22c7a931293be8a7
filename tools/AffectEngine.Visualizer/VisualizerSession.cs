using System;
using System.Collections.Generic;
using System.Diagnostics;
using AffectEngine.Core;
using AffectEngine.Rendering;

namespace AffectEngine.Visualizer;

/// <summary>Which layers are drawn; toggled by keys in the window.</summary>
public sealed class ViewLayers
{
    /// <summary>Relation lines coloured by liking (key r).</summary>
    public bool Relations { get; set; } = true;

    /// <summary>The selected agent's panel (key p).</summary>
    public bool Panel { get; set; } = true;

    /// <summary>The mean-mood timeline (key t).</summary>
    public bool Timeline { get; set; } = true;

    /// <summary>Perceived human emotions beside agents (key e).</summary>
    public bool Perceived { get; set; } = true;

    /// <summary>The engine's event log in the left column (key l), when the run reports events.</summary>
    public bool Events { get; set; } = true;

    /// <summary>Each agent's current action as a label beside it (key a), when the run has behaviours.</summary>
    public bool Actions { get; set; } = true;

    /// <summary>The controls help (key h).</summary>
    public bool Help { get; set; }
}

/// <summary>
/// One visualizer run over a simulation and a GL context: advances the simulation (only through
/// <see cref="IVisualizedSimulation.Step"/>), samples the world read-only and draws it. The same
/// session drives the window and the headless frames. Use on the GL thread.
/// </summary>
public sealed class VisualizerSession : IDisposable
{
    private static readonly float[] SpeedSteps = [0.125f, 0.25f, 0.5f, 1f, 2f, 4f, 8f, 16f, 32f, 64f];
    private readonly IGraphicsContext _context;
    private readonly SceneSampler _sampler = new();
    private readonly SceneRenderer _renderer;
    private readonly HudPainter _hud;
    private readonly List<Relation> _relations = [];
    private readonly List<PerceivedEmotion> _perceived = [];
    private float[] _lineVertices = new float[6 * 64];
    private FieldMap? _fields;
    private World? _fieldsWorld;
    private int _speedIndex = 3;
    private float _tickDebt;
    private bool _disposed;

    /// <summary>Creates the GL objects of the scene on the current context.</summary>
    public VisualizerSession(IGraphicsContext context, IVisualizedSimulation simulation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(simulation);
        _context = context;
        Simulation = simulation;
        _renderer = new SceneRenderer(context.Gl, context.Width, context.Height);
        _hud = new HudPainter(context.Width, context.Height);
        RecordHistory();
    }

    /// <summary>The simulation shown.</summary>
    public IVisualizedSimulation Simulation { get; }

    /// <summary>The drawn layers.</summary>
    public ViewLayers Layers { get; } = new();

    /// <summary>The agent whose panel is shown.</summary>
    public AgentId Selected { get; set; }

    /// <summary>When true, <see cref="Advance"/> runs no ticks.</summary>
    public bool Paused { get; set; }

    /// <summary>Ticks run per frame (fractions run one tick every few frames).</summary>
    public float TicksPerFrame => SpeedSteps[_speedIndex];

    /// <summary>The frame rate the host measured, shown in the status bar.</summary>
    public double Fps { get; set; }

    /// <summary>The world-to-pixel mapping of the last rendered frame.</summary>
    public ViewTransform Transform => _sampler.Transform;

    internal MoodHistory History { get; } = new();

    /// <summary>The engine events of the run so far, named (the event log panel shows the newest).</summary>
    public EventLog Log { get; } = new();

    /// <summary>True when the event log column is shown: the layer is on and the run names its events.</summary>
    public bool ShowsLog => Layers.Events && Simulation.EventNames is not null;

    /// <summary>Runs one tick and records the timeline and the event log.</summary>
    public void Step()
    {
        Simulation.Step();
        RecordHistory();
        if (Simulation.EventNames is not null)
        {
            Log.Record(Simulation);
        }
    }

    /// <summary>Runs the ticks due this frame at the current speed (none while paused).</summary>
    public int Advance()
    {
        if (Paused)
        {
            return 0;
        }

        _tickDebt += TicksPerFrame;
        var ran = 0;
        while (_tickDebt >= 1f)
        {
            Step();
            _tickDebt -= 1f;
            ran++;
        }

        return ran;
    }

    /// <summary>Speeds up (+1) or slows down (-1) by a factor of two.</summary>
    public void ChangeSpeed(int direction) =>
        _speedIndex = Math.Clamp(_speedIndex + Math.Sign(direction), 0, SpeedSteps.Length - 1);

    /// <summary>The pixel area agents are laid out in, given the visible layers.</summary>
    public PixelRect AgentView()
    {
        var right = Layers.Panel ? _context.Width - HudPainter.PanelWidth : _context.Width;
        var bottom = Layers.Timeline ? _context.Height - HudPainter.TimelineHeight : _context.Height;
        var left = ShowsLog ? HudPainter.LogWidth : 0f;
        // The log takes the left column, the panel the right column and the timeline the bottom row; agents use the rest.
        return new PixelRect(left, HudPainter.StatusHeight, Math.Max(1f, right - left), Math.Max(1f, bottom - HudPainter.StatusHeight));
    }

    /// <summary>Samples the world and draws one frame into the context's target (no present).</summary>
    public void Render()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var world = Simulation.World;
        var t0 = Stopwatch.GetTimestamp();
        _sampler.Sample(world, AgentView(), Selected, Simulation.ActionUnitsOnRead);

        var lineFloats = 0;
        if (Layers.Relations && Simulation.Relations is { } relations)
        {
            _relations.Clear();
            relations.GetRelations(world, _relations);
            lineFloats = BuildLines();
        }

        _perceived.Clear();
        if (Layers.Perceived && Simulation.Perceived is { } perceived)
        {
            perceived.GetPerceived(world, _perceived);
        }

        var t1 = Stopwatch.GetTimestamp();
        _hud.Paint(this, _sampler, _perceived);
        var t2 = Stopwatch.GetTimestamp();
        _renderer.Draw(_context.TargetFramebuffer, _sampler.Instances, _sampler.InstanceCount, new ReadOnlySpan<float>(_lineVertices, 0, lineFloats), _hud.Pixels, _hud.Regions);
        var t3 = Stopwatch.GetTimestamp();
        Profile.Add(t1 - t0, t2 - t1, t3 - t2);
    }

    /// <summary>Where the frame time went (sampling, overlay painting, GL submission), for the benchmark.</summary>
    public FrameProfile Profile { get; } = new();

    /// <summary>Reads the last drawn frame, RGBA top row first.</summary>
    public byte[] ReadPixels() => Readback.ReadRgba(_context.Gl, _context.TargetFramebuffer, _context.Width, _context.Height);

    /// <summary>Where an agent was drawn in the last frame (pixel centre and face radius).</summary>
    public bool TryGetAgentPixel(AgentId agent, out float x, out float y, out float radius) => _sampler.TryGetPixel(agent, out x, out y, out radius);

    /// <summary>The agent drawn under a pixel in the last frame, or none.</summary>
    public AgentId Pick(float x, float y) => _sampler.Pick(x, y);

    /// <summary>
    /// Applies one user input. Returns what the host must do beyond the session's own state.
    /// </summary>
    public InputOutcome Handle(WindowInput input)
    {
        switch (input.Kind)
        {
            case WindowInputKind.Escape:
                return InputOutcome.Quit;
            case WindowInputKind.Click:
                var hit = Pick(input.X, input.Y);
                if (!hit.IsNone || AgentView().Contains(input.X, input.Y))
                {
                    Selected = hit;
                }

                return InputOutcome.None;
        }

        switch (char.ToLowerInvariant(input.Character))
        {
            case ' ':
                Paused = !Paused;
                break;
            case '.':
                if (Paused)
                {
                    Step();
                }

                break;
            case '+':
            case '=':
                ChangeSpeed(+1);
                break;
            case '-':
            case '_':
                ChangeSpeed(-1);
                break;
            case 'r':
                Layers.Relations = !Layers.Relations;
                break;
            case 'p':
                Layers.Panel = !Layers.Panel;
                break;
            case 't':
                Layers.Timeline = !Layers.Timeline;
                break;
            case 'e':
                Layers.Perceived = !Layers.Perceived;
                break;
            case 'h':
                Layers.Help = !Layers.Help;
                break;
            case 'l':
                Layers.Events = !Layers.Events;
                break;
            case 'a':
                Layers.Actions = !Layers.Actions;
                break;
            case 's':
                return InputOutcome.Screenshot;
            case '1':
            case '2':
            case '3':
            case '4':
                Nudge(input.Character);
                break;
            case 'q':
                return InputOutcome.Quit;
        }

        return InputOutcome.None;
    }

    /// <summary>The emotions keys 1–4 elicit in the selected agent, and how strongly.</summary>
    public static readonly (char Key, AffectEngine.Affect.EmotionType Emotion)[] NudgeKeys =
    [
        ('1', AffectEngine.Affect.EmotionType.Joy),
        ('2', AffectEngine.Affect.EmotionType.Distress),
        ('3', AffectEngine.Affect.EmotionType.Fear),
        ('4', AffectEngine.Affect.EmotionType.Anger),
    ];

    /// <summary>Intensity of a key's impulse.</summary>
    public const float NudgeIntensity = 0.8f;

    /// <summary>The last command sent from the keyboard (for the status bar), or null.</summary>
    public string? LastCommand { get; private set; }

    private void Nudge(char key)
    {
        if (Selected.IsNone)
        {
            LastCommand = "select an agent first (click)";
            return;
        }

        foreach (var (k, emotion) in NudgeKeys)
        {
            if (k == key)
            {
                var name = AffectEngine.Affect.Emotions.Names[(int)emotion];
                LastCommand = Simulation.TryElicit(Selected, emotion, NudgeIntensity)
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} {NudgeIntensity:0.0} → slot {Selected.Slot} at tick {Simulation.Tick}")
                    : "this simulation takes no commands";
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _renderer.Dispose();
            _hud.Dispose();
        }
    }

    private void RecordHistory()
    {
        var world = Simulation.World;
        if (!ReferenceEquals(world, _fieldsWorld))
        {
            _fields = new FieldMap(world);
            _fieldsWorld = world;
        }

        History.Record(world, _fields!, Selected);
    }

    private int BuildLines()
    {
        var needed = _relations.Count * 12;
        if (_lineVertices.Length < needed)
        {
            Array.Resize(ref _lineVertices, Math.Max(needed, _lineVertices.Length * 2));
        }

        var o = 0;
        foreach (var r in _relations)
        {
            if (!_sampler.TryGetPixel(r.From, out var x0, out var y0, out _) || !_sampler.TryGetPixel(r.To, out var x1, out var y1, out _))
            {
                continue;
            }

            var c = Palette.Liking(r.Liking);
            var alpha = 0.25f + (0.5f * Math.Abs(Math.Clamp(r.Liking, -1f, 1f)));
            Span<float> v = [x0, y0, c.R, c.G, c.B, alpha, x1, y1, c.R, c.G, c.B, alpha];
            v.CopyTo(_lineVertices.AsSpan(o));
            o += 12;
        }

        return o;
    }
}

/// <summary>What the host must do after an input.</summary>
public enum InputOutcome
{
    /// <summary>Nothing more.</summary>
    None,

    /// <summary>Write a screenshot of the next frame.</summary>
    Screenshot,

    /// <summary>Close the window.</summary>
    Quit,
}

/// <summary>Accumulated CPU time of the parts of <see cref="VisualizerSession.Render"/>.</summary>
public sealed class FrameProfile
{
    private long _sample;
    private long _hud;
    private long _draw;
    private int _frames;

    /// <summary>Mean milliseconds per frame spent reading the world.</summary>
    public double SampleMs => Ms(_sample);

    /// <summary>Mean milliseconds per frame spent painting the text and chart overlay.</summary>
    public double OverlayMs => Ms(_hud);

    /// <summary>Mean milliseconds per frame spent issuing GL calls (the GPU work finishes in Present).</summary>
    public double DrawMs => Ms(_draw);

    /// <summary>Forgets the samples (after warm-up).</summary>
    public void Reset() => (_sample, _hud, _draw, _frames) = (0, 0, 0, 0);

    internal void Add(long sample, long hud, long draw)
    {
        _sample += sample;
        _hud += hud;
        _draw += draw;
        _frames++;
    }

    private double Ms(long ticks) => _frames == 0 ? 0 : ticks * 1000.0 / Stopwatch.Frequency / _frames;
}
