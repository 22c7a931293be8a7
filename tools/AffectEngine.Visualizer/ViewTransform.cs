using System;

namespace AffectEngine.Visualizer;

/// <summary>A rectangle in framebuffer pixels, origin at the top-left.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width.</param>
/// <param name="Height">Height.</param>
public readonly record struct PixelRect(float X, float Y, float Width, float Height)
{
    /// <summary>True when the point lies inside.</summary>
    public bool Contains(float x, float y) => x >= X && y >= Y && x < X + Width && y < Y + Height;
}

/// <summary>
/// Maps scenario units to framebuffer pixels: the agents' bounding box is fitted, aspect kept, into
/// the agent view; scenario y grows upwards (as on a map), pixel y downwards. The box only grows
/// during a run, so faces do not jump when one agent walks away.
/// </summary>
public sealed class ViewTransform
{
    private bool _hasBounds;

    /// <summary>The smallest scenario x shown.</summary>
    public float MinX { get; private set; }

    /// <summary>The smallest scenario y shown.</summary>
    public float MinY { get; private set; }

    /// <summary>The largest scenario x shown.</summary>
    public float MaxX { get; private set; }

    /// <summary>The largest scenario y shown.</summary>
    public float MaxY { get; private set; }

    /// <summary>The pixel area agents are drawn in.</summary>
    public PixelRect View { get; private set; }

    /// <summary>Pixels per scenario unit.</summary>
    public float Scale { get; private set; } = 1f;

    /// <summary>Face radius in pixels for the current agent density.</summary>
    public float FaceRadius { get; private set; } = 8f;

    /// <summary>Forgets the bounds (a new world).</summary>
    public void Reset() => _hasBounds = false;

    /// <summary>Grows the bounds to include a box.</summary>
    public void Include(float minX, float minY, float maxX, float maxY)
    {
        if (!_hasBounds)
        {
            (MinX, MinY, MaxX, MaxY) = (minX, minY, maxX, maxY);
            _hasBounds = true;
            return;
        }

        MinX = Math.Min(MinX, minX);
        MinY = Math.Min(MinY, minY);
        MaxX = Math.Max(MaxX, maxX);
        MaxY = Math.Max(MaxY, maxY);
    }

    /// <summary>
    /// Fits the bounds into <paramref name="view"/>. <paramref name="spacing"/> is the typical distance
    /// between neighbours in scenario units (1 for a grid), which sets the face size.
    /// </summary>
    public void Fit(PixelRect view, int agentCount, float? spacing)
    {
        View = view;
        var spanX = Math.Max(MaxX - MinX, 1e-3f);
        var spanY = Math.Max(MaxY - MinY, 1e-3f);
        // A first guess of the face size sets the margin that keeps border faces whole.
        var n = Math.Max(1, agentCount);
        var radius = spacing is { } s
            ? 0.36f * s * Math.Min(view.Width / (spanX + s), view.Height / (spanY + s))
            : 0.30f * MathF.Sqrt(view.Width * view.Height / n);
        radius = Math.Clamp(radius, 2.5f, 40f);
        var margin = (radius * 1.4f) + 4f;
        var usableW = Math.Max(1f, view.Width - (2 * margin));
        var usableH = Math.Max(1f, view.Height - (2 * margin));
        var flatX = MaxX - MinX < 1e-3f;
        var flatY = MaxY - MinY < 1e-3f;
        Scale = (flatX, flatY) switch
        {
            (true, true) => 1f,
            (true, false) => usableH / spanY,
            (false, true) => usableW / spanX,
            _ => Math.Min(usableW / spanX, usableH / spanY),
        };
        FaceRadius = radius;
    }

    /// <summary>The pixel position of a scenario point.</summary>
    public (float X, float Y) ToPixels(float x, float y)
    {
        var cx = View.X + (View.Width * 0.5f);
        var cy = View.Y + (View.Height * 0.5f);
        return (cx + ((x - ((MinX + MaxX) * 0.5f)) * Scale), cy - ((y - ((MinY + MaxY) * 0.5f)) * Scale));
    }
}
