using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AffectEngine.Perception.Tests;

/// <summary>
/// Conformance of the body sources on files generated here in the tools' formats: OpenPose BODY_25
/// --write_json folders and MediaPipe Pose landmark JSON/CSV, of two postures: slumped and still
/// (head bowed, arms in, hands at the face now and then) and expansive and animated (head up, arms
/// wide and gesturing).
/// </summary>
public class BodySourceTests
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    // Joints in image pixels (640×480, y down): nose, neck, r-shoulder, r-elbow, r-wrist, l-shoulder, l-elbow, l-wrist, mid-hip, r-hip, l-hip.
    private static Dictionary<string, (double X, double Y)> Pose(string kind, double t, Random rng)
    {
        double N() => (rng.NextDouble() - 0.5) * 2; // ±1 px tracker jitter
        var p = new Dictionary<string, (double, double)>();
        if (kind == "slumped")
        {
            p["nose"] = (320 + N(), 205 + N());
            p["neck"] = (320 + N(), 215 + N());
            p["rs"] = (285 + N(), 220 + N());
            p["re"] = (280 + N(), 290 + N());
            p["rw"] = (300 + N(), 335 + N());
            p["ls"] = (355 + N(), 220 + N());
            p["le"] = (360 + N(), 290 + N());
            p["lw"] = (340 + N(), 335 + N());
            if (t % 4 > 3)
            {
                p["rw"] = (318, 212); // a hand to the face
            }
        }
        else
        {
            var g = Math.Sin(t * 2 * Math.PI * 1.5);
            p["nose"] = (320 + N(), 125 + N());
            p["neck"] = (320 + N(), 180 + N());
            p["rs"] = (270 + N(), 185 + N());
            p["re"] = (205 + (15 * g) + N(), 200 + (20 * g) + N());
            p["rw"] = (150 + (40 * g) + N(), 165 + (50 * g) + N());
            p["ls"] = (370 + N(), 185 + N());
            p["le"] = (435 - (15 * g) + N(), 200 - (20 * g) + N());
            p["lw"] = (490 - (40 * g) + N(), 165 - (50 * g) + N());
        }

        p["mid"] = (320 + N(), 330 + N());
        p["rh"] = (295 + N(), 330 + N());
        p["lh"] = (345 + N(), 330 + N());
        return p;
    }

    private static string OpenPoseFrame(Dictionary<string, (double X, double Y)> p, bool extraPerson)
    {
        var order = new[] { "nose", "neck", "rs", "re", "rw", "ls", "le", "lw", "mid", "rh", null, null, "lh" };
        var values = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var name = i < order.Length ? order[i] : null;
            if (name is not null && p.TryGetValue(name, out var xy))
            {
                values.Add(xy.X.ToString("0.###", Inv));
                values.Add(xy.Y.ToString("0.###", Inv));
                values.Add("0.87");
            }
            else
            {
                values.AddRange(new[] { "0", "0", "0" });
            }
        }

        var person = "{\"person_id\":[-1],\"pose_keypoints_2d\":[" + string.Join(",", values) + "],\"face_keypoints_2d\":[],\"hand_left_keypoints_2d\":[],\"hand_right_keypoints_2d\":[],\"pose_keypoints_3d\":[],\"face_keypoints_3d\":[],\"hand_left_keypoints_3d\":[],\"hand_right_keypoints_3d\":[]}";
        // A small far-away bystander: the largest skeleton is the observed person.
        var bystander = "{\"person_id\":[-1],\"pose_keypoints_2d\":[" + string.Join(",", Enumerable.Range(0, 25).SelectMany(i => new[] { (600 + (i % 3)).ToString(Inv), (100 + (i * 2)).ToString(Inv), "0.5" })) + "]}";
        return "{\"version\":1.3,\"people\":[" + person + (extraPerson ? "," + bystander : string.Empty) + "]}";
    }

    internal static string WriteOpenPose(string dir, string kind, double seconds, int seed)
    {
        Directory.CreateDirectory(dir);
        var rng = new Random(seed);
        for (var i = 0; i < seconds * 30; i++)
        {
            var json = i == 40 ? "{\"version\":1.3,\"people\":[]}" : OpenPoseFrame(Pose(kind, i / 30.0, rng), i % 7 == 0);
            File.WriteAllText(Path.Combine(dir, $"clip_{i:D12}_keypoints.json"), json);
        }

        return dir;
    }

    // MediaPipe landmarks are normalized (x/640, y/480) with depth z (hip origin) and visibility.
    private static readonly (int Index, string Joint)[] MediaPipeJoints = { (0, "nose"), (11, "ls"), (12, "rs"), (13, "le"), (14, "re"), (15, "lw"), (16, "rw"), (23, "lh"), (24, "rh") };

    private static (double X, double Y, double Z, double V)[] Landmarks(Dictionary<string, (double X, double Y)> p, string kind)
    {
        var lm = new (double, double, double, double)[33];
        for (var k = 0; k < 33; k++)
        {
            lm[k] = (0.5, 0.9, 0, 0.05); // unseen legs and hands
        }

        foreach (var (i, j) in MediaPipeJoints)
        {
            var z = j is "lh" or "rh" ? 0 : kind == "slumped" ? -0.05 : 0.02; // slumped: shoulders forward over the hips
            lm[i] = (p[j].X / 640, p[j].Y / 480, z, 0.98);
        }

        return lm;
    }

    internal static string WriteMediaPipe(string path, string kind, double seconds, int seed, string layout)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        var frames = (int)(seconds * 30);
        if (layout == "json")
        {
            sb.Append("{\"frames\":[");
            for (var i = 0; i < frames; i++)
            {
                var lm = Landmarks(Pose(kind, i / 30.0, rng), kind);
                sb.Append(i > 0 ? "," : string.Empty).Append("{\"timestamp_ms\":").Append((i * 1000 / 30.0).ToString("0.#", Inv)).Append(",\"landmarks\":[[");
                sb.Append(string.Join(",", lm.Select(l => string.Create(Inv, $"{{\"x\":{l.X:0.#####},\"y\":{l.Y:0.#####},\"z\":{l.Z:0.#####},\"visibility\":{l.V:0.###}}}"))));
                sb.Append("]]}");
            }

            sb.Append("]}");
        }
        else if (layout == "wide")
        {
            sb.Append("frame,").Append(string.Join(",", Enumerable.Range(0, 33).Select(k => $"x_{k},y_{k},z_{k},visibility_{k}"))).Append('\n');
            for (var i = 0; i < frames; i++)
            {
                var lm = Landmarks(Pose(kind, i / 30.0, rng), kind);
                sb.Append(i).Append(',').Append(string.Join(",", lm.Select(l => string.Create(Inv, $"{l.X:0.#####},{l.Y:0.#####},{l.Z:0.#####},{l.V:0.###}")))).Append('\n');
            }
        }
        else
        {
            sb.Append("time,landmark,x,y,z,visibility\n");
            for (var i = 0; i < frames; i++)
            {
                var lm = Landmarks(Pose(kind, i / 30.0, rng), kind);
                for (var k = 0; k < 33; k++)
                {
                    sb.Append(string.Create(Inv, $"{i / 30.0:0.####},{k},{lm[k].X:0.#####},{lm[k].Y:0.#####},{lm[k].Z:0.#####},{lm[k].V:0.###}\n"));
                }
            }
        }

        File.WriteAllText(path, sb.ToString());
        return path;
    }

    private static async Task<(List<Percept> Raw, PerceptInput Last)> Run(string spec)
    {
        var sink = new RecordingSink();
        await using (var source = PerceptionSourceFactory.Create(spec))
        {
            Assert.Equal(Modality.Body, source.Modality);
            await source.StartAsync(sink, CancellationToken.None);
        }

        await using var hub = new PerceptionHub();
        hub.AddSource(PerceptionSourceFactory.Create(spec), person: "t");
        await hub.StartAsync();
        PerceptInput last = null!;
        for (long tick = 0; !hub.RecordingsFinished; tick++)
        {
            last = hub.ProduceInputs(tick, tick * 0.1).Single();
        }

        return (sink.Percepts.ToList(), last);
    }

    private static (double V, double A, double D) Means(List<Percept> raw) =>
        (raw.Where(p => p.Affect is not null).Average(p => p.Affect!.Value.Valence),
         raw.Where(p => p.Affect is not null).Average(p => p.Affect!.Value.Arousal),
         raw.Where(p => p.Dominance is not null).Average(p => p.Dominance!.Value));

    [Fact]
    public async Task OpenPose_folders_read_an_expansive_animated_body_as_more_aroused_and_dominant_than_a_slumped_still_one()
    {
        using var tmp = new TempFolder();
        var slumped = await Run("openpose:" + WriteOpenPose(tmp.File("slumped"), "slumped", 5, 1));
        var open = await Run("openpose:" + WriteOpenPose(tmp.File("open"), "open", 5, 2));
        Assert.Equal(150, slumped.Raw.Count);
        Assert.True(slumped.Raw[40].Quality.HasFlag(PerceptQuality.NoFace)); // the empty frame: nobody in view
        Assert.Equal(40 / 30.0, slumped.Raw[40].SourceTime, 6);

        var s = Means(slumped.Raw);
        var o = Means(open.Raw);
        Assert.True(o.A > s.A + 0.5, $"arousal open {o.A} vs slumped {s.A}");
        Assert.True(o.D > s.D + 0.5, $"dominance open {o.D} vs slumped {s.D}");
        Assert.True(o.V > s.V, $"valence open {o.V} vs slumped {s.V}");
        Assert.True(s.D < -0.2 && o.D > 0.2);

        // Fused: body gives arousal and dominance but names no category on its own.
        Assert.Equal(EmotionCategory.Uncertain, open.Last.Category);
        Assert.True(open.Last.Arousal > 0.3f);
        Assert.True(open.Last.Dominance > 0.2f);
        Assert.True(slumped.Last.Dominance < -0.1f);
    }

    [Fact]
    public async Task OpenPose_at_another_frame_rate_is_timed_by_it()
    {
        using var tmp = new TempFolder();
        var dir = WriteOpenPose(tmp.File("p"), "open", 1, 3);
        var r = await Run("openpose:" + dir + "@15");
        Assert.Equal(29 / 15.0, r.Raw[^1].SourceTime, 6);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("wide")]
    [InlineData("long")]
    public async Task MediaPipe_landmarks_in_JSON_wide_and_long_CSV_agree_with_the_posture(string layout)
    {
        using var tmp = new TempFolder();
        var ext = layout == "json" ? ".json" : ".csv";
        var slumped = Means((await Run("mediapipe:" + WriteMediaPipe(tmp.File("s" + ext), "slumped", 4, 1, layout))).Raw);
        var open = Means((await Run("mediapipe:" + WriteMediaPipe(tmp.File("o" + ext), "open", 4, 2, layout))).Raw);
        Assert.True(open.A > slumped.A + 0.5, $"{layout}: arousal {open.A} vs {slumped.A}");
        Assert.True(open.D > slumped.D + 0.5, $"{layout}: dominance {open.D} vs {slumped.D}");
    }

    [Fact]
    public async Task Broken_pose_files_are_clear_errors_naming_the_file()
    {
        using var tmp = new TempFolder();
        var dir = WriteOpenPose(tmp.File("bad"), "open", 0.2, 4);
        File.WriteAllText(Path.Combine(dir, "clip_000000000003_keypoints.json"), "{\"version\":1.3,\"people\":[{\"pose_keypoints_2d\":[1,2,3]}]}");
        var output = new StringWriter();
        var error = new StringWriter();

        // One corrupt frame is counted and named; the rest replays.
        Assert.Equal(0, await PerceptsInspector.RunAsync("openpose:" + dir, 0, null, output, error, CancellationToken.None));
        Assert.Contains("rejected 1 from openpose:", output.ToString());
        Assert.Contains("clip_000000000003_keypoints.json", output.ToString());

        // A folder of nothing but bad frames is an error naming the first.
        foreach (var f in Directory.GetFiles(dir))
        {
            File.WriteAllText(f, "{\"version\":1.3,\"people\":[{\"pose_keypoints_2d\":[1,2,3]}]}");
        }

        output = new StringWriter();
        Assert.Equal(2, await PerceptsInspector.RunAsync("openpose:" + dir, 0, null, output, error, CancellationToken.None));
        Assert.Contains("keypoints.json", error.ToString());
        Assert.Contains("BODY_25 has 75", error.ToString());

        var empty = Directory.CreateDirectory(tmp.File("empty")).FullName;
        error = new StringWriter();
        Assert.Equal(2, await PerceptsInspector.RunAsync("openpose:" + empty, 0, null, output, error, CancellationToken.None));
        Assert.Contains("no .json frame files", error.ToString());

        var csv = tmp.File("mp.csv");
        File.WriteAllText(csv, "frame,a,b\n1,2,3\n");
        error = new StringWriter();
        Assert.Equal(2, await PerceptsInspector.RunAsync("mediapipe:" + csv, 0, null, output, error, CancellationToken.None));
        Assert.Contains("no landmark columns", error.ToString());
    }
}
