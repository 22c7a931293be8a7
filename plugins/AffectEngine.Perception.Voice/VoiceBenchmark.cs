using System;
using System.Diagnostics;
using AffectEngine.Perception.Voice.Audio;
using AffectEngine.Perception.Voice.Vad;

namespace AffectEngine.Perception.Voice;

/// <summary>What <see cref="VoiceBenchmark.Run"/> measured.</summary>
/// <param name="AudioSeconds">Seconds of audio analysed (after warm-up).</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="CpuSeconds">Processor time the process used meanwhile (all threads).</param>
/// <param name="Segments">Speech segments read.</param>
/// <param name="Detector">The voice activity detector used.</param>
public sealed record VoiceBenchmarkResult(double AudioSeconds, double Seconds, double CpuSeconds, int Segments, string Detector)
{
    /// <summary>Audio seconds per wall second.</summary>
    public double RealTimeFactor => AudioSeconds / Seconds;

    /// <summary>Audio seconds per CPU second: what one otherwise idle core delivers.</summary>
    public double RealTimeFactorPerCpu => AudioSeconds / CpuSeconds;
}

/// <summary>
/// Throughput of the voice pipeline on one thread, as a source runs it: the WAV is decoded and
/// resampled to 16 kHz first (not timed), then voice activity, frame features, segment prosody and
/// the affect mapping run over it <c>repeats</c> times. A host tool: it reads the stopwatch, the engine never does.
/// </summary>
public static class VoiceBenchmark
{
    /// <summary>Runs the pipeline; <paramref name="energyDetector"/> swaps Silero for the energy detector (features alone).</summary>
    public static VoiceBenchmarkResult Run(string wavPath, int repeats, bool energyDetector = false)
    {
        if (repeats < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "Benchmark at least one pass.");
        }

        var clip = WavReader.Read(wavPath);
        var samples = Resampling.To16k(clip.Samples, clip.SampleRate);
        string? model = energyDetector ? null : VadModelStore.EnsureModel();
        IVoiceActivityDetector Detector() => model is null ? new EnergyVad() : new SileroVad(model);

        Pass(samples, Detector());
        using var self = Process.GetCurrentProcess();
        var cpu0 = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var segments = 0;
        string name = "";
        for (var i = 0; i < repeats; i++)
        {
            var detector = Detector();
            name = detector.Name;
            segments += Pass(samples, detector);
        }

        var wall = clock.Elapsed.TotalSeconds;
        self.Refresh();
        return new VoiceBenchmarkResult(repeats * samples.Length / (double)VadTiming.SampleRate, wall, (self.TotalProcessorTime - cpu0).TotalSeconds, segments, name);
    }

    private static int Pass(float[] samples, IVoiceActivityDetector detector)
    {
        var count = 0;
        using var analyzer = new VoiceAnalyzer(detector, _ => count++);
        for (var i = 0; i < samples.Length; i += 1600)
        {
            analyzer.Push(samples.AsSpan(i, Math.Min(1600, samples.Length - i)));
        }

        analyzer.Flush();
        return count;
    }
}
