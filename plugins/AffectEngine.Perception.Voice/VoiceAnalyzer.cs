using System;
using System.Collections.Generic;
using AffectEngine.Perception.Voice.Features;
using AffectEngine.Perception.Voice.Vad;
using NWaves.Operations;
using NWaves.Signals;

namespace AffectEngine.Perception.Voice;

/// <summary>
/// The voice pipeline for one speaker, fed 16 kHz mono samples in any block sizes: voice activity
/// per 96 ms chunk, low-level descriptors per 10 ms frame, speech segments by hysteresis on the
/// speech probability, and one <see cref="VoiceReading"/> per segment (long speech is cut every
/// <see cref="MaxSegmentSeconds"/>). Deterministic: the same samples give the same readings whatever
/// the block sizes. Not thread-safe.
/// </summary>
internal sealed class VoiceAnalyzer : IDisposable
{
    /// <summary>A chunk at or above this probability starts speech (Silero's and vad-node's default, 0.5).</summary>
    public const float SpeechOn = 0.5f;

    /// <summary>Speech ends when the probability stays below this (vad-node's default, 0.5 − 0.15).</summary>
    public const float SpeechOff = 0.35f;

    /// <summary>Silence that ends a segment: 256 ms; shorter pauses are within a phrase.</summary>
    public const double EndSilenceSeconds = 0.256;

    /// <summary>Segments shorter than this are dropped: 250 ms is about one stressed syllable.</summary>
    public const double MinSegmentSeconds = 0.25;

    /// <summary>Long speech is read every 3 s so the engine hears a change within a few seconds.</summary>
    public const double MaxSegmentSeconds = 3.0;

    private const int Rate = VadTiming.SampleRate;
    private readonly IVoiceActivityDetector _vad;
    private readonly FrameAnalyzer _frames = new();
    private readonly List<float> _vadProbabilities = new();
    private readonly List<FrameFeatures> _segment = new();
    private readonly SpeakerBaseline _baseline = new();
    private readonly Action<VoiceReading> _onReading;
    private float[] _buffer = new float[Rate * 2];
    private long _bufferStart;   // absolute index of _buffer[0]
    private int _bufferLength;
    private long _received;      // samples received in total
    private long _nextChunk;     // index of the next VAD chunk to run
    private long _nextFrame;     // index of the next frame to analyse
    private bool _inSpeech;
    private int _silentFrames;
    private float _noiseFloorDb = float.NaN;

    public VoiceAnalyzer(IVoiceActivityDetector vad, Action<VoiceReading> onReading)
    {
        _vad = vad;
        _onReading = onReading;
    }

    /// <summary>The detector's name ("silero" or "energy").</summary>
    public string Detector => _vad.Name;

    /// <summary>Speech segments read so far.</summary>
    public int Segments { get; private set; }

    /// <summary>Seconds of audio received.</summary>
    public double Seconds => _received / (double)Rate;

    /// <summary>The speaker's baseline (for tests and reports).</summary>
    public SpeakerBaseline Baseline => _baseline;

    /// <summary>Adds 16 kHz samples and reads every segment they complete.</summary>
    public void Push(ReadOnlySpan<float> samples)
    {
        while (samples.Length > 0)
        {
            var room = _buffer.Length - _bufferLength;
            if (room == 0)
            {
                Compact();
                room = _buffer.Length - _bufferLength;
            }

            var n = Math.Min(room, samples.Length);
            samples[..n].CopyTo(_buffer.AsSpan(_bufferLength));
            _bufferLength += n;
            _received += n;
            samples = samples[n..];
            Process();
        }
    }

    /// <summary>Ends the stream: pads the last frames with silence and reads the open segment.</summary>
    public void Flush()
    {
        Span<float> pad = stackalloc float[VadTiming.ChunkSamples];
        var target = _received + FrameAnalyzer.PitchWindow + VadTiming.ChunkSamples;
        var real = _received;
        while (_received < target)
        {
            Push(pad);
        }

        _received = real;
        CloseSegment();
    }

    public void Dispose() => _vad.Dispose();

