using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace AffectEngine.Perception.Tests;

/// <summary>
/// Smiles as OpenFace 2.x really reports them: AU6 + AU12 with the bilateral dimpler AU14 (1.5–2.2)
/// co-active, an open mouth (AU25/AU26) and upper-lip raise in laughs, tracker noise, and an onset
/// where AU12 and AU14 rise before AU6 (so the first frames look like the EMFACS contempt rule).
/// </summary>
public class RealSmileTests
{
    private static readonly string[] AuR = { "01", "02", "04", "05", "06", "07", "09", "10", "12", "14", "15", "17", "20", "23", "25", "26", "45" };
    private static readonly string[] AuC = { "01", "02", "04", "05", "06", "07", "09", "10", "12", "14", "15", "17", "20", "23", "25", "26", "28", "45" };

    // Real-style profiles (OpenFace 2.2 intensities of smiling and laughing clips).
    internal static readonly Dictionary<string, Dictionary<string, double>> Profiles = new()
    {
        ["smile"] = new() { ["06"] = 1.6, ["12"] = 2.4, ["14"] = 1.7, ["25"] = 0.8, ["07"] = 0.6, ["10"] = 0.5 },
        ["laugh"] = new() { ["06"] = 2.8, ["12"] = 3.4, ["14"] = 2.1, ["25"] = 2.6, ["26"] = 2.2, ["10"] = 1.6, ["07"] = 1.4, ["09"] = 0.9 },
        ["slight"] = new() { ["06"] = 1.0, ["12"] = 1.6, ["14"] = 1.5, ["25"] = 0.4 },
        ["broad"] = new() { ["06"] = 2.2, ["12"] = 3.0, ["14"] = 2.2, ["25"] = 1.5, ["10"] = 1.0 },
        ["smirk"] = new() { ["12"] = 1.8, ["14"] = 2.7, ["26"] = 0.6, ["45"] = 1.2 },
    };

    /// <summary>Writes an OpenFace 2.2 CSV: ", " separators, AUxx_r then AUxx_c, 30 fps, seeded noise.</summary>
    internal static string Write(string path, string profile, double seconds, int seed, double onsetSeconds = 0.3)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        var cols = new List<string> { "frame", "face_id", "timestamp", "confidence", "success" };
        cols.AddRange(AuR.Select(a => $"AU{a}_r"));
        cols.AddRange(AuC.Select(a => $"AU{a}_c"));
        sb.Append(string.Join(", ", cols)).Append('\n');
        var p = Profiles[profile];
        var frames = (int)(seconds * 30);
        for (var i = 0; i < frames; i++)
        {
            var t = i / 30.0;
            var ramp = Math.Min(1, t / onsetSeconds);
            var row = new List<string> { (i + 1).ToString(CultureInfo.InvariantCulture), "0", t.ToString("0.000", CultureInfo.InvariantCulture), "0.98", "1" };
            var values = new Dictionary<string, double>();
            foreach (var a in AuR)
            {
                var target = p.TryGetValue(a, out var v) ? v : 0;

                // AU6 lags AU12/AU14 at onset (cheeks rise last), as in real smile onsets.
                var r = a == "06" ? Math.Max(0, (ramp * 1.4) - 0.4) : ramp;
                var x = Math.Clamp((target * r) + ((rng.NextDouble() - 0.5) * 0.3), 0, 5);
                values[a] = x;
                row.Add(x.ToString("0.00", CultureInfo.InvariantCulture));
            }

            row.AddRange(AuC.Select(a => values.TryGetValue(a, out var x) && x >= 1 ? "1.00" : "0.00"));
            sb.Append(string.Join(", ", row)).Append('\n');
        }

        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static async Task<PerceptInput[]> Fuse(string spec)
    {
        await using var hub = new PerceptionHub();
        hub.AddSource(PerceptionSourceFactory.Create(spec), person: "t");
        await hub.StartAsync();
        var outputs = new List<PerceptInput>();
        for (long tick = 0; tick < 10_000 && !hub.RecordingsFinished; tick++)
        {
            hub.ProduceInputs(tick, tick * 0.1, outputs);
        }

        return outputs.ToArray();
    }

