using System;

namespace AffectEngine.Perception.Voice.Features;

/// <summary>One speech segment's reading: its prosody, the affect it maps to and how sure that is.</summary>
/// <param name="Prosody">The segment's eGeMAPS-style functionals.</param>
/// <param name="Valence">Valence in [-1, 1] (kept within ±<see cref="VocalAffect.ValenceLimit"/>: the voice carries little valence).</param>
/// <param name="Arousal">Arousal in [-1, 1].</param>
/// <param name="Dominance">Dominance in [-1, 1].</param>
/// <param name="Confidence">Confidence in [0, 1].</param>
/// <param name="Calibrating">True while the speaker's baseline holds less than <see cref="SpeakerBaseline.SettledSeconds"/> of speech.</param>
/// <param name="Detector">The voice activity detector used: "silero" or "energy".</param>
public sealed record VoiceReading(Prosody Prosody, float Valence, float Arousal, float Dominance, float Confidence, bool Calibrating, string Detector);

/// <summary>
/// The speaker's own running norm for each cue: exponentially weighted mean and variance over speech
/// segments, weighted by segment length with a time constant of <see cref="TimeConstantSeconds"/> of
/// speech. Vocal cues of emotion are deviations from a speaker's habitual voice, not absolute values
/// (Scherer 2003; Juslin &amp; Laukka 2003 code cues as higher or lower than the
/// speaker's neutral voice), and recording gain makes absolute level meaningless anyway.
/// </summary>
public sealed class SpeakerBaseline
{
    /// <summary>
    /// Speech seconds over which older segments fade to 1/e: two minutes, long enough that one
    /// emotional episode does not become the norm, short enough to follow a speaker who warms up.
    /// </summary>
    public const double TimeConstantSeconds = 120;

    /// <summary>Speech seconds after which the baseline counts as settled (confidence no longer reduced).</summary>
    public const double SettledSeconds = 15;

    private readonly Cue[] _cues = new Cue[VocalAffect.CueCount];

    /// <summary>Seconds of speech seen.</summary>
    public double Seconds { get; private set; }

    /// <summary>How far (in floored standard deviations) cue <paramref name="index"/>'s value lies from the speaker's norm; 0 before any data.</summary>
    internal float Z(int index, float value, float floor)
    {
        var c = _cues[index];
        if (!float.IsFinite(value) || c.Weight <= 0)
        {
            return 0f;
        }

        var sd = Math.Sqrt(Math.Max(c.Variance, floor * floor));
        return (float)Math.Clamp((value - c.Mean) / sd, -4, 4);
    }

    /// <summary>Adds a segment of <paramref name="seconds"/> of speech with the given cue values (NaN: cue absent).</summary>
    internal void Update(ReadOnlySpan<float> values, double seconds)
    {
        var alpha = 1 - Math.Exp(-seconds / TimeConstantSeconds);
        for (var i = 0; i < _cues.Length; i++)
        {
            var v = values[i];
            if (!float.IsFinite(v))
            {
                continue;
            }

            ref var c = ref _cues[i];
            if (c.Weight <= 0)
            {
                c = new Cue { Mean = v, Variance = 0, Weight = seconds };
                continue;
            }

            // West (1979)'s weighted incremental update with exponential forgetting; the first segments
            // weigh by their share of the speech so far, so the norm settles quickly.
            var a = Math.Max(alpha, seconds / (c.Weight + seconds));
            var d = v - c.Mean;
            c.Mean += a * d;
            c.Variance = (1 - a) * (c.Variance + a * d * d);
            c.Weight += seconds;
        }

        Seconds += seconds;
    }

    private struct Cue
    {
        public double Mean;
        public double Variance;
        public double Weight;
    }
}

/// <summary>
/// Maps a segment's prosody to valence, arousal and dominance against the speaker's baseline, with a
/// confidence. Directions come from the reviews of vocal affect: the cue summaries of Juslin &amp; Laukka (2003)
/// and Scherer (2003) agree that high-arousal states (anger, fear, joy) raise F0 mean,
/// F0 variability, intensity, speech rate and high-frequency energy, and low-arousal states (sadness,
/// tenderness) lower them all; these five cues are the most consistent evidence the voice gives.
/// Valence is poorly carried by the voice (both reviews):
/// the positive states differ from the negative ones of the same arousal mainly in a less tense
/// voice (lower high-frequency energy, less perturbation, more harmonic) and wider pitch movement.
/// Dominance follows the frequency code (Ohala 1984): a lower pitch and a louder voice signal
/// power, as anger and contempt show in both reviews.
/// </summary>
public static class VocalAffect
{
    internal const int F0 = 0, F0Range = 1, Level = 2, Rate = 3, Alpha = 4, Hnr = 5, Jitter = 6, Shimmer = 7;

    internal const int CueCount = 8;

