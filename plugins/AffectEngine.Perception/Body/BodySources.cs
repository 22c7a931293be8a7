using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Perception.Sources;

namespace AffectEngine.Perception.Body;

/// <summary>Shared by the pose sources: features per frame, mapped to a body percept.</summary>
internal abstract class PoseSource : RecordingSource
{
    /// <summary>Frame rate assumed when the files carry no time (OpenPose writes none).</summary>
    public const double DefaultFps = 30;

    protected PoseSource(string id, string path)
        : base(id, path, Modality.Body)
    {
    }

    protected static void Emit(IPerceptSink sink, string id, BodyFeatures features, double time, Skeleton? s) =>
        sink.Push(features.ToPercept(id, DefaultPerson, time, s));

    protected static Keypoint Kp(double x, double y, double z, double c) =>
        double.IsFinite(x) && double.IsFinite(y) && double.IsFinite(c) ? new Keypoint(x, y, double.IsFinite(z) ? z : 0, c) : default;

    protected static Keypoint Mid(Keypoint a, Keypoint b) =>
        a.Seen && b.Seen ? new Keypoint((a.X + b.X) / 2, (a.Y + b.Y) / 2, (a.Z + b.Z) / 2, Math.Min(a.Confidence, b.Confidence)) : default;
}

/// <summary>
/// OpenPose output: a folder with one JSON file per frame (<c>--write_json</c>), each
/// <c>{"version":1.3,"people":[{"pose_keypoints_2d":[x,y,c, ...]}]}</c> in the BODY_25 layout (Cao et
/// al. 2019, "OpenPose: realtime multi-person 2D pose estimation using part affinity fields", TPAMI)
/// — 0 nose, 1 neck, 2–4 right shoulder/elbow/wrist, 5–7 left, 8 mid-hip — or COCO-18 (1 neck, no
/// mid-hip: the hips' midpoint). Frames are ordered by the frame number in the file names and timed at
/// the given frame rate (30 fps unless the spec ends in <c>@&lt;fps&gt;</c>). With several people the
/// largest skeleton (the one nearest the camera) is the observed person.
/// </summary>
internal sealed class OpenPoseFolderSource : PoseSource
{
    private readonly double _fps;

    public OpenPoseFolderSource(string id, string folder, double fps)
        : base(id, folder) => _fps = fps;

    protected override async Task ReplayAsync(IPerceptSink sink, CancellationToken ct)
    {
        var files = Directory.GetFiles(Path, "*.json").OrderBy(FrameNumber).ThenBy(f => f, StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new FormatException($"OpenPose folder '{Path}' has no .json frame files (run OpenPose with --write_json <folder>).");
        }

        var features = new BodyFeatures();
        var bodies = 0;
        var refused = 0;
        string? firstProblem = null;
        for (var i = 0; i < files.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            var bytes = await File.ReadAllBytesAsync(files[i], ct).ConfigureAwait(false);
            Skeleton? s;
            try
            {
                s = Parse(bytes);
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                // One corrupt frame among thousands is counted; a folder of nothing but bad frames is an error.
                firstProblem ??= $"OpenPose frame '{files[i]}': {TextExport.Printable(e.Message)}";
                refused++;
                sink.Reject(Id, "malformed");
                continue;
            }

            bodies += s is null ? 0 : 1;
            Emit(sink, Id, features, i / _fps, s);
        }

        if (refused == files.Length)
        {
            throw new FormatException(firstProblem + $" (and every other frame of {files.Length} was refused too)");
        }

        Description = string.Create(CultureInfo.InvariantCulture, $"OpenPose JSON folder: {files.Length} frames at {_fps:0.##} fps, a body in {bodies}{(firstProblem is null ? string.Empty : $"; {refused} refused, first: {firstProblem}")}");
    }

    private static long FrameNumber(string file)
    {
        // "clip_000000000042_keypoints.json": the last run of digits in the name is the frame number.
        var name = System.IO.Path.GetFileNameWithoutExtension(file);
        long number = -1, value = 0;
        var inDigits = false;
        foreach (var ch in name)
        {
            if (char.IsAsciiDigit(ch))
            {
                value = inDigits ? (value * 10) + (ch - '0') : ch - '0';
                inDigits = true;
            }
            else if (inDigits)
            {
                number = value;
                inDigits = false;
            }
        }

        return inDigits ? value : number;
    }

    internal static Skeleton? Parse(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty("people", out var people) || people.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("no \"people\" array (is this an OpenPose --write_json file?)");
        }

