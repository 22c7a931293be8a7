using System;
using System.Collections.Generic;

namespace AffectEngine.Affect;

/// <summary>
/// How raw appraisal impulses become emotion intensities: personality gain, mood influence and
/// per-type thresholds. Each rule's source is in docs/models.md; the defaults are those of the
/// OCC model. <see cref="Neutral"/> turns every rule off (used for models reproduced as published).
/// </summary>
public sealed class AppraisalSettings
{
    /// <summary>FAtiMA's lowest emotion threshold, 1 on its 0–10 scale (Dias &amp; Paiva 2005).</summary>
    public const float FatimaThreshold = 0.1f;

    /// <summary>FAtiMA's MoodInfluenceOnEmotion (Dias &amp; Paiva 2005; FAtiMA EmotionalParameters).</summary>
    public const float FatimaMoodInfluence = 0.3f;

    /// <summary>FAtiMA's MinimumMoodValue, 0.5 on its [-10, 10] mood scale: weaker moods do not influence emotions.</summary>
    public const float FatimaMinimumMood = 0.05f;

    /// <summary>The project's gain of extraversion on positive and neuroticism on negative impulses (direction: Larsen &amp; Ketelaar 1991).</summary>
    public const float DefaultTraitGain = 0.5f;

    /// <summary>Citation of the threshold and mood rules.</summary>
    public const string FatimaCitation = "Dias, J., & Paiva, A. (2005). Feeling and Reasoning: A Computational Model for Emotional Characters. EPIA 2005, LNAI 3808, 127-140 (FAtiMA: intensity = potential - threshold; potential +/- 0.3 x mood by valence).";

    /// <summary>Citation of the personality gain rule.</summary>
    public const string TraitCitation = "Larsen, R. J., & Ketelaar, T. (1991). Personality and susceptibility to positive and negative emotional states. Journal of Personality and Social Psychology 61(1), 132-140 (extraversion: positive reactivity; neuroticism: negative reactivity). Magnitude: project's choice.";

    private static readonly bool[] Positive = BuildPositive();
    private readonly float[] _threshold = new float[Emotions.Count];

    /// <summary>The OCC model's defaults.</summary>
    public AppraisalSettings()
    {
        for (var i = 0; i < _threshold.Length; i++)
        {
            _threshold[i] = FatimaThreshold;
        }
    }

    /// <summary>Settings with no threshold and no modulation: impulses enter as the model wrote them.</summary>
    public static AppraisalSettings Neutral()
    {
        var s = new AppraisalSettings
        {
            MoodInfluence = 0f,
            ExtraversionGain = 0f,
            NeuroticismGain = 0f,
        };
        for (var i = 0; i < Emotions.Count; i++)
        {
            s._threshold[i] = 0f;
        }

        return s;
    }

    /// <summary>Mood influence on an impulse's potential: + k·P for positive types, − k·P for negative ones.</summary>
    public float MoodInfluence { get; set; } = FatimaMoodInfluence;

    /// <summary>Moods with |P| below this do not influence emotions.</summary>
    public float MinimumMood { get; set; } = FatimaMinimumMood;

    /// <summary>Positive impulses are multiplied by 1 + k·E.</summary>
    public float ExtraversionGain { get; set; } = DefaultTraitGain;

    /// <summary>Negative impulses are multiplied by 1 + k·N.</summary>
    public float NeuroticismGain { get; set; } = DefaultTraitGain;

    /// <summary>The threshold of a type: an impulse's potential must exceed it; the intensity is potential − threshold.</summary>
    public float Threshold(EmotionType type) => _threshold[(int)type];

    /// <summary>Sets a type's threshold in [0, 1).</summary>
    public AppraisalSettings SetThreshold(EmotionType type, float threshold)
    {
        if (!(threshold >= 0f && threshold < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"threshold of '{type.Name()}' must be in [0, 1); got {threshold}.");
        }

        _threshold[(int)type] = threshold;
        return this;
    }

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        p.Range(MoodInfluence, 0f, 1f, nameof(MoodInfluence));
        p.Range(MinimumMood, 0f, 1f, nameof(MinimumMood));
        p.Range(ExtraversionGain, 0f, 1f, nameof(ExtraversionGain));
        p.Range(NeuroticismGain, 0f, 1f, nameof(NeuroticismGain));
        return p.List;
    }

    /// <summary>A copy.</summary>
    public AppraisalSettings Clone()
    {
        var c = (AppraisalSettings)MemberwiseClone();
        Array.Copy(_threshold, c._threshold, _threshold.Length);
        return c;
    }

    /// <summary>True for positive-valence types: those with positive pleasure in ALMA's table (OCC's positive emotions).</summary>
    public static bool IsPositive(EmotionType type) => Positive[(int)type];

    private static bool[] BuildPositive()
    {
        var positive = new bool[Emotions.Count];
        for (var e = 0; e < positive.Length; e++)
        {
            positive[e] = AlmaTables.OccToPad((EmotionType)e).P > 0f;
        }

        return positive;
    }

    /// <summary>
    /// The intensity an impulse <paramref name="impulse"/> adds for an agent with extraversion
    /// <paramref name="e"/>, neuroticism <paramref name="n"/> and mood pleasure <paramref name="moodP"/>;
    /// 0 when it does not pass the threshold.
    /// </summary>
    public float Modulate(EmotionType type, float impulse, float e, float n, float moodP)
    {
        var positive = IsPositive(type);
        var x = impulse * (1f + (positive ? ExtraversionGain * e : NeuroticismGain * n));
        x = Math.Max(0f, Math.Min(1f, x));
        if (Math.Abs(moodP) >= MinimumMood)
        {
            x += (positive ? MoodInfluence : -MoodInfluence) * moodP;
        }

        var t = _threshold[(int)type];
        return x > t ? Math.Min(1f, x - t) : 0f;
    }
}
