using System;

namespace AffectEngine.Affect;

/// <summary>
/// Which affect changes become <see cref="EngineEvent"/>s (<see cref="AffectSettings.Events"/>).
/// The thresholds are presentation settings, not model constants: they decide when a host is told
/// that an emotion "rose" or "fell", never what the agent feels.
/// </summary>
public sealed class EventSettings
{
    /// <summary>Default "up" threshold: an emotion at 0.5 or more has risen (half the intensity range).</summary>
    public const float DefaultUp = 0.5f;

    /// <summary>
    /// Default "down" threshold: a risen emotion has fallen once below 0.4. The gap of 0.1 is
    /// hysteresis, so an intensity hovering around the up threshold (decay against small renewals)
    /// does not report a rise and a fall every tick.
    /// </summary>
    public const float DefaultDown = 0.4f;

    private readonly float[] _up = new float[Emotions.Count];
    private readonly float[] _down = new float[Emotions.Count];

    /// <summary>Every emotion with the default thresholds; extraction off.</summary>
    public EventSettings()
    {
        SetThresholds(DefaultUp, DefaultDown);
    }

    /// <summary>
    /// When true, the affect module attaches the Publish-stage pass that reports threshold crossings,
    /// dominant-emotion and mood-octant changes into <see cref="Core.World.Events"/>. Off by default:
    /// a run nobody listens to pays nothing.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>The up threshold of an emotion type.</summary>
    public float Up(EmotionType type) => _up[(int)type];

    /// <summary>The down threshold of an emotion type.</summary>
    public float Down(EmotionType type) => _down[(int)type];

    /// <summary>Sets the thresholds of one type: rises at intensity ≥ <paramref name="up"/>, falls at intensity &lt; <paramref name="down"/>.</summary>
    public EventSettings SetThresholds(EmotionType type, float up, float down)
    {
        var error = Check(up, down);
        if (error is not null)
        {
            throw new ArgumentOutOfRangeException(nameof(up), $"Event thresholds of '{type.Name()}': {error}");
        }

        _up[(int)type] = up;
        _down[(int)type] = down;
        return this;
    }

    /// <summary>Sets the thresholds of every type.</summary>
    public EventSettings SetThresholds(float up, float down)
    {
        for (var e = 0; e < Emotions.Count; e++)
        {
            SetThresholds((EmotionType)e, up, down);
        }

        return this;
    }

    /// <summary>Null when <paramref name="up"/> and <paramref name="down"/> make a valid pair (0 &lt; down ≤ up ≤ 1), else why not.</summary>
    public static string? Check(float up, float down)
    {
        if (!(up > 0f && up <= 1f))
        {
            return $"up must be in (0, 1]; got {up}.";
        }

        if (!(down > 0f && down <= up))
        {
            return $"down must be in (0, up = {up}]; got {down}.";
        }

        return null;
    }

    /// <summary>A copy (the pass keeps its own so later edits do not reach a running world).</summary>
    public EventSettings Clone()
    {
        var c = new EventSettings { Enabled = Enabled };
        Array.Copy(_up, c._up, _up.Length);
        Array.Copy(_down, c._down, _down.Length);
        return c;
    }
}