        Skeleton? best = null;
        var bestSize = 0.0;
        foreach (var person in people.EnumerateArray())
        {
            if (!person.TryGetProperty("pose_keypoints_2d", out var kp) || kp.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var v = kp.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN).ToArray();
            if (v.Length != 75 && v.Length != 54)
            {
                throw new FormatException($"pose_keypoints_2d has {v.Length} values; BODY_25 has 75 (25 × x, y, c) and COCO 54");
            }

            Keypoint K(int i) => Kp(v[3 * i], v[(3 * i) + 1], 0, v[(3 * i) + 2]);
            var s = new Skeleton
            {
                Nose = K(0),
                Neck = K(1),
                RightShoulder = K(2),
                RightElbow = K(3),
                RightWrist = K(4),
                LeftShoulder = K(5),
                LeftElbow = K(6),
                LeftWrist = K(7),
                MidHip = v.Length == 75 ? K(8) : Mid(K(8), K(11)),
            };
            if (!s.MidHip.Seen && v.Length == 75)
            {
                s.MidHip = Mid(K(9), K(12));
            }

            var size = s.Neck.Seen && s.MidHip.Seen ? Math.Abs(s.MidHip.Y - s.Neck.Y) : 0;
            if (size > bestSize)
            {
                best = s;
                bestSize = size;
            }
        }

        return best;
    }
}

/// <summary>
/// MediaPipe Pose landmarks (Bazarevsky et al. 2020, "BlazePose: on-device real-time body pose
/// tracking", CVPR workshops): 33 landmarks with normalized x, y (0–1, y down), z (depth, hip origin)
/// and visibility — 0 nose, 11/12 left/right shoulder, 13/14 elbows, 15/16 wrists, 23/24 hips. Read
/// from JSON (an array of frames, or <c>{"frames":[...]}</c>; each frame has a time and
/// <c>"landmarks"</c>: 33 objects, or a list of poses as the Tasks API's PoseLandmarkerResult writes)
/// or CSV (long: frame/time, landmark, x, y, z, visibility; or wide: <c>x_0, y_0, z_0, visibility_0</c>
/// … or <c>nose_x</c> …). Time: "timestamp_ms" (ms), "time"/"timestamp" (s), else "frame" at 30 fps.
/// </summary>
internal sealed class MediaPipeFileSource : PoseSource
{
    private const int Landmarks = 33;

    private static readonly string[] Names =
    {
        "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye", "right_eye_outer", "left_ear", "right_ear",
        "mouth_left", "mouth_right", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
        "left_pinky", "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb", "left_hip", "right_hip",
        "left_knee", "right_knee", "left_ankle", "right_ankle", "left_heel", "right_heel", "left_foot_index", "right_foot_index",
    };

    public MediaPipeFileSource(string id, string path)
        : base(id, path)
    {
    }

    protected override async Task ReplayAsync(IPerceptSink sink, CancellationToken ct)
    {
        var frames = Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? await ReadJson(ct).ConfigureAwait(false)
            : await ReadCsv(sink, ct).ConfigureAwait(false);
        if (frames.Count == 0)
        {
            throw new FormatException($"MediaPipe file '{Path}' has no frames.");
        }

        var features = new BodyFeatures();
        foreach (var (t, lm) in frames)
        {
            ct.ThrowIfCancellationRequested();
            Emit(sink, Id, features, t, lm is null ? null : ToSkeleton(lm));
        }

        Description = $"MediaPipe pose landmarks ({(Path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "JSON" : "CSV")}): {frames.Count} frames, {Landmarks} landmarks with depth";
    }

    private static Skeleton ToSkeleton(Keypoint[] lm)
    {
        var ls = lm[11];
        var rs = lm[12];
        return new Skeleton
        {
            Nose = lm[0],
            LeftShoulder = ls,
            RightShoulder = rs,
            Neck = Mid(ls, rs),
            LeftElbow = lm[13],
            RightElbow = lm[14],
            LeftWrist = lm[15],
            RightWrist = lm[16],
            MidHip = Mid(lm[23], lm[24]),
            HasDepth = true,
        };
    }

    private async Task<List<(double, Keypoint[]?)>> ReadJson(CancellationToken ct)
    {
        var text = TextExport.Decode(await File.ReadAllBytesAsync(Path, ct).ConfigureAwait(false), Path, "MediaPipe JSON");
        var frames = new List<(double, Keypoint[]?)>();
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var list = root.ValueKind == JsonValueKind.Array ? root
                : root.TryGetProperty("frames", out var fr) && fr.ValueKind == JsonValueKind.Array ? fr
                : throw new FormatException("expected an array of frames or {\"frames\": [...]}");
            var index = 0;
            foreach (var frame in list.EnumerateArray())
            {
                var t = TimeOf(frame, index);
                Keypoint[]? lm = null;
                if (frame.TryGetProperty("landmarks", out var l) && l.ValueKind == JsonValueKind.Array && l.GetArrayLength() > 0)
                {
                    // The Tasks API nests one list per detected pose; the first pose is the observed person.
                    var pose = l[0].ValueKind == JsonValueKind.Array ? l[0] : l;
                    if (pose.GetArrayLength() != Landmarks)
                    {
                        throw new FormatException($"frame {index}: {pose.GetArrayLength()} landmarks; MediaPipe Pose has {Landmarks}");
                    }

                    lm = pose.EnumerateArray().Select(p => Kp(Get(p, "x"), Get(p, "y"), Get(p, "z"), p.TryGetProperty("visibility", out _) ? Get(p, "visibility") : 1)).ToArray();
                }

                frames.Add((t, lm));
                index++;
            }
        }
        catch (JsonException e)
        {
            throw new FormatException($"MediaPipe JSON '{Path}': line {e.LineNumber + 1}: {TextExport.Printable(e.Message)}", e);
        }
        catch (FormatException e) when (!e.Message.StartsWith("MediaPipe", StringComparison.Ordinal))
        {
            throw new FormatException($"MediaPipe JSON '{Path}': {e.Message}", e);
        }

