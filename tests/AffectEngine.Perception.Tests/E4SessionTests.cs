using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace AffectEngine.Perception.Tests;

/// <summary>
/// An hour-long Empatica E4 export as the wristband writes it (EDA 4 Hz, HR 1 Hz, IBI, ACC 32 Hz x/y/z
/// in 1/64 g, TEMP 4 Hz; line 1 the Unix start, line 2 the rate), generated with a seeded model of a
/// real session: the dry electrodes settle for ~8 minutes (skin conductance climbs from 0.3 to 2 µS),
/// heart rate comes down from 92 bpm after walking in to a 72 bpm rest, the skin warms from 30.5 °C,
/// then 50 minutes of rest with slow tonic drift, a few spontaneous responses, short hand movements
/// and one stressor at 40 min (EDA +1.2 µS, HR +15 bpm for 60 s).
/// </summary>
public class E4SessionTests
{
    private const double Start = 1_700_000_000;

    internal static string WriteSession(string dir, int seed, double minutes = 60)
    {
        Directory.CreateDirectory(dir);
        var rng = new Random(seed);
        double Noise(double sd) => sd * (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) * 2;
        var inv = CultureInfo.InvariantCulture;
        var seconds = minutes * 60;
        static double Settle(double t) => 1 - Math.Exp(-t / 150); // ~8 min to 96 %
        static double Stress(double t) => t >= 2400 && t < 2460 ? 1 : t >= 2460 && t < 2520 ? 1 - ((t - 2460) / 60) : 0;

        var eda = new StringBuilder().Append(Start.ToString("0.000000", inv)).Append('\n').Append("4.000000\n");
        for (var i = 0; i < seconds * 4; i++)
        {
            var t = i / 4.0;
            var tonic = 0.3 + (1.7 * Settle(t)) + (0.15 * Math.Sin(t / 900));
            var scr = (t % 313) < 6 ? 0.12 * Math.Sin(Math.PI * (t % 313) / 6) : 0;
            eda.Append((tonic + scr + (1.2 * Stress(t)) + Noise(0.01)).ToString("0.000000", inv)).Append('\n');
        }

        var hr = new StringBuilder().Append((Start + 10).ToString("0.00", inv)).Append('\n').Append("1.00\n");
        var ibi = new StringBuilder().Append(Start.ToString("0.000000", inv)).Append(", IBI\n");
        var beat = 0.0;
        for (var i = 0; i < seconds - 10; i++)
        {
            var t = i + 10.0;
            var rate = 72 + (20 * (1 - Settle(t * 0.8))) + (15 * Stress(t)) + Noise(1.5);
            hr.Append(rate.ToString("0.00", inv)).Append('\n');
            while (beat < t)
            {
                var interval = 60 / rate;
                beat += interval;
                if (rng.NextDouble() < 0.7)
                {
                    ibi.Append(beat.ToString("0.000000", inv)).Append(',').Append(interval.ToString("0.000000", inv)).Append('\n');
                }
            }
        }

        var acc = new StringBuilder().Append(string.Join(", ", Enumerable.Repeat(Start.ToString("0.000000", inv), 3))).Append('\n').Append("32.000000, 32.000000, 32.000000\n");
        for (var i = 0; i < seconds * 32; i++)
        {
            var t = i / 32.0;
            var moving = (t % 420) < 8; // a hand movement every 7 minutes
            var swing = moving ? 20 * Math.Sin(t * 9) : 0;
            acc.Append(((int)Math.Round(-10 + swing + Noise(0.6))).ToString(inv)).Append(", ")
               .Append(((int)Math.Round(8 + Noise(0.6))).ToString(inv)).Append(", ")
               .Append(((int)Math.Round(62 + (swing / 2) + Noise(0.6))).ToString(inv)).Append('\n');
        }

        var temp = new StringBuilder().Append(Start.ToString("0.00", inv)).Append('\n').Append("4.00\n");
        for (var i = 0; i < seconds * 4; i++)
        {
            var t = i / 4.0;
            temp.Append((30.5 + (3 * Settle(t)) + Noise(0.03)).ToString("0.00", inv)).Append('\n');
        }

        File.WriteAllText(Path.Combine(dir, "EDA.csv"), eda.ToString());
        File.WriteAllText(Path.Combine(dir, "HR.csv"), hr.ToString());
        File.WriteAllText(Path.Combine(dir, "IBI.csv"), ibi.ToString());
        File.WriteAllText(Path.Combine(dir, "ACC.csv"), acc.ToString());
        File.WriteAllText(Path.Combine(dir, "TEMP.csv"), temp.ToString());
        return dir;
    }

