using System;
using System.Collections.Generic;

namespace AffectEngine.Affect;

/// <summary>Big Five (OCEAN) traits, each in [-1, 1].</summary>
/// <param name="O">Openness.</param>
/// <param name="C">Conscientiousness.</param>
/// <param name="E">Extraversion.</param>
/// <param name="A">Agreeableness.</param>
/// <param name="N">Neuroticism.</param>
public readonly record struct Ocean(float O, float C, float E, float A, float N)
{
    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        p.Range(O, -1f, 1f, "personality.o");
        p.Range(C, -1f, 1f, "personality.c");
        p.Range(E, -1f, 1f, "personality.e");
        p.Range(A, -1f, 1f, "personality.a");
        p.Range(N, -1f, 1f, "personality.n");
        return p.List;
    }
}

/// <summary>
/// Personality → default mood (Mehrabian, A. 1996. "Analysis of the Big-five personality factors in
/// terms of the PAD temperament model", Australian Journal of Psychology 48(2), as used by ALMA,
/// Gebhard 2005). The +0.19·N pleasure term is kept as published (docs/models.md).
/// </summary>
public static class Mehrabian1996
{
    /// <summary>The citation.</summary>
    public const string Citation = "Mehrabian, A. (1996). Analysis of the Big-five personality factors in terms of the PAD temperament model. Australian Journal of Psychology 48(2), 86-92; as used by Gebhard (2005).";

    /// <summary>Coefficients [axis, trait] with axes P, A, D and traits O, C, E, A, N.</summary>
    public static readonly float[,] Coefficients =
    {
        { 0.00f, 0.00f, 0.21f, 0.59f, 0.19f },
        { 0.15f, 0.00f, 0.00f, 0.30f, -0.57f },
        { 0.25f, 0.17f, 0.60f, -0.32f, 0.00f },
    };

    /// <summary>The default mood of a personality, each axis clamped to [-1, 1].</summary>
    public static Pad DefaultMood(Ocean t)
    {
        var traits = new[] { t.O, t.C, t.E, t.A, t.N };
        Span<float> pad = stackalloc float[3];
        for (var axis = 0; axis < 3; axis++)
        {
            var sum = 0f;
            for (var trait = 0; trait < 5; trait++)
            {
                sum += Coefficients[axis, trait] * traits[trait];
            }

            pad[axis] = Math.Clamp(sum, -1f, 1f);
        }

        return new Pad(pad[0], pad[1], pad[2]);
    }
}