        return frames;
    }

    private static double TimeOf(JsonElement frame, int index)
    {
        if (frame.TryGetProperty("timestamp_ms", out var ms) && ms.ValueKind == JsonValueKind.Number)
        {
            return ms.GetDouble() / 1000;
        }

        foreach (var name in new[] { "time", "timestamp", "t" })
        {
            if (frame.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.Number)
            {
                return s.GetDouble();
            }
        }

        return (frame.TryGetProperty("frame", out var f) && f.ValueKind == JsonValueKind.Number ? f.GetDouble() : index) / DefaultFps;
    }

    private static double Get(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN;

    private async Task<List<(double, Keypoint[]?)>> ReadCsv(IPerceptSink sink, CancellationToken ct)
    {
        var (h, rows) = await ReadCsvAsync(Path, "MediaPipe CSV", ct).ConfigureAwait(false);
        var msCol = h.Find("timestamp_ms", "time_ms");
        var sCol = msCol < 0 ? h.Find("time", "timestamp", "seconds", "t") : -1;
        var frameCol = h.Find("frame", "frame_idx", "frame_index");
        if (msCol < 0 && sCol < 0 && frameCol < 0)
        {
            throw new FormatException($"MediaPipe CSV '{Path}' needs a time column ('timestamp_ms', 'time' in s) or 'frame'. Columns: {h.Describe()}.");
        }

        double Time(string[] f) => msCol >= 0 ? Number(f, msCol) / 1000 : sCol >= 0 ? Number(f, sCol) : Number(f, frameCol) / DefaultFps;
        var frames = new List<(double, Keypoint[]?)>();
        var landmarkCol = h.Find("landmark", "landmark_id", "id", "index", "joint");
        if (landmarkCol >= 0)
        {
            // Long format: one row per landmark.
            int xc = h.Find("x"), yc = h.Find("y"), zc = h.Find("z"), vc = h.Find("visibility");
            if (xc < 0 || yc < 0)
            {
                throw new FormatException($"MediaPipe CSV '{Path}' (one row per landmark) needs 'x' and 'y' columns. Columns: {h.Describe()}.");
            }

            Keypoint[]? current = null;
            var currentTime = double.NaN;
            foreach (var (line, f) in rows)
            {
                var t = Time(f);
                if (current is null || t != currentTime)
                {
                    if (current is not null)
                    {
                        frames.Add((currentTime, current));
                    }

                    current = new Keypoint[Landmarks];
                    currentTime = t;
                }

                var which = f[landmarkCol];
                var k = int.TryParse(which, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : Array.IndexOf(Names, which.ToLowerInvariant());
                if (k < 0 || k >= Landmarks || f.Length != h.Count)
                {
                    sink.Reject(Id, "malformed");
                    continue;
                }

                current[k] = Kp(Number(f, xc), Number(f, yc), zc >= 0 ? Number(f, zc) : 0, vc >= 0 ? Number(f, vc) : 1);
            }

            if (current is not null)
            {
                frames.Add((currentTime, current));
            }

            return frames;
        }

        // Wide format: x_0 … or nose_x ….
        var cols = new int[Landmarks, 4];
        var found = 0;
        for (var k = 0; k < Landmarks; k++)
        {
            var axes = new[] { "x", "y", "z", "visibility" };
            for (var a = 0; a < 4; a++)
            {
                var i = k.ToString(CultureInfo.InvariantCulture);
                cols[k, a] = h.Find($"{axes[a]}_{i}", $"{axes[a]}{i}", $"{i}_{axes[a]}", $"{Names[k]}_{axes[a]}", $"{Names[k]}.{axes[a]}");
                found += cols[k, a] >= 0 ? 1 : 0;
            }
        }

        if (cols[11, 0] < 0 || cols[12, 0] < 0 || cols[23, 0] < 0 || cols[24, 0] < 0)
        {
            throw new FormatException($"MediaPipe CSV '{Path}' has no landmark columns for the shoulders and hips (x_11/left_shoulder_x ...); expected one row per frame with x_i, y_i, z_i, visibility_i or one row per landmark with 'landmark', 'x', 'y'. Columns: {h.Describe()}.");
        }

        foreach (var (_, f) in rows)
        {
            if (f.Length != h.Count)
            {
                sink.Reject(Id, "malformed");
                continue;
            }

            var lm = new Keypoint[Landmarks];
            for (var k = 0; k < Landmarks; k++)
            {
                lm[k] = cols[k, 0] < 0 ? default : Kp(Number(f, cols[k, 0]), Number(f, cols[k, 1]), cols[k, 2] >= 0 ? Number(f, cols[k, 2]) : 0, cols[k, 3] >= 0 ? Number(f, cols[k, 3]) : 1);
            }

            frames.Add((Time(f), lm));
        }

        return frames;
    }
}
