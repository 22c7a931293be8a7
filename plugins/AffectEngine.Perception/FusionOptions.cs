using System;

namespace AffectEngine.Perception;

/// <summary>
/// Constants of the fusion (docs/perception.md explains each). Immutable; change with <c>with</c>.
/// Times are in simulated seconds (tick time), never wall-clock time.
/// </summary>
public sealed record FusionOptions
{
    /// <summary>The defaults.</summary>
    public static FusionOptions Default { get; } = new();

    /// <summary>Time-to-live of face evidence: at 30 fps a face missing for 0.5 s is lost, not neutral.</summary>
    public double FaceTtlSeconds { get; init; } = 0.5;

    /// <summary>Time-to-live of voice evidence: voice recognizers label whole utterances (seconds).</summary>
    public double VoiceTtlSeconds { get; init; } = 3.0;

    /// <summary>Time-to-live of physiology: EDA responses rise and recover over several seconds (Boucsein 2012).</summary>
    public double PhysiologyTtlSeconds { get; init; } = 10.0;

    /// <summary>Time-to-live of text sentiment (one message stands until the next).</summary>
    public double TextTtlSeconds { get; init; } = 10.0;

    /// <summary>Time-to-live of body evidence: posture and movement features describe windows of about a second.</summary>
    public double BodyTtlSeconds { get; init; } = 1.0;

    /// <summary>Time-to-live of other sources.</summary>
    public double OtherTtlSeconds { get; init; } = 2.0;

    /// <summary>Default reliability of face sources (the best-validated channel for categories).</summary>
    public float FaceReliability { get; init; } = 1.0f;

    /// <summary>Default reliability of voice sources.</summary>
    public float VoiceReliability { get; init; } = 0.7f;

    /// <summary>Default reliability of physiology (arousal only; not specific to an emotion).</summary>
    public float PhysiologyReliability { get; init; } = 0.6f;

    /// <summary>Default reliability of text sources.</summary>
    public float TextReliability { get; init; } = 0.5f;

    /// <summary>
    /// Default reliability of body posture and movement: good for arousal, weak for valence
    /// (Kleinsmith &amp; Bianchi-Berthouze 2013 review recognition well above chance but below the face).
    /// </summary>
    public float BodyReliability { get; init; } = 0.5f;

    /// <summary>Default reliability of other sources.</summary>
    public float OtherReliability { get; init; } = 0.8f;

    /// <summary>Confidence a category needs to be entered (hysteresis upper threshold).</summary>
    public float EnterConfidence { get; init; } = 0.30f;

    /// <summary>Confidence below which the held category is dropped to Uncertain (hysteresis lower threshold).</summary>
    public float ExitConfidence { get; init; } = 0.15f;

    /// <summary>How much a challenger's confidence must exceed the held category's to replace it.</summary>
    public float SwitchMargin { get; init; } = 0.10f;

    /// <summary>Minimum time a category is held before another may replace it (not before Uncertain).</summary>
    public double MinDwellSeconds { get; init; } = 0.5;

    /// <summary>One-Euro minimum cutoff in Hz (Casiez, Roussel &amp; Vogel 2012 suggest starting at 1 Hz).</summary>
    public double OneEuroMinCutoff { get; init; } = 1.0;

    /// <summary>One-Euro speed coefficient β (tuned so a step in valence is followed within ~0.3 s).</summary>
    public double OneEuroBeta { get; init; } = 0.5;

    /// <summary>One-Euro derivative cutoff in Hz (1 Hz, as in Casiez et al. 2012).</summary>
    public double OneEuroDerivativeCutoff { get; init; } = 1.0;

    /// <summary>Seconds of physiology collected per person (after settling) before it contributes.</summary>
    public double BaselineSeconds { get; init; } = 30.0;

