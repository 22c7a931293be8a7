using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using AffectEngine.Perception.Voice.Features;

namespace AffectEngine.Perception.Voice.Tests;

/// <summary>
/// openSMILE eGeMAPS CSV in cCsvSink's format (header line, ';' delimiter, the instance name in single
/// quotes, frameTime in seconds, values printed with %e or as integers) and the opensmile Python
/// package's comma-separated table (file,start,end with pandas timedeltas).
/// </summary>
public sealed class OpenSmileTests
{
    private static readonly string[] FunctionalColumns =
    {
        "F0semitoneFrom27.5Hz_sma3nz_amean", "F0semitoneFrom27.5Hz_sma3nz_stddevNorm", "F0semitoneFrom27.5Hz_sma3nz_percentile20.0",
        "F0semitoneFrom27.5Hz_sma3nz_percentile50.0", "F0semitoneFrom27.5Hz_sma3nz_percentile80.0", "F0semitoneFrom27.5Hz_sma3nz_pctlrange0-2",
        "loudness_sma3_amean", "loudness_sma3_stddevNorm", "spectralFlux_sma3_amean", "mfcc1_sma3_amean",
        "jitterLocal_sma3nz_amean", "shimmerLocaldB_sma3nz_amean", "HNRdBACF_sma3nz_amean",
        "alphaRatioV_sma3nz_amean", "hammarbergIndexV_sma3nz_amean", "F1frequency_sma3nz_amean",
        "loudnessPeaksPerSec", "VoicedSegmentsPerSec", "MeanVoicedSegmentLengthSec", "MeanUnvoicedSegmentLength", "equivalentSoundLevel_dBp",
    };

    private static string E(double v) => v == Math.Floor(v) ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.000000e+00", CultureInfo.InvariantCulture);

    /// <summary>One functionals row per reading, from the prosody this plugin measured on espeak-ng speech.</summary>
    private static string FunctionalsCsv(IEnumerable<VoiceReading> readings, string name)
    {
        var sb = new StringBuilder("name;frameTime;" + string.Join(';', FunctionalColumns) + "\n");
        foreach (var r in readings)
        {
            var p = r.Prosody;
            double[] v =
            {
                p.F0MeanSemitones, 0.1, p.F0MeanSemitones - p.F0RangeSemitones / 2, p.F0MeanSemitones, p.F0MeanSemitones + p.F0RangeSemitones / 2, p.F0RangeSemitones,
                p.LoudnessMean, 0.8, 0.3, 20.5, p.Jitter, p.ShimmerDb, p.HnrDb, p.AlphaRatio, p.Hammarberg, 550, p.RatePerSecond, 2.1, p.VoicedFraction / 2.1, 0.2, p.EnergyDb + 90,
            };
            sb.Append('\'').Append(name).Append("';").Append(E(p.End)).Append(';').Append(string.Join(';', v.Select(E))).Append('\n');
        }

        return sb.ToString();
    }

    private static (List<VoiceReading> Readings, CollectingSink Sink) Import(string csv, string fileName)
    {
        var path = Path.Combine(TestAudio.Dir, fileName);
        File.WriteAllText(path, csv);
        var source = (OpenSmileFileSource)OpenSmileSources.Create("opensmile:" + path, path, null);
        var sink = new CollectingSink();
        source.StartAsync(sink, CancellationToken.None).GetAwaiter().GetResult();
        return (source.Readings.ToList(), sink);
    }

    [Fact]
    public void Functionals_rows_map_like_the_voice_source_so_aroused_rows_read_higher_than_subdued()
    {
        var aroused = TestAudio.Analyse(TestAudio.AfterBaseline(TestAudio.Speak(5, new TestAudio.Style("aroused", 85, 260, 190)))).Readings;
        var subdued = TestAudio.Analyse(TestAudio.AfterBaseline(TestAudio.Speak(5, new TestAudio.Style("subdued", 20, 115, 25)))).Readings;
        var (high, sink) = Import(FunctionalsCsv(aroused, "aroused"), "egemaps-aroused.csv");
        var (low, _) = Import(FunctionalsCsv(subdued, "subdued"), "egemaps-subdued.csv");
        Assert.Equal(aroused.Count, high.Count);
        Assert.Equal(aroused.Count, sink.Percepts.Count);
        Assert.All(sink.Percepts, p => Assert.Equal(Modality.Voice, p.Modality));
        Assert.True(high[^1].Arousal > 0.3f, $"aroused row: {high[^1].Arousal}");
        Assert.True(low[^1].Arousal < -0.3f, $"subdued row: {low[^1].Arousal}");
        Assert.Equal("opensmile", high[0].Detector);
    }