    [Theory]
    [InlineData("smile")]
    [InlineData("laugh")]
    [InlineData("slight")]
    [InlineData("broad")]
    public void A_real_smile_profile_with_AU14_scores_happiness_far_above_contempt(string profile)
    {
        var aus = new float[ActionUnits.Count];
        foreach (var (au, v) in Profiles[profile])
        {
            aus[ActionUnits.IndexOf(int.Parse(au, CultureInfo.InvariantCulture))] = (float)v;
        }

        var probs = new float[LabelTables.Emfacs.Count];
        EmfacsPrototypes.Score(aus, probs);
        var happy = probs[LabelTables.Emfacs.IndexOf("happiness")];
        var contempt = probs[LabelTables.Emfacs.IndexOf("contempt")];
        Assert.True(happy > 0.35f && contempt < 0.05f, $"{profile}: happiness {happy}, contempt {contempt}");
        Assert.Equal(probs.Max(), Math.Max(happy, probs[LabelTables.Emfacs.IndexOf("neutral")]));
    }

    [Fact]
    public void A_bilateral_smirk_without_the_Duchenne_marker_still_reads_as_contempt()
    {
        var aus = new float[ActionUnits.Count];
        foreach (var (au, v) in Profiles["smirk"])
        {
            aus[ActionUnits.IndexOf(int.Parse(au, CultureInfo.InvariantCulture))] = (float)v;
        }

        var probs = new float[LabelTables.Emfacs.Count];
        EmfacsPrototypes.Score(aus, probs);
        Assert.Equal(probs.Max(), probs[LabelTables.Emfacs.IndexOf("contempt")]);
    }

    [Theory]
    [InlineData("smile", 1, 0.25, 0.95)]
    [InlineData("laugh", 2, 0.25, 0.95)]
    [InlineData("broad", 3, 0.25, 0.95)]
    [InlineData("slight", 4, 0.10, 0.0)] // AU12 1.6: a faint smile may stay "neutral", but its valence is positive
    public async Task Real_style_smile_clips_fuse_to_happiness_with_clearly_positive_valence(string profile, int seed, double minValence, double minHappyShare)
    {
        using var dir = new TempFolder();
        var path = Write(dir.File(profile + ".csv"), profile, 6, seed);
        var fused = await Fuse("openface:" + path);
        var settled = fused.Where(f => f.Tick * 0.1 >= 1.5).ToArray();
        Assert.True(settled.Length > 30);
        var happyShare = settled.Count(f => f.Category == EmotionCategory.Happiness) / (double)settled.Length;
        Assert.True(happyShare >= minHappyShare, $"{profile}: happiness in {happyShare:P0} of settled ticks; first {fused[0].Category}");
        Assert.DoesNotContain(fused, f => f.Category == EmotionCategory.Contempt && f.Tick * 0.1 > 1.0);
        Assert.True(settled.Average(f => f.Valence) >= minValence, $"{profile}: mean valence {settled.Average(f => f.Valence)}");
    }

    [Fact]
    public async Task A_clip_whose_first_frames_look_like_contempt_does_not_keep_that_label()
    {
        // A slow onset: AU12+AU14 without AU6 for the first half second (the contempt rule), then a laugh.
        using var dir = new TempFolder();
        var path = Write(dir.File("onset.csv"), "laugh", 5, 7, onsetSeconds: 1.2);
        var fused = await Fuse("openface:" + path);
        Assert.Equal(EmotionCategory.Happiness, fused[^1].Category);
        var firstHappy = Array.FindIndex(fused, f => f.Category == EmotionCategory.Happiness);
        Assert.InRange(firstHappy * 0.1, 0, 2.0);
    }
}

internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "affect-perc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
