using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Xunit.Abstractions;

namespace AffectEngine.Perception.Voice.Tests;

public sealed class CalibrationTests(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        var styles = new (TestAudio.Style Style, int Label)[]
        {
            (new("aroused", 85, 260, 190), 1), (new("subdued", 20, 115, 25), -1),
            (new("mildup", 65, 205, 110), 1), (new("milddown", 35, 135, 45), -1),
        };
        var rows = new List<(float Conf, bool Correct, int Noise, string Style)>();
        foreach (var noise in new[] { 0, -45, -38, -32, -28, -24 })
        {
            foreach (var (style, label) in styles)
            {
                foreach (var sentence in new[] { 4, 5 })
                {
                    var test = TestAudio.Speak(sentence, style);
                    var file = TestAudio.AfterBaseline(test);
                    if (noise != 0)
                    {
                        file = TestAudio.WithNoise(file, noise);
                    }

                    var baselineEnd = double.Parse(TestAudio.Sox("--i", "-D", TestAudio.AfterBaseline(test)), CultureInfo.InvariantCulture) - double.Parse(TestAudio.Sox("--i", "-D", test), CultureInfo.InvariantCulture);
                    foreach (var r in TestAudio.Analyse(file).Readings.Where(r => r.Prosody.End > baselineEnd + 0.3))
                    {
                        rows.Add((r.Confidence, Math.Sign(r.Arousal) == label, noise, style.Name));
                    }
                }
            }
        }

        foreach (var g in rows.GroupBy(r => r.Noise))
        {
            output.WriteLine($"noise {g.Key}: n {g.Count()} acc {g.Average(r => r.Correct ? 1.0 : 0):0.00} conf {g.Average(r => r.Conf):0.00}");
        }

        foreach (var g in rows.GroupBy(r => Math.Min(9, (int)(r.Conf * 10))).OrderBy(g => g.Key))
        {
            output.WriteLine($"bin {g.Key / 10.0:0.0}: n {g.Count()} acc {g.Average(r => r.Correct ? 1.0 : 0):0.00} conf {g.Average(r => r.Conf):0.00}");
        }

        output.WriteLine(string.Join("\n", rows.Select(r => $"{r.Noise} {r.Style} {r.Conf:0.00} {r.Correct}")));
    }
}
