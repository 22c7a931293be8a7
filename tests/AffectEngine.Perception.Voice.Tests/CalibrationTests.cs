using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Xunit.Abstractions;

namespace AffectEngine.Perception.Voice.Tests;

/// <summary>
/// What the voice confidence means, measured on labelled speech made here: espeak-ng sentences spoken
/// aroused or subdued (strongly and mildly) after the speaker's neutral baseline, clean and with sox
/// white noise at rising levels. A reading is right when its arousal has the label's sign (above or
/// below the speaker's own norm). docs/perception.md reports the table this test prints.
/// </summary>
public sealed class CalibrationTests(ITestOutputHelper output)
{
    private static readonly (TestAudio.Style Style, int Label)[] Styles =
    {
        (new("aroused", 85, 260, 190), 1), (new("subdued", 20, 115, 25), -1),
        (new("mildup", 65, 205, 110), 1), (new("milddown", 35, 135, 45), -1),
    };

    [Fact]
    public void Moderate_noise_lowers_confidence_without_zeroing_it_arousal_still_reads_right_and_confidence_never_overstates_accuracy()
    {
        var levels = new[] { 0, -45, -38, -30 };
        var rows = new List<(float Conf, bool Correct, int Noise, float Snr, float Arousal, int Label)>();
        foreach (var noise in levels)
        {
            foreach (var (style, label) in Styles)
            {
                foreach (var sentence in new[] { 4, 5 })
                {
                    var test = TestAudio.Speak(sentence, style);
                    var clean = TestAudio.AfterBaseline(test);
                    var file = noise == 0 ? clean : TestAudio.WithNoise(clean, noise);
                    var baselineEnd = double.Parse(TestAudio.Sox("--i", "-D", clean), CultureInfo.InvariantCulture) - double.Parse(TestAudio.Sox("--i", "-D", test), CultureInfo.InvariantCulture);
                    foreach (var r in TestAudio.Analyse(file).Readings.Where(r => r.Prosody.End > baselineEnd + 0.3))
                    {
                        rows.Add((r.Confidence, Math.Sign(r.Arousal) == label, noise, r.Prosody.SnrDb, r.Arousal, label));
                    }
                }
            }
        }

        var byLevel = levels.Select(l => rows.Where(r => r.Noise == l).ToList()).ToList();
        for (var i = 0; i < levels.Length; i++)
        {
            var g = byLevel[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"noise {(levels[i] == 0 ? "none" : levels[i] + " dBFS")}: SNR {g.Average(r => r.Snr):0.0} dB, {g.Count} readings, arousal sign right {g.Average(r => r.Correct ? 1.0 : 0):0.00}, mean confidence {g.Average(r => r.Conf):0.00}"));
        }

        // Reliability diagram and expected calibration error (Guo et al. 2017, 10 equal-width bins).
        double ece = 0;
        foreach (var bin in rows.GroupBy(r => Math.Min(9, (int)(r.Conf * 10))).OrderBy(b => b.Key))
        {
            var acc = bin.Average(r => r.Correct ? 1.0 : 0);
            var conf = bin.Average(r => r.Conf);
            ece += bin.Count() / (double)rows.Count * Math.Abs(acc - conf);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"confidence {bin.Key / 10.0:0.0}-{(bin.Key + 1) / 10.0:0.0}: n {bin.Count()}, accuracy {acc:0.00}, mean confidence {conf:0.00}"));
            if (bin.Count() >= 5)
            {
                // Conservative, never overconfident: a confidence is a lower bound on how often the arousal direction is right.
                Assert.True(acc >= conf - 0.05, $"bin {bin.Key}: accuracy {acc:0.00} below confidence {conf:0.00}");
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ECE {ece:0.000} over {rows.Count} readings"));

        // Moderate noise: white noise at -30 dBFS, about 14 dB SNR on this speech.
        var moderate = byLevel[Array.IndexOf(levels, -30)];
        var cleanRows = byLevel[0];
        Assert.InRange(moderate.Average(r => r.Snr), 8, 20);
        Assert.True(moderate.Average(r => r.Correct ? 1.0 : 0) >= 0.85, "arousal direction at moderate SNR");
        Assert.True(moderate.Where(r => r.Label > 0).Average(r => r.Arousal) > moderate.Where(r => r.Label < 0).Average(r => r.Arousal) + 0.3, "aroused above subdued at moderate SNR");
        Assert.True(moderate.Average(r => r.Conf) < 0.5 * cleanRows.Average(r => r.Conf), "confidence lowered by moderate noise");
        Assert.True(moderate.Average(r => r.Conf) > 0.05, "confidence not zeroed by moderate noise");
        // Noise lowers confidence at every level, most at the loudest. (Between the two mild levels the
        // means are close and noise also changes how the speech is cut into segments, so they are not ordered.)
        for (var i = 1; i < levels.Length; i++)
        {
            Assert.True(byLevel[i].Average(r => r.Conf) < cleanRows.Average(r => r.Conf), $"confidence lower with noise at {levels[i]} dBFS than clean");
            Assert.True(byLevel[i].Average(r => r.Conf) >= moderate.Average(r => r.Conf), $"no level below -30 dBFS lowers confidence more than -30 dBFS ({levels[i]} dBFS)");
        }
    }
}
