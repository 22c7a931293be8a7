using System;
using NWaves.Features;
using NWaves.Transforms;

namespace AffectEngine.Perception.Voice.Features;

/// <summary>
/// Low-level descriptors of one analysis frame (eGeMAPS's "LLDs", Eyben et al. 2016, section 3):
/// pitch, energy and loudness, voice quality (HNR, the period amplitude for shimmer) and spectral shape.
/// </summary>
internal struct FrameFeatures
{
    /// <summary>Seconds from the stream start to the frame's centre.</summary>
    public double Time;

    /// <summary>The voice activity detector's speech probability for the chunk holding the frame centre.</summary>
    public float Vad;

    /// <summary>RMS level in dBFS (Hann-windowed).</summary>
    public float EnergyDb;

    /// <summary>Zwicker-style loudness: the sum over Bark bands of band energy^0.23 (NWaves <c>Perceptual.Loudness</c>).</summary>
    public float Loudness;

    /// <summary>F0 in Hz from YIN (de Cheveigné &amp; Kawahara 2002); 0 when unvoiced.</summary>
    public float F0;

    /// <summary>Harmonics-to-noise ratio in dB from the normalised autocorrelation at the pitch period (Boersma 1993); NaN when unvoiced.</summary>
    public float HnrDb;

    /// <summary>Peak-to-peak amplitude of the pitch period at the frame centre (shimmer's amplitude); 0 when unvoiced.</summary>
    public float PeriodAmplitude;

    /// <summary>Spectral centroid in Hz.</summary>
    public float Centroid;

    /// <summary>Spectral flatness (Wiener entropy) in [0, 1].</summary>
    public float Flatness;

    /// <summary>Alpha ratio in dB: energy 1–5 kHz over 50 Hz–1 kHz (eGeMAPS; negative for most speech).</summary>
    public float AlphaRatio;

    /// <summary>Hammarberg index in dB: strongest peak 0–2 kHz minus strongest peak 2–5 kHz (Hammarberg et al. 1980).</summary>
    public float Hammarberg;

    public readonly bool Voiced => F0 > 0;
}

/// <summary>
/// Computes <see cref="FrameFeatures"/> at 16 kHz with NWaves: a 512-point FFT over a 32 ms Hann
/// window for spectra, YIN over a 40 ms window (decimated to 8 kHz) for F0. Not thread-safe (reuses its buffers).
/// </summary>
internal sealed class FrameAnalyzer
{
    /// <summary>Samples between frame starts: 10 ms, as eGeMAPS.</summary>
    public const int Hop = 160;

    /// <summary>The pitch window: 40 ms holds two periods of the lowest F0 searched, as YIN needs.</summary>
    public const int PitchWindow = 640;

    /// <summary>The spectral window and FFT size: 32 ms.</summary>
    public const int FftSize = 512;

    /// <summary>
    /// The F0 search range, Hz: 60–500 Hz covers adult male to child speaking voices (eGeMAPS searches
    /// 55–1000 Hz for singing too; speech F0 rarely leaves 60–500 Hz, Titze 1994).
    /// </summary>
    public const float MinF0 = 60f, MaxF0 = 500f;

    /// <summary>YIN's cumulative-mean-normalised-difference threshold; de Cheveigné &amp; Kawahara (2002) report 0.1–0.15 as best, speech in noise needs a little more.</summary>
    public const float YinThreshold = 0.2f;

    /// <summary>Frames whose speech probability is below this skip pitch and voice quality (they never reach a segment's voiced statistics).</summary>
    public const float PitchVadGate = 0.2f;

    private const int Rate = 16000;
    private static readonly float[] Hann = MakeHann(FftSize);
    private static readonly float[] BarkEdges = MakeBarkEdges();
    private readonly RealFft _fft = new(FftSize);
    private readonly float[] _windowed = new float[FftSize];
    private readonly float[] _spectrum = new float[FftSize / 2 + 1];
    private readonly float[] _frequencies = MakeFrequencies();
    private readonly float[] _bands = new float[BarkEdges.Length - 1];
    private readonly float[] _pitchFrame = new float[PitchWindow / 2];

