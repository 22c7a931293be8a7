using System;
using AffectEngine.Affect;

namespace AffectEngine.Appraisal.Gamygdala;

/// <summary>
/// GAMYGDALA's own emotion → PAD table (it is not ALMA's) and its aggregate PAD of an emotional
/// state (Popescu, Broekens &amp; van Someren 2014).
/// </summary>
public static class GamygdalaPad
{
    /// <summary>The scale of the aggregate: 0.1 · log2(Σ 2^(10 · PAD · I)).</summary>
    public const double AggregateScale = 10;

    private static readonly EmotionType[] TypeList =
    [
        EmotionType.Joy, EmotionType.Distress, EmotionType.Hope, EmotionType.Fear, EmotionType.Satisfaction,
        EmotionType.FearsConfirmed, EmotionType.Disappointment, EmotionType.Relief, EmotionType.HappyFor,
        EmotionType.Resentment, EmotionType.Pity, EmotionType.Gloating, EmotionType.Gratitude, EmotionType.Anger,
        EmotionType.Gratification, EmotionType.Remorse,
    ];

    private static readonly float[] Pad =
    [
        0.76f, 0.48f, 0.35f,    // joy
        -0.61f, 0.28f, -0.36f,  // distress
        0.51f, 0.23f, 0.14f,    // hope
        -0.64f, 0.60f, -0.43f,  // fear
        0.87f, 0.20f, 0.62f,    // satisfaction
        -0.61f, 0.06f, -0.32f,  // fears-confirmed
        -0.61f, -0.15f, -0.29f, // disappointment
        0.29f, -0.19f, -0.28f,  // relief
        0.64f, 0.35f, 0.25f,    // happy-for
        -0.35f, 0.35f, 0.29f,   // resentment
        -0.52f, 0.02f, -0.21f,  // pity
        -0.45f, 0.48f, 0.42f,   // gloating
        0.64f, 0.16f, -0.21f,   // gratitude
        -0.51f, 0.59f, 0.25f,   // anger
        0.69f, 0.57f, 0.63f,    // gratification
        -0.57f, 0.28f, -0.34f,  // remorse
    ];

    /// <summary>The 16 types GAMYGDALA produces, in table order.</summary>
    public static ReadOnlySpan<EmotionType> Types => TypeList;

    /// <summary>(P, A, D) per entry of <see cref="Types"/>.</summary>
    public static ReadOnlySpan<float> Table => Pad;

    /// <summary>The PAD point of a type, or false when GAMYGDALA does not produce it.</summary>
    public static bool TryGet(EmotionType type, out float p, out float a, out float d)
    {
        for (var i = 0; i < TypeList.Length; i++)
        {
            if (TypeList[i] == type)
            {
                p = Pad[3 * i];
                a = Pad[(3 * i) + 1];
                d = Pad[(3 * i) + 2];
                return true;
            }
        }

        p = a = d = 0f;
        return false;
    }

    /// <summary>
    /// The aggregate PAD of an emotional state (one intensity per <see cref="EmotionType"/>, in field
    /// order): per axis 0.1 · log2(Σ 2^(10 · PAD_e · I_e)) over the active GAMYGDALA emotions,
    /// clamped to [-1, 1]; (0, 0, 0) when none is active.
    /// </summary>
    public static (float P, float A, float D) Aggregate(ReadOnlySpan<float> intensities)
    {
        double sp = 0, sa = 0, sd = 0;
        var any = false;
        for (var i = 0; i < TypeList.Length; i++)
        {
            var t = (int)TypeList[i];
            if (t >= intensities.Length)
            {
                continue;
            }

            var x = intensities[t];
            if (!(x > 0f))
            {
                continue;
            }

            any = true;
            sp += Math.Pow(2, AggregateScale * Pad[3 * i] * x);
            sa += Math.Pow(2, AggregateScale * Pad[(3 * i) + 1] * x);
            sd += Math.Pow(2, AggregateScale * Pad[(3 * i) + 2] * x);
        }

        if (!any)
        {
            return (0f, 0f, 0f);
        }

        return (Axis(sp), Axis(sa), Axis(sd));

        static float Axis(double sum) => (float)Math.Max(-1.0, Math.Min(1.0, Math.Log(sum, 2) / AggregateScale));
    }
}
