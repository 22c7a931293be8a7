using System;

namespace AffectEngine;

/// <summary>
/// A point in Pleasure–Arousal–Dominance space (Mehrabian 1996), each axis in [-1, 1]: a mood, an
/// emotion's position (ALMA's OCC → PAD table) or a recognized expression class. The one PAD type of
/// the engine and its plugins.
/// </summary>
/// <param name="Pleasure">Pleasure (valence).</param>
/// <param name="Arousal">Arousal (activation).</param>
/// <param name="Dominance">Dominance (control).</param>
public readonly record struct Pad(float Pleasure, float Arousal, float Dominance)
{
    /// <summary>Pleasure (short name, as in the model's equations).</summary>
    public float P => Pleasure;

    /// <summary>Arousal (short name).</summary>
    public float A => Arousal;

    /// <summary>Dominance (short name).</summary>
    public float D => Dominance;

    /// <summary>Distance from the origin.</summary>
    public float Length => MathF.Sqrt((Pleasure * Pleasure) + (Arousal * Arousal) + (Dominance * Dominance));
}
