using Xunit.Abstractions;

namespace AffectEngine.Perception.Voice.Tests;

public sealed class ExploreTests(ITestOutputHelper output)
{
    [Fact]
    public void Explore()
    {
        foreach (var style in new[] { TestAudio.Neutral, new TestAudio.Style("high", 85, 260, 190), new TestAudio.Style("low", 20, 115, 25) })
        {
            for (var s = 4; s < 6; s++)
            {
                var (readings, _) = TestAudio.Analyse(TestAudio.AfterBaseline(TestAudio.Speak(s, style)));
                foreach (var r in readings)
                {
                    var p = r.Prosody;
                    output.WriteLine($"{style.Name} s{s} {p.Start:0.00}-{p.End:0.00} vad={p.VadMean:0.00} vf={p.VoicedFraction:0.00} f0={p.F0MeanSemitones:0.0} rng={p.F0RangeSemitones:0.0} dB={p.EnergyDb:0.0} rate={p.RatePerSecond:0.0} jit={p.Jitter:0.000} shim={p.ShimmerDb:0.00} hnr={p.HnrDb:0.0} alpha={p.AlphaRatio:0.0} snr={p.SnrDb:0.0} | A={r.Arousal:0.00} V={r.Valence:0.00} D={r.Dominance:0.00} C={r.Confidence:0.00} {r.Detector}");
                }
            }
        }
    }
}