    /// <summary>
    /// Seconds at the start of each physiological signal that are discarded while the sensor settles:
    /// dry wrist electrodes need minutes to hydrate before skin conductance is stable (Boucsein 2012,
    /// ch. 2.2, advises waiting after electrode attachment), and a wearer's heart rate comes down from
    /// arriving. 300 s; set 0 for sources that start already settled.
    /// </summary>
    public double PhysiologySettleSeconds { get; init; } = 300.0;

    /// <summary>
    /// Length of the sliding window the robust baseline (median, MAD) is taken over: 600 s, long
    /// enough that a response lasting minutes is still read as one, short enough to follow tonic drift.
    /// </summary>
    public double BaselineWindowSeconds { get; init; } = 600.0;

    /// <summary>
    /// Factor on the confidence of a physiological sample taken during movement (accelerometer):
    /// motion raises heart rate and causes EDA artefacts (Kleckner et al. 2018, IEEE TBME 65(7)).
    /// </summary>
    public float MotionDiscount { get; init; } = 0.25f;

    /// <summary>Smallest EDA standard deviation used to standardize (µS), so a flat baseline does not explode z.</summary>
    public float EdaMinStdDev { get; init; } = 0.05f;

    /// <summary>Smallest heart-rate standard deviation used to standardize (bpm).</summary>
    public float HeartRateMinStdDev { get; init; } = 2f;

    /// <summary>Weight of heart rate relative to EDA in the arousal estimate (HR also tracks movement, not only stress).</summary>
    public float HeartRateWeight { get; init; } = 0.5f;

    /// <summary>
    /// Delay of physiological evidence behind the state it reflects: a skin-conductance response starts
    /// 1–3 s after its stimulus (Boucsein 2012, ch. 2.3), so physiology counts as that much older.
    /// </summary>
    public double PhysiologyLatencySeconds { get; init; } = 2.0;

    /// <summary>
    /// Delay of voice evidence: a recognizer labels an utterance once it has heard it, about one
    /// second of speech (Juslin &amp; Laukka 2003 analyse utterance-level cues).
    /// </summary>
    public double VoiceLatencySeconds { get; init; } = 1.0;

    /// <summary>
    /// Time constant (s) of the running average of the category vote. The category is decided on the
    /// average, so a single first frame cannot set a label that hysteresis then holds for a whole clip.
    /// </summary>
    public double CategoryTimeConstantSeconds { get; init; } = 0.2;

    /// <summary>
    /// Evidence weight (Σ reliability × confidence × freshness) at which valence, arousal and dominance
    /// are given at full size; below it they shrink toward 0 in proportion, so a percept of confidence
    /// 0.05 moves the estimate only a little (shrinkage toward the neutral prior).
    /// </summary>
    public float FullEvidenceWeight { get; init; } = 0.5f;

    /// <summary>Calibrated confidence below which the fusion abstains (<see cref="PerceptQuality.Abstained"/>).</summary>
    public float AbstainConfidence { get; init; } = 0.25f;

    /// <summary>Cross-modal disagreement (0 = all modalities agree, 1 = opposite corners) above which the fusion abstains.</summary>
    public float AbstainDisagreement { get; init; } = 0.35f;

