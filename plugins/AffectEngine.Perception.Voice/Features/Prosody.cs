using System;
using System.Collections.Generic;

namespace AffectEngine.Perception.Voice.Features;

/// <summary>
/// eGeMAPS-style functionals of one speech segment (Eyben et al. 2016, "The Geneva Minimalistic
/// Acoustic Parameter Set (GeMAPS) for Voice Research and Affective Computing", IEEE TAC 7(2)).
/// F0 is in semitones from 27.5 Hz as in eGeMAPS; NaN marks a functional the segment gives no data for.
/// </summary>
public sealed record Prosody
{
    /// <summary>Segment start, seconds from the stream start.</summary>
    public double Start { get; init; }

    /// <summary>Segment end, seconds from the stream start.</summary>
    public double End { get; init; }

    /// <summary>Seconds of speech in the segment.</summary>
    public double Seconds => End - Start;

    /// <summary>Mean speech probability of the segment's frames.</summary>
    public float VadMean { get; init; }

    /// <summary>Share of frames with a pitch (eGeMAPS's voiced-segment statistics are over these).</summary>
    public float VoicedFraction { get; init; }

    /// <summary>F0 mean, semitones re 27.5 Hz (eGeMAPS F0semitoneFrom27.5Hz_sma3nz_amean).</summary>
    public float F0MeanSemitones { get; init; } = float.NaN;

    /// <summary>F0 range: 80th minus 20th percentile, semitones (eGeMAPS pctlrange0-2).</summary>
    public float F0RangeSemitones { get; init; } = float.NaN;

    /// <summary>Mean loudness over all frames (eGeMAPS loudness_sma3_amean).</summary>
    public float LoudnessMean { get; init; }

    /// <summary>Mean level of voiced frames, dBFS.</summary>
    public float EnergyDb { get; init; }

    /// <summary>Loudness peaks per second (eGeMAPS loudnessPeaksPerSec), a syllable-rate proxy (de Jong &amp; Wempe 2009).</summary>
    public float RatePerSecond { get; init; }

    /// <summary>Local jitter: mean absolute difference of consecutive periods over the mean period (eGeMAPS jitterLocal).</summary>
    public float Jitter { get; init; } = float.NaN;

    /// <summary>Local shimmer: mean absolute dB difference of consecutive period amplitudes (eGeMAPS shimmerLocaldB).</summary>
    public float ShimmerDb { get; init; } = float.NaN;

    /// <summary>Mean harmonics-to-noise ratio of voiced frames, dB (eGeMAPS HNRdBACF).</summary>
    public float HnrDb { get; init; } = float.NaN;

    /// <summary>Mean alpha ratio of voiced frames, dB.</summary>
    public float AlphaRatio { get; init; }

    /// <summary>Mean Hammarberg index of voiced frames, dB.</summary>
    public float Hammarberg { get; init; }

    /// <summary>Mean spectral centroid, Hz.</summary>
    public float Centroid { get; init; }

    /// <summary>Mean spectral flatness.</summary>
    public float Flatness { get; init; }

    /// <summary>Segment speech level over the tracked noise floor, dB.</summary>
    public float SnrDb { get; init; }

