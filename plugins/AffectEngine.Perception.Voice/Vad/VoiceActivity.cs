using System;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace AffectEngine.Perception.Voice.Vad;

/// <summary>
/// A voice activity detector over consecutive 16 kHz chunks of <see cref="VadTiming.ChunkSamples"/> samples.
/// Stateful: chunks must arrive in order; <see cref="Reset"/> starts a new stream.
/// </summary>
internal interface IVoiceActivityDetector : IDisposable
{
    /// <summary>"silero" or "energy", reported in every reading.</summary>
    string Name { get; }

    /// <summary>The probability in [0, 1] that <paramref name="chunk"/> (exactly <see cref="VadTiming.ChunkSamples"/> samples) holds speech.</summary>
    float SpeechProbability(ReadOnlySpan<float> chunk);

    void Reset();
}

/// <summary>Chunking shared by both detectors.</summary>
internal static class VadTiming
{
    /// <summary>
    /// 1536 samples (96 ms) at 16 kHz: the largest chunk Silero VAD v4 is trained for (512, 1024
    /// and 1536) and vad-node's default. One model call per 96 ms costs a third of 32 ms chunks;
    /// segment borders move by at most one chunk, well under the 250 ms shortest segment.
    /// </summary>
    public const int ChunkSamples = 1536;

    /// <summary>The analysis rate everything runs at.</summary>
    public const int SampleRate = 16000;
}

/// <summary>
/// Silero VAD v4 (Silero Team 2021) on ONNX Runtime: inputs <c>input</c> [1, 1536], <c>sr</c> (int64),
/// LSTM state <c>h</c>, <c>c</c> [2, 1, 64]; outputs <c>output</c> [1, 1] (speech probability),
/// <c>hn</c>, <c>cn</c>. One intra-op thread: a source runs on one core.
/// </summary>
internal sealed class SileroVad : IVoiceActivityDetector
{
    private readonly InferenceSession _session;
    private readonly DenseTensor<long> _sr = new(new long[] { VadTiming.SampleRate }, new[] { 1 });
    private readonly float[] _input = new float[VadTiming.ChunkSamples];
    private DenseTensor<float> _h = new(new[] { 2, 1, 64 });
    private DenseTensor<float> _c = new(new[] { 2, 1, 64 });

    public SileroVad(string modelPath)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        _session = new InferenceSession(modelPath, options);
    }

    public string Name => "silero";

    public float SpeechProbability(ReadOnlySpan<float> chunk)
    {
        chunk.CopyTo(_input);
        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(_input, new[] { 1, VadTiming.ChunkSamples })),
            NamedOnnxValue.CreateFromTensor("sr", _sr),
            NamedOnnxValue.CreateFromTensor("h", _h),
            NamedOnnxValue.CreateFromTensor("c", _c),
        };
        using var results = _session.Run(inputs);
        float p = 0;
        foreach (var r in results)
        {
            switch (r.Name)
            {
                case "output":
                    p = r.AsTensor<float>().GetValue(0);
                    break;
                case "hn":
                    _h = Copy(r.AsTensor<float>());
                    break;
                case "cn":
                    _c = Copy(r.AsTensor<float>());
                    break;
            }
        }

        return float.IsFinite(p) ? Math.Clamp(p, 0f, 1f) : 0f;
    }

    public void Reset()
    {
        _h = new DenseTensor<float>(new[] { 2, 1, 64 });
        _c = new DenseTensor<float>(new[] { 2, 1, 64 });
    }

    public void Dispose() => _session.Dispose();

    private static DenseTensor<float> Copy(Tensor<float> t)
    {
        var d = new DenseTensor<float>(new[] { 2, 1, 64 });
        var i = 0;
        foreach (var v in t)
        {
            d.SetValue(i++, v);
        }

        return d;
    }
}

/// <summary>
/// The fallback when the Silero model cannot be had: chunk energy against an adaptive noise floor,
/// as in classic energy VADs (ITU-T G.729 Annex B uses the same idea with more features). The floor
/// follows the quietest chunks quickly and louder ones slowly, so it settles on the background level;
/// the probability is a logistic of the chunk's SNR centred on <see cref="SnrMidpointDb"/>.
/// </summary>
internal sealed class EnergyVad : IVoiceActivityDetector
{
    /// <summary>SNR (dB) at which a chunk is even odds speech: speech sits 10–30 dB over room noise.</summary>
    public const float SnrMidpointDb = 9f;

    /// <summary>Logistic slope per dB: 0.1 → 0.9 over roughly ±4.4 dB around the midpoint.</summary>
    public const float SlopePerDb = 0.5f;

    /// <summary>Absolute floor (dBFS): below it a chunk is digital silence whatever the floor says.</summary>
    public const float SilenceDbfs = -60f;

    private float _floorDb = float.NaN;

    public string Name => "energy";

    public float SpeechProbability(ReadOnlySpan<float> chunk)
    {
        double e = 0;
        foreach (var s in chunk)
        {
            e += s * s;
        }

        var db = (float)(10 * Math.Log10(e / chunk.Length + 1e-12));
        if (float.IsNaN(_floorDb))
        {
            _floorDb = Math.Min(db, -45f);
        }

        // Down fast (a pause reveals the floor), up slowly (speech must not drag it up): ~1 s and ~30 s at 96 ms chunks.
        _floorDb += (db < _floorDb ? 0.1f : 0.003f) * (db - _floorDb);
        if (db < SilenceDbfs)
        {
            return 0f;
        }

        var snr = db - Math.Max(_floorDb, SilenceDbfs - 10f);
        return 1f / (1f + MathF.Exp(-SlopePerDb * (snr - SnrMidpointDb)));
    }

    public void Reset() => _floorDb = float.NaN;

    public void Dispose()
    {
    }
}