    /// <summary>
    /// Smallest spread assumed for each cue (so one quiet start does not make every change huge):
    /// F0 1.5 semitones, about the smallest pitch difference listeners use in speech ('t Hart 1981);
    /// F0 range 1 semitone; level 2 dB, about twice the intensity difference limen (Moore 2012);
    /// rate 0.5 syllables/s, alpha ratio 1.5 dB, HNR 1.5 dB, jitter 0.5 percentage points and shimmer
    /// 0.3 dB are this engine's design values (no review tabulates within-speaker spreads), checked on
    /// the generated test voices.
    /// </summary>
    internal static readonly float[] Floors = { 1.5f, 1f, 2f, 0.5f, 1.5f, 1.5f, 0.005f, 0.3f };

    /// <summary>
    /// Arousal weights for F0 mean, F0 range, level, rate and alpha ratio: the reviews give directions,
    /// not comparable effect sizes, so the five cues count alike except pitch range and spectral
    /// balance, which Juslin &amp; Laukka (2003) list with more exceptions (fear's narrow range;
    /// joy's mixed high-frequency energy), at half weight.
    /// </summary>
    internal static readonly float[] ArousalWeights = { 1f, 0.5f, 1f, 1f, 0.5f };

    /// <summary>The output gain: a segment whose cues all sit one spread above the norm reads arousal tanh(0.8) ≈ 0.66.</summary>
    public const float Gain = 0.8f;

    /// <summary>The largest valence the voice may claim (valence is its weakest dimension; see the class remarks).</summary>
    public const float ValenceLimit = 0.5f;

    /// <summary>Below this confidence a reading is flagged low-confidence.</summary>
    public const float LowConfidence = 0.3f;

    /// <summary>Maps <paramref name="p"/> against <paramref name="baseline"/> and then adds it to the baseline.</summary>
    public static VoiceReading Read(Prosody p, SpeakerBaseline baseline, string detector)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(baseline);
        Span<float> cues = stackalloc float[CueCount];
        cues[F0] = p.F0MeanSemitones;
        cues[F0Range] = p.F0RangeSemitones;
        cues[Level] = p.EnergyDb;
        cues[Rate] = p.RatePerSecond;
        cues[Alpha] = p.AlphaRatio;
        cues[Hnr] = p.HnrDb;
        cues[Jitter] = p.Jitter;
        cues[Shimmer] = p.ShimmerDb;
        Span<float> z = stackalloc float[CueCount];
        for (var i = 0; i < CueCount; i++)
        {
            z[i] = baseline.Z(i, cues[i], Floors[i]);
        }

        float sum = 0, weights = 0;
        for (var i = 0; i < ArousalWeights.Length; i++)
        {
            sum += ArousalWeights[i] * z[i];
            weights += ArousalWeights[i];
        }

        var arousal = MathF.Tanh(Gain * sum / weights);

        // Positive vs negative at equal arousal: wider pitch movement, more harmonic and less perturbed,
        // less high-frequency (tense) energy.
        var valence = ValenceLimit * MathF.Tanh(Gain * (0.5f * z[F0Range] + 0.5f * z[Hnr] - 0.5f * z[Jitter] - 0.5f * z[Shimmer] - 0.5f * z[Alpha]) / 2.5f);

        // Frequency code: louder and lower is more dominant; a faster rate adds a little.
        var dominance = MathF.Tanh(Gain * (1f * z[Level] - 1f * z[F0] + 0.5f * z[Rate]) / 2.5f);

        var calibrating = baseline.Seconds < SpeakerBaseline.SettledSeconds;
        var confidence = Confidence(p, baseline.Seconds);
        baseline.Update(cues, p.Seconds);
        return new VoiceReading(p, valence, arousal, dominance, confidence, calibrating, detector);
    }

    /// <summary>
    /// The product of: the detector's mean speech probability; an SNR factor (0 at
    /// <see cref="SnrZeroDb"/>, 1 from <see cref="SnrFullDb"/>: below ~3 dB SNR F0 and spectral
    /// cues are unreliable, above ~20 dB they are clean); the voiced share (prosody needs pitch);
    /// a length factor reaching 1 at one second of speech; and a baseline factor rising from 0.3 to 1
    /// as the speaker's norm settles (a norm from a few seconds is a guess).
    /// </summary>
    internal static float Confidence(Prosody p, double baselineSeconds)
    {
        var snr = Math.Clamp((p.SnrDb - SnrZeroDb) / (SnrFullDb - SnrZeroDb), 0f, 1f);
        var voiced = Math.Clamp(p.VoicedFraction / 0.5f, 0f, 1f);
        var length = (float)Math.Clamp(p.Seconds, 0, 1);
        var settled = 0.3f + 0.7f * (float)Math.Clamp(baselineSeconds / SpeakerBaseline.SettledSeconds, 0, 1);
        return Math.Clamp(p.VadMean * snr * voiced * length * settled, 0f, 1f);
    }

    /// <summary>SNR (dB) at which confidence reaches 0.</summary>
    public const float SnrZeroDb = 3f;

    /// <summary>SNR (dB) from which the SNR factor is 1.</summary>
    public const float SnrFullDb = 20f;
}