    [Fact]
    public void The_python_packages_comma_table_with_timedeltas_is_read_too()
    {
        var readings = TestAudio.Analyse(TestAudio.AfterBaseline(TestAudio.Speak(4, TestAudio.Neutral))).Readings;
        var semicolon = FunctionalsCsv(readings, "x").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var sb = new StringBuilder("file,start,end," + string.Join(',', FunctionalColumns) + "\n");
        for (var i = 1; i < semicolon.Length; i++)
        {
            var cells = semicolon[i].Split(';');
            var r = readings[i - 1].Prosody;
            sb.Append("speech.wav,").Append(Timedelta(r.Start)).Append(',').Append(Timedelta(r.End)).Append(',').Append(string.Join(',', cells.Skip(2))).Append('\n');
        }

        var (imported, sink) = Import(sb.ToString(), "egemaps-python.csv");
        Assert.Equal(readings.Count, imported.Count);
        Assert.Equal(readings[^1].Prosody.End, imported[^1].Prosody.End, 3);
        Assert.Empty(sink.Rejects);

        static string Timedelta(double s) => "0 days " + TimeSpan.FromSeconds(s).ToString(@"hh\:mm\:ss\.ffffff", CultureInfo.InvariantCulture);
    }

    /// <summary>LLD rows every 10 ms: voiced stretches with syllable-rate loudness ripple, pauses between.</summary>
    private static string LldCsv(double testF0, double testLoudness, double testRate)
    {
        var columns = new[] { "Loudness_sma3", "alphaRatio_sma3", "hammarbergIndex_sma3", "slope0-500_sma3", "slope500-1500_sma3", "spectralFlux_sma3", "mfcc1_sma3", "F0semitoneFrom27.5Hz_sma3nz", "jitterLocal_sma3nz", "shimmerLocaldB_sma3nz", "HNRdBACF_sma3nz", "logRelF0-H1-H2_sma3nz" };
        var sb = new StringBuilder("name;frameTime;" + string.Join(';', columns) + "\n");
        var t = 0.0;
        void Stretch(double seconds, double f0, double loudness, double rate)
        {
            for (var i = 0; i < (int)(seconds * 100); i++, t += 0.01)
            {
                var ripple = 0.5 + 0.5 * Math.Sin(2 * Math.PI * rate * i * 0.01);
                var l = f0 > 0 ? loudness * (0.3 + 0.7 * ripple) : 0.02;
                double[] v = { l, -12, 20, 0.01, -0.002, 0.2, 25, f0 > 0 ? f0 + 0.8 * Math.Sin(i * 0.13) : 0, f0 > 0 ? 0.02 : 0, f0 > 0 ? 1.2 : 0, f0 > 0 ? 8 : 0, 3 };
                sb.Append("'unknown';").Append(E(Math.Round(t, 2))).Append(';').Append(string.Join(';', v.Select(E))).Append('\n');
            }
        }

        for (var k = 0; k < 6; k++)
        {
            Stretch(2.0, 22, 0.5, 5);
            Stretch(0.4, 0, 0, 0);
        }

        Stretch(2.0, testF0, testLoudness, testRate);
        Stretch(0.4, 0, 0, 0);
        return sb.ToString();
    }

    [Fact]
    public void Low_level_descriptors_are_cut_into_voiced_segments_and_read_with_the_same_mapping()
    {
        var (high, _) = Import(LldCsv(28, 1.6, 7), "lld-high.csv");
        var (low, _) = Import(LldCsv(17, 0.15, 3), "lld-low.csv");
        Assert.Equal(7, high.Count);
        Assert.Equal(7, low.Count);
        Assert.Equal(22, high[0].Prosody.F0MeanSemitones, 0.5f);
        Assert.Equal(0.02f, high[0].Prosody.Jitter, 3);
        Assert.True(high[^1].Arousal > 0.5f && low[^1].Arousal < -0.5f, $"high {high[^1].Arousal}, low {low[^1].Arousal}");
    }

    [Fact]
    public void Bad_rows_are_counted_and_a_file_that_is_not_egemaps_is_refused_naming_file_and_line()
    {
        var csv = LldCsv(22, 0.5, 5).TrimEnd('\n').Split('\n').ToList();
        csv.Insert(5, "'unknown';0.031;1;2");
        csv.Insert(9, csv[9].Replace(";8;", ";nan;", StringComparison.Ordinal));
        var (readings, sink) = Import(string.Join('\n', csv) + "\n", "lld-bad.csv");
        Assert.NotEmpty(readings);
        Assert.Contains("malformed", sink.Rejects);
        Assert.Contains("nan", sink.Rejects);

        var path = Path.Combine(TestAudio.Dir, "not-egemaps.csv");
        File.WriteAllText(path, "time,valence,arousal\n0,0.1,0.2\n");
        var e = Assert.Throws<IOException>(() => OpenSmileSources.Create("opensmile:" + path, path, null).StartAsync(new CollectingSink(), CancellationToken.None).GetAwaiter().GetResult());
        Assert.Contains(path + ":1:", e.Message);
        Assert.Contains("F0semitoneFrom27.5Hz_sma3nz_amean", e.Message);
    }
}
