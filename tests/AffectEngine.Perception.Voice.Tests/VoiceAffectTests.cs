using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AffectEngine.Perception.Voice.Features;
using AffectEngine.Perception.Voice.Vad;
using Xunit.Abstractions;

namespace AffectEngine.Perception.Voice.Tests;

/// <summary>What the voice reads from real synthetic speech: espeak-ng at different pitch, rate and loudness.</summary>
public sealed class VoiceAffectTests(ITestOutputHelper output)
{
    private static readonly TestAudio.Style Aroused = new("aroused", 85, 260, 190);
    private static readonly TestAudio.Style Subdued = new("subdued", 20, 115, 25);

    /// <summary>Seconds-weighted mean arousal and confidence of the readings after the neutral baseline.</summary>
    private static (float Arousal, float Confidence, float Dominance) TestPart(string testUtterance, Func<string, IReadOnlyList<VoiceReading>>? analyse = null)
    {
        var file = TestAudio.AfterBaseline(testUtterance);
        var baselineEnd = double.Parse(TestAudio.Sox("--i", "-D", file), CultureInfo.InvariantCulture) - double.Parse(TestAudio.Sox("--i", "-D", testUtterance), CultureInfo.InvariantCulture);
        var readings = (analyse ?? (f => TestAudio.Analyse(f).Readings))(file).Where(r => r.Prosody.End > baselineEnd + 0.3).ToList();
        Assert.NotEmpty(readings);
        double a = 0, c = 0, d = 0, w = 0;
        foreach (var r in readings)
        {
            var overlap = r.Prosody.End - Math.Max(r.Prosody.Start, baselineEnd);
            a += overlap * r.Arousal;
            c += overlap * r.Confidence;
            d += overlap * r.Dominance;
            w += overlap;
        }

        return ((float)(a / w), (float)(c / w), (float)(d / w));
    }

    [Fact]
    public void Loud_fast_high_speech_reads_as_more_aroused_than_quiet_slow_low_speech_in_every_pair()
    {
        int[] sentences = { 4, 5, 1 };
        var high = sentences.Select(s => TestPart(TestAudio.Speak(s, Aroused))).ToList();
        var low = sentences.Select(s => TestPart(TestAudio.Speak(s, Subdued))).ToList();
        var correct = 0;
        foreach (var h in high)
        {
            foreach (var l in low)
            {
                correct += h.Arousal > l.Arousal ? 1 : 0;
            }
        }

        output.WriteLine($"pairwise arousal ordering correct {correct}/{high.Count * low.Count}; aroused {string.Join(", ", high.Select(h => h.Arousal.ToString("0.00", CultureInfo.InvariantCulture)))}; subdued {string.Join(", ", low.Select(l => l.Arousal.ToString("0.00", CultureInfo.InvariantCulture)))}");
        Assert.Equal(high.Count * low.Count, correct);
        Assert.All(high, h => Assert.True(h.Arousal > 0.3f, $"aroused speech read as arousal {h.Arousal}"));
        Assert.All(low, l => Assert.True(l.Arousal < -0.3f, $"subdued speech read as arousal {l.Arousal}"));

        // Louder and faster is read as more dominant too (the frequency code's loudness side).
        Assert.True(high.Average(h => h.Dominance) > low.Average(l => l.Dominance));
    }

    [Theory]
    [InlineData("pitch", 85, 165, 70, 20, 165, 70)]
    [InlineData("loudness", 50, 165, 190, 50, 165, 25)]
    [InlineData("rate", 50, 280, 70, 50, 100, 70)]
    public void Each_cue_alone_moves_arousal_the_way_the_literature_says(string cue, int p1, int s1, int a1, int p2, int s2, int a2)
    {
        var up = TestPart(TestAudio.Speak(5, new TestAudio.Style(cue + "-up", p1, s1, a1)));
        var down = TestPart(TestAudio.Speak(5, new TestAudio.Style(cue + "-down", p2, s2, a2)));
        output.WriteLine($"{cue}: up {up.Arousal:0.00}, down {down.Arousal:0.00}");
        Assert.True(up.Arousal > down.Arousal, $"{cue}: raised {up.Arousal} vs lowered {down.Arousal}");
    }

