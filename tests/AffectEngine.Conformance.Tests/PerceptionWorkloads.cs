using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AffectEngine.Conformance.Tests;

/// <summary>
/// Data for each bundled perception source kind: the real fixture recordings of the perception tests
/// with bad lines appended, a generic CSV with garbage, NaN, out-of-range and out-of-order rows, and
/// real OSC packets (good, NaN, garbage, unknown address) sent over loopback UDP.
/// </summary>
internal static class PerceptionWorkloads
{
    /// <summary>Kinds the kit runs with its spec checks only, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> SpecOnly = new Dictionary<string, string>
    {
        ["lsl"] = "needs an LSL outlet on the network; LslTests in AffectEngine.Perception.Tests drive it",
        ["e4stream"] = "needs an E4 streaming server; E4StreamTests in AffectEngine.Perception.Tests drive it",
        ["face"] = "needs the downloaded model and OpenCV's native libraries; FaceSourceTests in AffectEngine.Perception.Face.Tests drive it with real images and a video",
        ["pose"] = "needs the downloaded MoveNet model and OpenCV's native libraries; PoseTests in AffectEngine.Perception.Face.Tests drive it with generated full-body frames, a photograph and a video",
        ["voice"] = "needs speech made by espeak-ng and sox; VoiceSourceTests in AffectEngine.Perception.Voice.Tests drive it with WAV files, a pipe and a loopback UDP peer",
    };

    public static PerceptionWorkload? For(string kind, string temp)
    {
        var fixtures = Path.Combine(RepoRoot(), "tests", "AffectEngine.Perception.Tests", "fixtures");
        switch (kind)
        {
            case "csv":
                File.WriteAllText(Path.Combine(temp, "session.csv"), string.Join('\n',
                    "time,person,valence,arousal,category,confidence",
                    "0.0,anna,0.6,0.3,happy,0.9",
                    "0.1,anna,0.5,0.2,happy,0.9",
                    "0.1,ben,-0.5,0.6,angry,0.8",
                    "garbage line",
                    "0.2,anna,NaN,0.2,happy,0.9",
                    "0.3,anna,3.5,0.2,happy,0.9",
                    "0.4,anna,0.4,0.1,happy,0.9",
                    "0.05,anna,0.4,0.1,happy,0.9",
                    "0.5,ben,-0.4,0.5,angry,0.8") + "\n");
                return new PerceptionWorkload { Spec = "csv:session.csv", BaseDirectory = temp, MinRejects = 3, MinPercepts = 5 };
            case "openface":
                File.WriteAllText(Path.Combine(temp, "face.csv"), File.ReadAllText(Path.Combine(fixtures, "openface_smile_v22.csv")).TrimEnd() + "\n1,2,3\n");
                return new PerceptionWorkload { Spec = "openface:face.csv", BaseDirectory = temp, MinRejects = 1, MinPercepts = 3 };
            case "imotions":
                File.WriteAllText(Path.Combine(temp, "affdex.csv"), File.ReadAllText(Path.Combine(fixtures, "imotions_affdex.csv")).TrimEnd() + "\n1,2\n");
                return new PerceptionWorkload { Spec = "imotions:affdex.csv", BaseDirectory = temp, MinRejects = 1, MinPercepts = 3 };
            case "openpose":
                // Generated BODY_25 --write_json frames (a still listener), then one corrupt frame.
                var poses = Directory.CreateDirectory(Path.Combine(temp, "poses")).FullName;
                for (var i = 0; i < 12; i++)
                {
                    var kp = string.Join(",", Enumerable.Range(0, 25).SelectMany(j => j switch
                    {
                        0 => new[] { "320", "130", "0.9" },
                        1 => new[] { "320", "180", "0.9" },
                        2 => new[] { "270", "185", "0.9" },
                        5 => new[] { "370", "185", "0.9" },
                        4 => new[] { (290 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "300", "0.8" },
                        7 => new[] { "350", "300", "0.8" },
                        8 => new[] { "320", "330", "0.9" },
                        _ => new[] { "0", "0", "0" },
                    }));
                    File.WriteAllText(Path.Combine(poses, $"c_{i:D12}_keypoints.json"), "{\"version\":1.3,\"people\":[{\"pose_keypoints_2d\":[" + kp + "]}]}");
                }

                File.WriteAllText(Path.Combine(poses, "c_000000000012_keypoints.json"), "{\"version\":1.3,\"people\":[{\"pose_keypoints_2d\":[1,2");
                return new PerceptionWorkload { Spec = "openpose:poses", BaseDirectory = temp, MinRejects = 1, MinPercepts = 3 };
            case "mediapipe":
                // Generated long-format landmark CSV (shoulders, hips, nose), then a garbage row.
                var mp = new System.Text.StringBuilder("time,landmark,x,y,z,visibility\n");
                for (var i = 0; i < 10; i++)
                {
                    foreach (var (k, x, y) in new[] { (0, 0.5, 0.27), (11, 0.58, 0.38), (12, 0.42, 0.38), (23, 0.54, 0.69), (24, 0.46, 0.69) })
                    {
                        mp.Append(System.FormattableString.Invariant($"{i / 30.0:0.####},{k},{x},{y},0,0.95\n"));
                    }
                }

                File.WriteAllText(Path.Combine(temp, "pose.csv"), mp + "0.4,99,1\n");
                return new PerceptionWorkload { Spec = "mediapipe:pose.csv", BaseDirectory = temp, MinRejects = 1, MinPercepts = 3 };
            case "e4":
                var dir = Directory.CreateDirectory(Path.Combine(temp, "e4")).FullName;
                foreach (var f in Directory.GetFiles(Path.Combine(fixtures, "e4")))
                {
                    File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
                }

                File.AppendAllText(Path.Combine(dir, "HR.csv"), "not-a-number\n");
                return new PerceptionWorkload { Spec = "e4:e4", BaseDirectory = temp, MinRejects = 1, MinPercepts = 3 };
            case "osc":
                var port = FreeUdpPort();
                return new PerceptionWorkload
                {
                    Spec = $"osc:127.0.0.1:{port}",
                    Feed = ct => SendOscAsync(port, ct),
                    MinRejects = 3,
                    MinPercepts = 3,
                };
            case "opensmile":
                File.WriteAllText(Path.Combine(temp, "lld.csv"), OpenSmileLld());
                return new PerceptionWorkload { Spec = "opensmile:lld.csv", BaseDirectory = temp, MinRejects = 2, MinPercepts = 3 };
            default:
                return null;
        }
    }

    /// <summary>
    /// openSMILE eGeMAPS low-level descriptors as cCsvSink writes them (';', quoted name, frameTime):
    /// four voiced stretches of 1.5 s at 10 ms with pauses between, a short row and a NaN row.
    /// </summary>
    private static string OpenSmileLld()
    {
        var b = new StringBuilder("name;frameTime;Loudness_sma3;alphaRatio_sma3;hammarbergIndex_sma3;F0semitoneFrom27.5Hz_sma3nz;jitterLocal_sma3nz;shimmerLocaldB_sma3nz;HNRdBACF_sma3nz\n");
        var frame = 0;
        for (var stretch = 0; stretch < 4; stretch++)
        {
            for (var i = 0; i < 190; i++, frame++)
            {
                var voiced = i < 150;
                var loudness = voiced ? 0.4 + 0.3 * Math.Sin(i * 0.6) + 0.1 * stretch : 0.02;
                var f0 = voiced ? 22 + stretch + Math.Sin(i * 0.1) : 0;
                b.Append(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"'unknown';{frame * 0.01:0.000000};{loudness:0.000000e+00};-1.2e+01;2.0e+01;{f0:0.000000e+00};{(voiced ? 0.02 : 0)};{(voiced ? 1.1 : 0)};{(voiced ? 8 : 0)}\n"));
            }
        }

        b.Append("'unknown';9.000000;1;2\n");
        b.Append("'unknown';9.010000;nan;-1.2e+01;2.0e+01;2.2e+01;0.02;1.1;8\n");
        return b.ToString();
    }