    /// <summary>Checks every field; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public void Validate()
    {
        Positive(FaceTtlSeconds, nameof(FaceTtlSeconds));
        Positive(VoiceTtlSeconds, nameof(VoiceTtlSeconds));
        Positive(PhysiologyTtlSeconds, nameof(PhysiologyTtlSeconds));
        Positive(TextTtlSeconds, nameof(TextTtlSeconds));
        Positive(OtherTtlSeconds, nameof(OtherTtlSeconds));
        Unit(FaceReliability, nameof(FaceReliability));
        Unit(VoiceReliability, nameof(VoiceReliability));
        Unit(PhysiologyReliability, nameof(PhysiologyReliability));
        Unit(TextReliability, nameof(TextReliability));
        Unit(OtherReliability, nameof(OtherReliability));
        Unit(EnterConfidence, nameof(EnterConfidence));
        Unit(ExitConfidence, nameof(ExitConfidence));
        Unit(SwitchMargin, nameof(SwitchMargin));
        Unit(HeartRateWeight, nameof(HeartRateWeight));
        Positive(BodyTtlSeconds, nameof(BodyTtlSeconds));
        Unit(BodyReliability, nameof(BodyReliability));
        NonNegative(PhysiologyLatencySeconds, nameof(PhysiologyLatencySeconds));
        NonNegative(VoiceLatencySeconds, nameof(VoiceLatencySeconds));
        Positive(CategoryTimeConstantSeconds, nameof(CategoryTimeConstantSeconds));
        Unit(FullEvidenceWeight, nameof(FullEvidenceWeight));
        Unit(AbstainConfidence, nameof(AbstainConfidence));
        Unit(AbstainDisagreement, nameof(AbstainDisagreement));
        if (FullEvidenceWeight <= 0)
        {
            throw new ArgumentException($"FusionOptions.{nameof(FullEvidenceWeight)} must be above 0.", nameof(FullEvidenceWeight));
        }
        if (ExitConfidence > EnterConfidence)
        {
            throw new ArgumentException($"{nameof(ExitConfidence)} ({ExitConfidence}) must not exceed {nameof(EnterConfidence)} ({EnterConfidence}): hysteresis needs exit <= enter.");
        }

        NonNegative(MinDwellSeconds, nameof(MinDwellSeconds));
        Positive(OneEuroMinCutoff, nameof(OneEuroMinCutoff));
        NonNegative(OneEuroBeta, nameof(OneEuroBeta));
        Positive(OneEuroDerivativeCutoff, nameof(OneEuroDerivativeCutoff));
        NonNegative(BaselineSeconds, nameof(BaselineSeconds));
        NonNegative(PhysiologySettleSeconds, nameof(PhysiologySettleSeconds));
        Positive(BaselineWindowSeconds, nameof(BaselineWindowSeconds));
        Unit(MotionDiscount, nameof(MotionDiscount));
        Positive(EdaMinStdDev, nameof(EdaMinStdDev));
        Positive(HeartRateMinStdDev, nameof(HeartRateMinStdDev));
    }

    /// <summary>The time-to-live of a modality.</summary>
    public double TtlOf(Modality modality) => modality switch
    {
        Modality.Face => FaceTtlSeconds,
        Modality.Voice => VoiceTtlSeconds,
        Modality.Physiology => PhysiologyTtlSeconds,
        Modality.Text => TextTtlSeconds,
        Modality.Body => BodyTtlSeconds,
        _ => OtherTtlSeconds,
    };

    /// <summary>How far behind the observed state a modality's evidence lags (0 for face and body).</summary>
    public double LatencyOf(Modality modality) => modality switch
    {
        Modality.Physiology => PhysiologyLatencySeconds,
        Modality.Voice => VoiceLatencySeconds,
        _ => 0,
    };

    /// <summary>The default reliability of a modality.</summary>
    public float ReliabilityOf(Modality modality) => modality switch
    {
        Modality.Face => FaceReliability,
        Modality.Voice => VoiceReliability,
        Modality.Physiology => PhysiologyReliability,
        Modality.Text => TextReliability,
        Modality.Body => BodyReliability,
        _ => OtherReliability,
    };

    private static void Positive(double v, string name)
    {
        if (!(v > 0) || double.IsInfinity(v))
        {
            throw new ArgumentException($"FusionOptions.{name} must be a positive finite number (was {v}).", name);
        }
    }

    private static void NonNegative(double v, string name)
    {
        if (!(v >= 0) || double.IsInfinity(v))
        {
            throw new ArgumentException($"FusionOptions.{name} must be a non-negative finite number (was {v}).", name);
        }
    }

    private static void Unit(float v, string name)
    {
        if (!(v >= 0f && v <= 1f))
        {
            throw new ArgumentException($"FusionOptions.{name} must be in [0, 1] (was {v}).", name);
        }
    }
}