    /// <summary>Analyses the frame whose <see cref="PitchWindow"/> samples start at <paramref name="samples"/>[0].</summary>
    public FrameFeatures Analyze(ReadOnlySpan<float> samples, double centreTime, float vad)
    {
        var f = new FrameFeatures { Time = centreTime, Vad = vad, HnrDb = float.NaN };
        var specStart = (PitchWindow - FftSize) / 2;
        double energy = 0;
        for (var i = 0; i < FftSize; i++)
        {
            var w = samples[specStart + i] * Hann[i];
            _windowed[i] = w;
            energy += w * w;
        }

        // Hann's mean square is 3/8: undo it so a full-scale sine reads -3 dBFS as without a window.
        f.EnergyDb = (float)(10 * Math.Log10(energy / (FftSize * 0.375) + 1e-10));
        _fft.MagnitudeSpectrum(_windowed, _spectrum, normalize: false);
        for (var k = 0; k < _spectrum.Length; k++)
        {
            _spectrum[k] *= _spectrum[k];
        }

        f.Centroid = Spectral.Centroid(_spectrum, _frequencies);
        f.Flatness = Math.Clamp(Spectral.Flatness(_spectrum, 1e-10f), 0f, 1f);
        if (!float.IsFinite(f.Centroid))
        {
            f.Centroid = 0;
        }

        if (!float.IsFinite(f.Flatness))
        {
            f.Flatness = 0;
        }

        Array.Clear(_bands);
        double low = 1e-12, high = 1e-12, maxLow = 1e-12, maxHigh = 1e-12;
        var band = 0;
        for (var k = 1; k < _spectrum.Length; k++)
        {
            var hz = _frequencies[k];
            var p = _spectrum[k];
            while (band < _bands.Length - 1 && hz >= BarkEdges[band + 1])
            {
                band++;
            }

            _bands[band] += p;
            if (hz is >= 50 and < 1000)
            {
                low += p;
            }
            else if (hz is >= 1000 and < 5000)
            {
                high += p;
            }

            if (hz < 2000)
            {
                maxLow = Math.Max(maxLow, p);
            }
            else if (hz < 5000)
            {
                maxHigh = Math.Max(maxHigh, p);
            }
        }

        // Band energies relative to the FFT's full-scale sine power, so loudness does not depend on FFT size.
        var norm = 4f / (FftSize * FftSize * 0.375f);
        for (var b = 0; b < _bands.Length; b++)
        {
            _bands[b] *= norm;
        }

        f.Loudness = Perceptual.Loudness(_bands);
        f.AlphaRatio = (float)(10 * Math.Log10(high / low));
        f.Hammarberg = (float)(10 * Math.Log10(maxLow / maxHigh));
        if (vad >= PitchVadGate)
        {
            Pitch(samples[..PitchWindow], ref f);
        }

        return f;
    }

    private void Pitch(ReadOnlySpan<float> window, ref FrameFeatures f)
    {
        // YIN runs at 8 kHz: its cost grows with window × lag range, so halving the rate quarters it,
        // and speech F0 (≤ 500 Hz) and its first harmonics stay far below the 4 kHz band edge. The
        // [1/4, 1/2, 1/4] filter before dropping every other sample keeps 4–8 kHz from folding down.
        for (var i = 0; i < _pitchFrame.Length; i++)
        {
            var left = i == 0 ? window[0] : window[2 * i - 1];
            _pitchFrame[i] = 0.25f * left + 0.5f * window[2 * i] + 0.25f * window[2 * i + 1];
        }

        var f0 = NWaves.Features.Pitch.FromYin(_pitchFrame, Rate / 2, 0, _pitchFrame.Length, MinF0, MaxF0, YinThreshold);
        if (!(f0 >= MinF0 && f0 <= MaxF0))
        {
            return;
        }

        var lag = (int)Math.Round(Rate / f0);
        var n = PitchWindow - lag;
        double xy = 0, xx = 0, yy = 0;
        for (var i = 0; i < n; i++)
        {
            var x = window[i];
            var y = window[i + lag];
            xy += x * y;
            xx += x * x;
            yy += y * y;
        }

        var r = xx > 0 && yy > 0 ? xy / Math.Sqrt(xx * yy) : 0;

        // A periodicity this weak is noise that YIN happened to fit: not a voiced frame.
        if (r < 0.3)
        {
            return;
        }

        r = Math.Clamp(r, 0.001, 0.999);
        f.F0 = f0;
        f.HnrDb = (float)(10 * Math.Log10(r / (1 - r)));

        var mid = PitchWindow / 2 - lag / 2;
        float min = float.MaxValue, max = float.MinValue;
        for (var i = mid; i < mid + lag; i++)
        {
            min = Math.Min(min, window[i]);
            max = Math.Max(max, window[i]);
        }

        f.PeriodAmplitude = max - min;
    }

    private static float[] MakeHann(int n)
    {
        var w = new float[n];
        for (var i = 0; i < n; i++)
        {
            w[i] = (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (n - 1)));
        }

        return w;
    }

    private static float[] MakeFrequencies()
    {
        var f = new float[FftSize / 2 + 1];
        for (var k = 0; k < f.Length; k++)
        {
            f[k] = k * (float)Rate / FftSize;
        }

        return f;
    }

    // Critical-band edges, Hz (Zwicker 1961), up to the 8 kHz Nyquist limit.
    private static float[] MakeBarkEdges() => new float[]
    {
        0, 100, 200, 300, 400, 510, 630, 770, 920, 1080, 1270, 1480, 1720, 2000, 2320, 2700, 3150, 3700, 4400, 5300, 6400, 7700, 8001,
    };
}