    [Fact]
    public void Noise_mixed_in_with_sox_lowers_confidence()
    {
        var speech = TestAudio.Speak(4, TestAudio.Neutral);
        var clean = TestPart(speech);
        var noisy = TestAudio.WithNoise(TestAudio.AfterBaseline(speech), -28);
        var readings = TestAudio.Analyse(noisy).Readings;
        var cleanReadings = TestAudio.Analyse(TestAudio.AfterBaseline(speech)).Readings;
        var noisyConfidence = readings.Average(r => r.Confidence);
        var cleanConfidence = cleanReadings.Average(r => r.Confidence);
        output.WriteLine($"mean confidence clean {cleanConfidence:0.00}, with white noise at -28 dBFS {noisyConfidence:0.00}; clean test part {clean.Confidence:0.00}");
        Assert.True(noisyConfidence < 0.75f * cleanConfidence, $"noise: {noisyConfidence} vs clean {cleanConfidence}");
        Assert.True(readings.Average(r => r.Prosody.SnrDb) < cleanReadings.Average(r => r.Prosody.SnrDb) - 10);
    }

    [Fact]
    public void Silence_gives_no_speech_and_no_percepts()
    {
        var (readings, sink) = TestAudio.Analyse(TestAudio.Silence(3));
        Assert.Empty(readings);
        Assert.Empty(sink.Percepts);
        Assert.Equal(new[] { "no-speech" }, sink.Rejects.ToArray());
    }

    [Fact]
    public void Percepts_are_voice_valence_arousal_in_range_with_the_readings_confidence()
    {
        var (readings, sink) = TestAudio.Analyse(TestAudio.AfterBaseline(TestAudio.Speak(5, Aroused)));
        var percepts = sink.Percepts.ToArray();
        Assert.Equal(readings.Count, percepts.Length);
        for (var i = 0; i < percepts.Length; i++)
        {
            var p = percepts[i];
            Assert.Equal(Modality.Voice, p.Modality);
            Assert.Equal(ClockDomain.Recording, p.Clock);
            Assert.Equal(readings[i].Arousal, p.Affect!.Value.Arousal);
            Assert.Equal(readings[i].Confidence, p.Confidence);
            Assert.Equal(readings[i].Dominance, p.Dominance);
            Assert.InRange(p.Affect.Value.Valence, -VocalAffect.ValenceLimit, VocalAffect.ValenceLimit);
            Assert.InRange(p.Confidence, 0f, 1f);
            Assert.True(i == 0 || p.SourceTime > percepts[i - 1].SourceTime);
        }

        // The first seconds calibrate the speaker's norm and say so.
        Assert.True(percepts[0].Quality.HasFlag(PerceptQuality.Calibrating));
        Assert.Equal(0f, readings[0].Arousal);
    }

    [Fact]
    public void The_energy_fallback_also_finds_speech_orders_arousal_and_finds_no_speech_in_silence()
    {
        static IReadOnlyList<VoiceReading> Energy(string file)
        {
            var clip = Audio.WavReader.Read(file);
            var readings = new List<VoiceReading>();
            using var analyzer = new VoiceAnalyzer(new EnergyVad(), readings.Add);
            analyzer.Push(Resampling.To16k(clip.Samples, clip.SampleRate));
            analyzer.Flush();
            return readings;
        }

        var high = TestPart(TestAudio.Speak(4, Aroused), Energy);
        var low = TestPart(TestAudio.Speak(4, Subdued), Energy);
        Assert.True(high.Arousal > low.Arousal);
        Assert.All(Energy(TestAudio.Speak(4, Aroused)), r => Assert.Equal("energy", r.Detector));
        Assert.Empty(Energy(TestAudio.Silence(3)));
    }

    [Fact]
    public void Readings_do_not_depend_on_how_the_audio_is_cut_into_blocks()
    {
        var clip = Audio.WavReader.Read(TestAudio.Speak(1, TestAudio.Neutral));
        var samples = Resampling.To16k(clip.Samples, clip.SampleRate);
        List<VoiceReading> Run(int block)
        {
            var readings = new List<VoiceReading>();
            using var analyzer = new VoiceAnalyzer(new SileroVad(VadModelStore.EnsureModel()), readings.Add);
            for (var i = 0; i < samples.Length; i += block)
            {
                analyzer.Push(samples.AsSpan(i, Math.Min(block, samples.Length - i)));
            }

            analyzer.Flush();
            return readings;
        }

        var whole = Run(samples.Length);
        var small = Run(333);
        Assert.NotEmpty(whole);
        Assert.Equal(whole, small);
    }
}
