using System;
using System.Collections.Generic;

namespace AffectEngine.Visualizer;

/// <summary>
/// The drawable parameters of one face, each in a fixed range, derived from the agent's expression
/// output. The shader draws exactly these, so tests can reason about a face from its features.
/// </summary>
/// <param name="MouthCurve">-1 (corners down, sad) .. +1 (corners up, smile).</param>
/// <param name="MouthOpen">0 (closed) .. 1 (jaw dropped).</param>
/// <param name="BrowRaise">-1 (lowered) .. +1 (raised).</param>
/// <param name="BrowTilt">-1 (inner ends down, frown) .. +1 (inner ends up, worry).</param>
/// <param name="EyeOpen">0.05 (squeezed) .. 1 (wide open).</param>
public readonly record struct FaceFeatures(float MouthCurve, float MouthOpen, float BrowRaise, float BrowTilt, float EyeOpen)
{
    /// <summary>A relaxed neutral face.</summary>
    public static FaceFeatures Neutral { get; } = new(0f, 0f, 0f, 0f, 0.55f);

    /// <summary>
    /// Features from facial action-unit intensities (0..1, EMFACS; Ekman &amp; Friesen's FACS):
    /// AU12 lip-corner puller raises the mouth corners, AU15 depressor lowers them and AU20 stretches
    /// them into a grimace; AU26 drops the jaw; AU1/AU2 raise the inner/outer brow and AU4 lowers and
    /// draws it together (AU1 − AU4 sets the inner-end tilt); AU5 widens the eyes, AU6 and AU7
    /// narrow them.
    /// </summary>
    public static FaceFeatures FromActionUnits(float au1, float au2, float au4, float au5, float au6, float au7, float au12, float au15, float au20, float au26) =>
        new(
            Clamp(au12 - au15 - (0.4f * au20), -1f, 1f),
            Clamp(au26, 0f, 1f),
            Clamp(((au1 + au2) * 0.5f) - au4, -1f, 1f),
            Clamp(au1 - au4, -1f, 1f),
            Clamp(0.55f + (0.45f * au5) - (0.3f * au6) - (0.35f * au7), 0.05f, 1f));

    /// <summary>
    /// Features from a PAD mood when the world has no expression output: pleasure curves the mouth,
    /// arousal opens eyes and raises brows, low dominance with displeasure tilts the brows to worry,
    /// high dominance with displeasure to a frown.
    /// </summary>
    public static FaceFeatures FromMood(float p, float a, float d)
    {
        var displeasure = Math.Max(0f, -p);
        return new(
            Clamp(p, -1f, 1f),
            Clamp(0.35f * Math.Max(0f, a), 0f, 1f),
            Clamp((0.5f * a) - (displeasure * Math.Max(0f, d)), -1f, 1f),
            Clamp(-displeasure * d * 1.5f, -1f, 1f),
            Clamp(0.55f + (0.35f * a), 0.05f, 1f));
    }

    private static float Clamp(float v, float lo, float hi) => float.IsNaN(v) ? 0f : Math.Clamp(v, lo, hi);
}

/// <summary>An RGB colour with components in 0..1.</summary>
/// <param name="R">Red.</param>
/// <param name="G">Green.</param>
/// <param name="B">Blue.</param>
public readonly record struct Rgb(float R, float G, float B)
{
    /// <summary>The colour as 8-bit components.</summary>
    public (byte R, byte G, byte B) ToBytes() => ((byte)MathF.Round(R * 255f), (byte)MathF.Round(G * 255f), (byte)MathF.Round(B * 255f));
}

/// <summary>The visualizer's colours: background and one per mood octant.</summary>
public static class Palette
{
    /// <summary>The clear colour of the agent view.</summary>
    public static Rgb Background { get; } = new(0.08f, 0.09f, 0.11f);

    /// <summary>Faces of agents without a mood.</summary>
    public static Rgb NoMood { get; } = new(0.70f, 0.70f, 0.70f);

    /// <summary>
    /// Octant colours by <c>express.octant</c>. Hues follow the feeling: warm for pleasant-aroused,
    /// red for hostile, violet for anxious, cool for low arousal; all far apart so a pixel probe tells
    /// them apart.
    /// </summary>
    public static IReadOnlyList<Rgb> Octants { get; } =
    [
        new(0.45f, 0.50f, 0.65f), // 0 bored      ---
        new(0.55f, 0.82f, 0.50f), // 1 docile     +--
        new(0.62f, 0.40f, 0.85f), // 2 anxious    -+-
        new(0.98f, 0.62f, 0.78f), // 3 dependent  ++-
        new(0.65f, 0.55f, 0.25f), // 4 disdainful --+
        new(0.25f, 0.78f, 0.80f), // 5 relaxed    +-+
        new(0.92f, 0.22f, 0.18f), // 6 hostile    -++
        new(1.00f, 0.82f, 0.15f), // 7 exuberant  +++
    ];

    /// <summary>The colour of a liking value in [-1, 1]: red for dislike, grey for indifference, green for liking.</summary>
    public static Rgb Liking(float liking)
    {
        var t = Math.Clamp(liking, -1f, 1f);
        return t >= 0
            ? new(0.55f - (0.35f * t), 0.55f + (0.35f * t), 0.55f - (0.25f * t))
            : new(0.55f + (0.40f * -t), 0.55f - (0.35f * -t), 0.55f - (0.35f * -t));
    }
}