    private static async Task<List<PerceptInput>> Fuse(string dir, FusionOptions options)
    {
        await using var hub = new PerceptionHub(options);
        hub.AddSource(PerceptionSourceFactory.Create("e4:" + dir), person: "t");
        await hub.StartAsync();
        var outputs = new List<PerceptInput>();
        for (long tick = 0; !hub.RecordingsFinished; tick++)
        {
            hub.ProduceInputs(tick, tick * 0.1, outputs);
        }

        return outputs;
    }

    [Fact]
    public async Task An_hour_of_rest_after_the_sensor_settles_reads_near_baseline_and_the_stressor_stands_out()
    {
        using var tmp = new TempFolder();
        var dir = WriteSession(tmp.File("e4"), seed: 11);
        var fused = await Fuse(dir, FusionOptions.Default);
        Assert.True(fused.Count > 35_000);
        double Mean(double from, double to) => fused.Where(f => f.Tick * 0.1 >= from && f.Tick * 0.1 < to).Average(f => f.Arousal);

        // Settling is discarded: no physiological arousal is claimed in the first 5 minutes.
        Assert.All(fused.Where(f => f.Tick * 0.1 < 290), f => Assert.True(f.Quality.HasFlag(PerceptQuality.Calibrating) && f.Arousal == 0f));

        // Rest (15–39 min and 45–60 min) reads near baseline.
        var rest = fused.Where(f => (f.Tick * 0.1 is >= 900 and < 2340) || f.Tick * 0.1 >= 2700).Select(f => (double)f.Arousal).ToArray();
        Assert.InRange(rest.Average(), -0.15, 0.15);
        Assert.True(rest.Count(a => Math.Abs(a) > 0.5) < rest.Length * 0.05, $"{rest.Count(a => Math.Abs(a) > 0.5)} of {rest.Length} rest ticks above |0.5|");

        // The stressor at 40 min is still read.
        Assert.True(Mean(2410, 2460) > 0.6, $"stressor arousal {Mean(2410, 2460)}");
    }

    [Fact]
    public async Task Movement_and_a_loose_strap_are_flagged_from_ACC_and_TEMP()
    {
        using var tmp = new TempFolder();
        var dir = WriteSession(tmp.File("e4"), seed: 3, minutes: 8);
        var sink = new RecordingSink();
        await using (var source = PerceptionSourceFactory.Create("e4:" + dir))
        {
            await source.StartAsync(sink, System.Threading.CancellationToken.None);
        }

        var p = sink.Percepts.ToArray();
        var moving = p.Where(x => x.Quality.HasFlag(PerceptQuality.Motion)).Select(x => x.SourceTime - Start).ToArray();
        Assert.NotEmpty(moving);
        Assert.All(moving, t => Assert.True((t % 420) < 9.5, $"motion flagged at {t} s"));
        Assert.Contains(p, x => x.SourceTime - Start is > 2 and < 6 && x.Quality.HasFlag(PerceptQuality.Motion));
        Assert.DoesNotContain(p, x => x.SourceTime - Start is > 60 and < 400 && x.Quality.HasFlag(PerceptQuality.Motion));

        // The skin starts at 30.5 °C: no contact loss. A strap taken off (TEMP drops to room 24 °C) is.
        Assert.DoesNotContain(p, x => x.Quality.HasFlag(PerceptQuality.ContactLoss));
        var lines = File.ReadAllLines(Path.Combine(dir, "TEMP.csv"));
        for (var i = 2 + (200 * 4); i < 2 + (230 * 4); i++)
        {
            lines[i] = "24.10";
        }

        File.WriteAllLines(Path.Combine(dir, "TEMP.csv"), lines);
        var sink2 = new RecordingSink();
        await using (var source = PerceptionSourceFactory.Create("e4:" + dir))
        {
            await source.StartAsync(sink2, System.Threading.CancellationToken.None);
        }

        var off = sink2.Percepts.Where(x => x.Quality.HasFlag(PerceptQuality.ContactLoss)).Select(x => x.SourceTime - Start).ToArray();
        Assert.NotEmpty(off);
        Assert.All(off, t => Assert.InRange(t, 199.9, 230.1));
    }
}
