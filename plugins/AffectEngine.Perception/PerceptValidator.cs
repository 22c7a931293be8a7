using System;

namespace AffectEngine.Perception;

/// <summary>
/// Checks a raw percept before it may reach fusion. Anything non-finite, outside its physical range
/// or malformed is refused with a reason that is counted per source (the reasons are listed in
/// docs/perception.md). Tiny excursions from rounding are clamped, not refused.
/// </summary>
internal static class PerceptValidator
{
    public const string NotANumber = "nan";
    public const string OutOfRange = "out-of-range";
    public const string Shape = "shape";
    public const string NoPerson = "no-person";

    // Physiological plausibility bounds: skin conductance of the E4 sensor spans 0.01–100 µS; heart
    // rate outside 20–250 bpm and inter-beat intervals outside 0.24–3 s are artifacts.
    public const float MaxEda = 100f;
    public const float MinHeartRate = 20f;
    public const float MaxHeartRate = 250f;
    public const float MinIbi = 0.24f;
    public const float MaxIbi = 3f;
    private const float Tolerance = 1e-3f;

    public static string? Check(in Percept p)
    {
        if (string.IsNullOrEmpty(p.Person))
        {
            return NoPerson;
        }

        if (!IsFinite(p.SourceTime) || !IsFinite(p.Confidence))
        {
            return NotANumber;
        }

        if (p.Confidence < 0 || p.Confidence > 1 + Tolerance)
        {
            return OutOfRange;
        }

        var probs = p.ClassProbabilities.Span;
        if (!probs.IsEmpty)
        {
            if (p.Labels is null || probs.Length != p.Labels.Count)
            {
                return Shape;
            }

            foreach (var v in probs)
            {
                if (!IsFinite(v))
                {
                    return NotANumber;
                }

                if (v < -Tolerance || v > 1 + Tolerance)
                {
                    return OutOfRange;
                }
            }
        }

        if (p.Affect is { } va)
        {
            if (!IsFinite(va.Valence) || !IsFinite(va.Arousal))
            {
                return NotANumber;
            }

            if (Math.Abs(va.Valence) > 1 + Tolerance || Math.Abs(va.Arousal) > 1 + Tolerance)
            {
                return OutOfRange;
            }
        }

        if (p.Dominance is { } dom)
        {
            if (!IsFinite(dom))
            {
                return NotANumber;
            }

            if (Math.Abs(dom) > 1 + Tolerance)
            {
                return OutOfRange;
            }
        }

        var aus = p.ActionUnitIntensities.Span;
        if (!aus.IsEmpty)
        {
            if (aus.Length != ActionUnits.Count)
            {
                return Shape;
            }

            foreach (var v in aus)
            {
                if (!IsFinite(v))
                {
                    return NotANumber;
                }

                if (v < -Tolerance || v > ActionUnits.MaxIntensity + Tolerance)
                {
                    return OutOfRange;
                }
            }
        }

        if (p.Physiology is { } s)
        {
            if (!IsFinite(s.Value))
            {
                return NotANumber;
            }

            var ok = s.Signal switch
            {
                PhysiologySignal.Eda => s.Value >= 0 && s.Value <= MaxEda,
                PhysiologySignal.HeartRate => s.Value >= MinHeartRate && s.Value <= MaxHeartRate,
                PhysiologySignal.InterBeatInterval => s.Value >= MinIbi && s.Value <= MaxIbi,
                _ => false,
            };
            if (!ok)
            {
                return OutOfRange;
            }
        }

        return null;
    }

    public static float Clamp01(float v) => v < 0 ? 0 : v > 1 ? 1 : v;

    public static float ClampUnit(float v) => v < -1 ? -1 : v > 1 ? 1 : v;

    private static bool IsFinite(double v) => !double.IsNaN(v) && !double.IsInfinity(v);
}