    /// <summary>Computes the functionals of <paramref name="frames"/> (the segment's, in order).</summary>
    internal static Prosody From(IReadOnlyList<FrameFeatures> frames, double start, double end, float noiseFloorDb)
    {
        var n = frames.Count;
        var f0 = new List<float>(n);
        double vad = 0, loud = 0, energy = 0, hnr = 0, alpha = 0, hamm = 0, centroid = 0, flat = 0;
        var voiced = 0;
        double jitterSum = 0, periodSum = 0, shimmerSum = 0;
        int jitterPairs = 0, shimmerPairs = 0;
        for (var i = 0; i < n; i++)
        {
            var f = frames[i];
            vad += f.Vad;
            loud += f.Loudness;
            centroid += f.Centroid;
            flat += f.Flatness;
            if (!f.Voiced)
            {
                continue;
            }

            voiced++;
            f0.Add((float)(12 * Math.Log2(f.F0 / 27.5)));
            energy += f.EnergyDb;
            hnr += f.HnrDb;
            alpha += f.AlphaRatio;
            hamm += f.Hammarberg;
            periodSum += 1.0 / f.F0;
            if (i > 0 && frames[i - 1].Voiced)
            {
                var p = frames[i - 1];

                // Octave jumps are tracking errors, not perturbation; eGeMAPS drops them the same way.
                var ratio = f.F0 / p.F0;
                if (ratio is > 0.8f and < 1.25f)
                {
                    jitterSum += Math.Abs(1.0 / f.F0 - 1.0 / p.F0);
                    jitterPairs++;
                    if (f.PeriodAmplitude > 0 && p.PeriodAmplitude > 0)
                    {
                        shimmerSum += Math.Abs(20 * Math.Log10(f.PeriodAmplitude / p.PeriodAmplitude));
                        shimmerPairs++;
                    }
                }
            }
        }

        var result = new Prosody
        {
            Start = start,
            End = end,
            VadMean = n == 0 ? 0 : (float)(vad / n),
            VoicedFraction = n == 0 ? 0 : voiced / (float)n,
            LoudnessMean = n == 0 ? 0 : (float)(loud / n),
            Centroid = n == 0 ? 0 : (float)(centroid / n),
            Flatness = n == 0 ? 0 : (float)(flat / n),
            RatePerSecond = (float)(LoudnessPeaks(frames) / Math.Max(end - start, 1e-3)),
        };
        if (voiced == 0)
        {
            return result with { EnergyDb = MeanEnergy(frames), SnrDb = MeanEnergy(frames) - noiseFloorDb };
        }

        f0.Sort();
        var energyDb = (float)(energy / voiced);
        return result with
        {
            F0MeanSemitones = Mean(f0),
            F0RangeSemitones = Percentile(f0, 0.8) - Percentile(f0, 0.2),
            EnergyDb = energyDb,
            HnrDb = (float)(hnr / voiced),
            AlphaRatio = (float)(alpha / voiced),
            Hammarberg = (float)(hamm / voiced),
            Jitter = jitterPairs == 0 ? float.NaN : (float)(jitterSum / jitterPairs / (periodSum / voiced)),
            ShimmerDb = shimmerPairs == 0 ? float.NaN : (float)(shimmerSum / shimmerPairs),
            SnrDb = energyDb - noiseFloorDb,
        };
    }

    /// <summary>
    /// Syllable nuclei: peaks of the 3-frame-smoothed level that rise at least
    /// <see cref="PeakDipDb"/> over the dips on both sides and lie within <see cref="PeakFloorDb"/>
    /// of the segment's loudest frame (de Jong &amp; Wempe 2009 use the same two criteria).
    /// </summary>
    private static int LoudnessPeaks(IReadOnlyList<FrameFeatures> frames)
    {
        var n = frames.Count;
        if (n < 3)
        {
            return 0;
        }

        var s = new float[n];
        var max = float.MinValue;
        for (var i = 0; i < n; i++)
        {
            s[i] = (frames[Math.Max(i - 1, 0)].EnergyDb + frames[i].EnergyDb + frames[Math.Min(i + 1, n - 1)].EnergyDb) / 3f;
            max = Math.Max(max, s[i]);
        }

        var peaks = 0;
        var dip = s[0];
        var candidate = float.NaN;
        for (var i = 1; i < n; i++)
        {
            if (float.IsNaN(candidate))
            {
                dip = Math.Min(dip, s[i]);
                if (s[i] - dip >= PeakDipDb && s[i] >= max - PeakFloorDb)
                {
                    candidate = s[i];
                }
            }
            else if (s[i] > candidate)
            {
                candidate = s[i];
            }
            else if (candidate - s[i] >= PeakDipDb)
            {
                peaks++;
                candidate = float.NaN;
                dip = s[i];
            }
        }

        return float.IsNaN(candidate) ? peaks : peaks + 1;
    }

    /// <summary>de Jong &amp; Wempe (2009): a syllable peak stands at least 2 dB above the surrounding dips.</summary>
    internal const float PeakDipDb = 2f;

    /// <summary>de Jong &amp; Wempe (2009) ignore peaks more than 25 dB below the utterance's loudest.</summary>
    internal const float PeakFloorDb = 25f;

    private static float MeanEnergy(IReadOnlyList<FrameFeatures> frames)
    {
        double e = 0;
        foreach (var f in frames)
        {
            e += f.EnergyDb;
        }

        return frames.Count == 0 ? -100f : (float)(e / frames.Count);
    }

    private static float Mean(List<float> v)
    {
        double s = 0;
        foreach (var x in v)
        {
            s += x;
        }

        return (float)(s / v.Count);
    }

    private static float Percentile(List<float> sorted, double q)
    {
        var pos = q * (sorted.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return (float)(sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo));
    }
}