    private static async Task SendOscAsync(int port, CancellationToken ct)
    {
        using var udp = new UdpClient();
        var target = new IPEndPoint(IPAddress.Loopback, port);
        var packets = new List<byte[]>
        {
            Osc("/affect/p1/va", 0.5f, 0.25f),
            Osc("/affect/p1/va", 0.4f, 0.2f),
            Osc("/affect/p1/va", float.NaN, 0.2f),            // rejected: nan
            new byte[] { 1, 2, 3 },                             // rejected: malformed
            Osc("/nowhere/p1/va", 0.1f, 0.1f),                 // rejected: unknown address
            Osc("/affect/p2/va", -0.3f, 0.6f),
        };
        foreach (var p in packets)
        {
            await udp.SendAsync(p, target, ct).ConfigureAwait(false);
        }
    }

    /// <summary>An OSC 1.0 message with float arguments: padded address, padded type tags, big-endian floats.</summary>
    private static byte[] Osc(string address, params float[] args)
    {
        var bytes = new List<byte>();
        void Padded(string s)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes(s));
            bytes.Add(0);
            while (bytes.Count % 4 != 0)
            {
                bytes.Add(0);
            }
        }

        Padded(address);
        Padded("," + new string('f', args.Length));
        var buffer = new byte[4];
        foreach (var a in args)
        {
            BinaryPrimitives.WriteSingleBigEndian(buffer, a);
            bytes.AddRange(buffer);
        }

        return bytes.ToArray();
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    public static string RepoRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AffectEngine.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("AffectEngine.sln not found above " + AppContext.BaseDirectory);
    }
}