    private void Process()
    {
        var end = _bufferStart + _bufferLength;
        while ((_nextChunk + 1) * VadTiming.ChunkSamples <= end)
        {
            var at = (int)(_nextChunk * VadTiming.ChunkSamples - _bufferStart);
            _vadProbabilities.Add(_vad.SpeechProbability(_buffer.AsSpan(at, VadTiming.ChunkSamples)));
            _nextChunk++;
        }

        while (true)
        {
            var start = _nextFrame * FrameAnalyzer.Hop;
            var centre = start + FrameAnalyzer.PitchWindow / 2;
            var chunk = centre / VadTiming.ChunkSamples;
            if (start + FrameAnalyzer.PitchWindow > end || chunk >= _nextChunk)
            {
                break;
            }

            var vad = _vadProbabilities[(int)(chunk - (_nextChunk - _vadProbabilities.Count))];
            var f = _frames.Analyze(_buffer.AsSpan((int)(start - _bufferStart), FrameAnalyzer.PitchWindow), centre / (double)Rate, vad);
            _nextFrame++;
            Segment(f);
        }

        // Keep only the probabilities frames still need.
        var firstNeeded = (_nextFrame * FrameAnalyzer.Hop + FrameAnalyzer.PitchWindow / 2) / VadTiming.ChunkSamples;
        var drop = (int)(firstNeeded - (_nextChunk - _vadProbabilities.Count));
        if (drop > 64)
        {
            _vadProbabilities.RemoveRange(0, drop);
        }
    }

    private void Segment(in FrameFeatures f)
    {
        if (f.Vad < SpeechOff)
        {
            // Fast down, slow up: the floor settles on the level of pauses, not of speech.
            _noiseFloorDb = float.IsNaN(_noiseFloorDb) ? f.EnergyDb : _noiseFloorDb + (f.EnergyDb < _noiseFloorDb ? 0.3f : 0.02f) * (f.EnergyDb - _noiseFloorDb);
        }

        if (!_inSpeech)
        {
            if (f.Vad >= SpeechOn)
            {
                _inSpeech = true;
                _silentFrames = 0;
                _segment.Clear();
                _segment.Add(f);
            }

            return;
        }

        _segment.Add(f);
        _silentFrames = f.Vad < SpeechOff ? _silentFrames + 1 : 0;
        var frameSeconds = FrameAnalyzer.Hop / (double)Rate;
        if (_silentFrames * frameSeconds >= EndSilenceSeconds)
        {
            _segment.RemoveRange(_segment.Count - _silentFrames, _silentFrames);
            CloseSegment();
        }
        else if (_segment.Count * frameSeconds >= MaxSegmentSeconds)
        {
            CloseSegment();
            _inSpeech = true;
        }
    }

    private void CloseSegment()
    {
        _inSpeech = false;
        _silentFrames = 0;
        if (_segment.Count == 0)
        {
            return;
        }

        var half = FrameAnalyzer.Hop / 2.0 / Rate;
        var start = _segment[0].Time - half;
        var end = _segment[^1].Time + half;
        if (end - start >= MinSegmentSeconds)
        {
            // Before any pause the floor is unknown: assume speech sits 30 dB over it (a quiet room).
            var floor = float.IsNaN(_noiseFloorDb) ? MeanEnergy() - 30f : _noiseFloorDb;
            var prosody = Prosody.From(_segment, start, end, floor);
            Segments++;
            _onReading(VocalAffect.Read(prosody, _baseline, _vad.Name));
        }

        _segment.Clear();
    }

    private float MeanEnergy()
    {
        double e = 0;
        foreach (var f in _segment)
        {
            e += f.EnergyDb;
        }

        return (float)(e / _segment.Count);
    }

    private void Compact()
    {
        // Frames still to analyse start at _nextFrame * Hop; chunks at _nextChunk * ChunkSamples.
        var keepFrom = Math.Min(_nextFrame * FrameAnalyzer.Hop, _nextChunk * VadTiming.ChunkSamples);
        var drop = (int)(keepFrom - _bufferStart);
        if (drop <= 0)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
            return;
        }

        Array.Copy(_buffer, drop, _buffer, 0, _bufferLength - drop);
        _bufferLength -= drop;
        _bufferStart += drop;
    }
}

/// <summary>Converts audio to the 16 kHz the pipeline runs at (NWaves band-limited resampling).</summary>
internal static class Resampling
{
    public static float[] To16k(float[] samples, int rate)
    {
        if (rate == VadTiming.SampleRate)
        {
            return samples;
        }

        var resampler = new Resampler();
        var signal = new DiscreteSignal(rate, samples);

        // Integer ratios (48→16, 32→16, 8→16) take the polyphase path; others the sinc interpolator.
        var resampled = rate % VadTiming.SampleRate == 0
            ? resampler.Decimate(signal, rate / VadTiming.SampleRate)
            : VadTiming.SampleRate % rate == 0 ? resampler.Interpolate(signal, VadTiming.SampleRate / rate) : resampler.Resample(signal, VadTiming.SampleRate);
        return resampled.Samples;
    }
}
