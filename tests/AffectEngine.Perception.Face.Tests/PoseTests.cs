using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AffectEngine.Perception.Body;
using AffectEngine.Perception.Face.Onnx;
using OpenCvSharp;
using Xunit.Abstractions;

namespace AffectEngine.Perception.Face.Tests;

/// <summary>Provisions the real pose model once per test run.</summary>
public sealed class PoseModelFixture
{
    public PoseModelFixture()
    {
        Files = PoseModelStore.EnsureModel();
    }

    public PoseModelFiles Files { get; }
}

[CollectionDefinition("pose model")]
public sealed class PoseModelCollection : ICollectionFixture<PoseModelFixture>
{
}

[Collection("pose model")]
public class PoseTests
{
    private readonly PoseModelFixture _model;
    private readonly ITestOutputHelper _output;

    public PoseTests(PoseModelFixture model, ITestOutputHelper output)
    {
        _model = model;
        _output = output;
    }

    [Fact]
    public void Provisioned_pose_files_match_the_pinned_hashes_and_the_model_is_movenet_lightning()
    {
        Assert.Equal(PoseModelStore.ModelJsonSha256, FaceModelStore.Sha256(_model.Files.TfjsModelJson));
        Assert.Equal(PoseModelStore.ModelBinSha256, FaceModelStore.Sha256(Path.Combine(_model.Files.Directory, "movenet-lightning.bin")));
        var g = TfjsGraphModel.Load(_model.Files.TfjsModelJson);
        Assert.Contains("movenet/singlepose/lightning", g.GeneratedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void Converted_heads_decoded_in_csharp_match_tfjs_movenet_end_to_end()
    {
        // The whole tfjs graph (integer pixels in, [y, x, score] × 17 out, its own decoding) is the
        // reference for the converted backbone + heads and the C# decoding, on a real photograph and
        // on two generated full-body frames.
        using var est = new PoseEstimator(_model.Files.OnnxModel);
        using var astronaut = TestImages.AstronautFrame();
        using var up = Figure.Render(150, 150);
        using var akimbo = Figure.Render(40, 40, 100, 100, shiftX: -60);
        var maxPos = 0.0;
        var maxScore = 0.0;
        foreach (var frame in new[] { astronaut, up, akimbo })
        {
            est.Preprocess(frame);
            var input = est.Input.ToArray();
            var pixels = input.Select(v => (float)Math.Round((v + 1f) / 0.007843017578125f)).ToArray();
            var reference = TfjsReference.Run(_model.Files.TfjsModelJson, pixels, 1, "192x192x3", "int32");
            Assert.Equal(PoseEstimator.Keypoints * 3, reference.Length);
            var mine = est.EstimateNormalised(input);
            for (var k = 0; k < PoseEstimator.Keypoints; k++)
            {
                maxPos = Math.Max(maxPos, Math.Max(Math.Abs(reference[(3 * k) + 0] - mine[k].Y), Math.Abs(reference[(3 * k) + 1] - mine[k].X)));
                maxScore = Math.Max(maxScore, Math.Abs(reference[(3 * k) + 2] - mine[k].Score));
            }
        }

        _output.WriteLine($"max |tfjs - onnx|: position {maxPos:E3} (of the unit square), score {maxScore:E3}");
        Assert.True(maxPos <= 1e-3, $"position differs by {maxPos:E3}");
        Assert.True(maxScore <= 1e-3, $"score differs by {maxScore:E3}");
    }

    [Fact]
    public void Keypoints_of_a_generated_figure_are_where_it_was_drawn()
    {
        using var est = new PoseEstimator(_model.Files.OnnxModel);
        using var frame = Figure.Render(10, 10);
        var k = est.Estimate(frame);
        _output.WriteLine(string.Join(" ", k.Select((p, i) => $"{i}:({p.X:F0},{p.Y:F0},{p.Score:F2})")));

        // Drawn: head centre (320, 92), shoulders (270|370, 150), hips (292|348, 290), ankles (284|356, 450).
        Near(k[0], 320, 100, 20);
        Near(k[5], 370, 150, 25);
        Near(k[6], 270, 150, 25);
        Near(k[11], 348, 290, 45);
        Near(k[12], 292, 290, 45);
        Near(k[15], 356, 450, 25);
        Near(k[16], 284, 450, 25);
        Assert.All(k, p => Assert.True(p.Score > 0.3f, $"score {p.Score}"));
    }

    [Fact]
    public void Raised_arms_read_as_more_expansive_aroused_and_dominant_and_a_bowed_head_as_less_dominant()
    {
        using var est = new PoseEstimator(_model.Files.OnnxModel);
        BodyFrame Features(Mat frame)
        {
            using (frame)
            {
                var f = new BodyFeatures().Add(0, PoseSources.ToSkeleton(est.Estimate(frame)));
                Assert.True(f.HasValue, "the torso is measured");
                return f.Value;
            }
        }

        var down = Features(Figure.Render(10, 10));
        var up = Features(Figure.Render(150, 150));
        var wide = Features(Figure.Render(90, 90));
        var bowed = Features(Figure.Render(10, 10, headDrop: 30));
        _output.WriteLine($"down {down}\nup {up}\nwide {wide}\nbowed {bowed}");

        Assert.Equal(0, down.ArmsRaised);
        Assert.Equal(1, up.ArmsRaised);
        Assert.True(up.Expansiveness > down.Expansiveness + 1, $"{up.Expansiveness} vs {down.Expansiveness}");
        Assert.True(wide.Expansiveness > down.Expansiveness + 1.2, $"{wide.Expansiveness} vs {down.Expansiveness}");
        Assert.True(bowed.HeadUp < down.HeadUp - 0.15, $"{bowed.HeadUp} vs {down.HeadUp}");

        var (_, aDown, dDown) = BodyFeatures.Map(down);
        var (_, aUp, dUp) = BodyFeatures.Map(up);
        var (vBowed, _, dBowed) = BodyFeatures.Map(bowed);
        var (vDown, _, _) = BodyFeatures.Map(down);
        Assert.True(aUp > aDown + 0.1, $"arousal {aUp} vs {aDown}");
        Assert.True(dUp > dDown + 0.2, $"dominance {dUp} vs {dDown}");
        Assert.True(dBowed < dDown - 0.2, $"dominance {dBowed} vs {dDown}");
        Assert.True(vBowed < vDown, $"valence {vBowed} vs {vDown}");
    }

    [Fact]
    public async Task Video_of_a_figure_waving_then_leaving_reads_movement_then_nobody()
    {
        const double fps = 10;
        var dir = TestImages.TempDir();
        try
        {
            var video = Path.Combine(dir, "wave.avi");
            var frames = new List<Mat>();
            for (var i = 0; i < 15; i++)
            {
                frames.Add(Figure.Render(10, 10)); // standing still
            }

            for (var i = 0; i < 15; i++)
            {
                var a = i % 2 == 0 ? 40 : 160; // waving both arms, 5 beats a second
                frames.Add(Figure.Render(a, a));
            }

            for (var i = 0; i < 5; i++)
            {
                frames.Add(new Mat(480, 640, MatType.CV_8UC3, new Scalar(185, 195, 200))); // the wall, nobody in view
            }

            using (var writer = new VideoWriter(video, FourCC.MJPG, fps, new Size(640, 480)))
            {
                Assert.True(writer.IsOpened(), "OpenCV's built-in MJPEG/AVI writer opens");
                foreach (var f in frames)
                {
                    writer.Write(f);
                    f.Dispose();
                }
            }

            var source = PoseSources.Create("pose:wave.avi", "wave.avi", dir);
            Assert.Equal(Modality.Body, source.Modality);
            var sink = new CollectingSink();
            await source.StartAsync(sink, default);
            var raw = sink.Percepts.ToList();
            Assert.Equal(35, raw.Count);
            Assert.All(raw, p => Assert.Equal(Modality.Body, p.Modality));
            for (var i = 0; i < raw.Count; i++)
            {
                Assert.Equal(i / fps, raw[i].SourceTime, 9);
            }

            var still = raw.Skip(10).Take(5).ToList();
            var waving = raw.Skip(22).Take(8).ToList();
            Assert.All(still.Concat(waving), p => Assert.Equal(PerceptQuality.None, p.Quality));
            var aStill = still.Average(p => p.Affect!.Value.Arousal);
            var aWave = waving.Average(p => p.Affect!.Value.Arousal);
            _output.WriteLine($"arousal still {aStill:F2}, waving {aWave:F2}; last frames {string.Join(", ", raw.Skip(30).Select(p => p.Quality))}");
            Assert.True(aWave > aStill + 0.3, $"arousal waving {aWave} vs still {aStill}");
            Assert.All(raw.Skip(30), p => Assert.Equal(PerceptQuality.NoFace, p.Quality));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("", "needs 'camera<N>' or a video/image path after 'pose:'")]
    [InlineData("cameraX", "expected camera<N> with N a device number 0..63 (e.g. pose:camera0)")]
    public void Malformed_pose_specs_are_refused_with_what_was_expected(string argument, string expected)
    {
        var e = Assert.Throws<FormatException>(() => PoseSources.Create("pose:" + argument, argument, null));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_pose_camera_fails_start_naming_the_device_and_the_file_form()
    {
        Assert.Throws<FileNotFoundException>(() => PoseSources.Create("pose:nope.mp4", "nope.mp4", "/tmp"));
        var source = PoseSources.Create("pose:camera63", "camera63", null);
        var e = await Assert.ThrowsAsync<IOException>(() => source.StartAsync(new CollectingSink(), default));
        Assert.Contains("there is no camera 63 (/dev/video63 does not exist); connect a webcam or use pose:<video-file>", e.Message, StringComparison.Ordinal);
    }

    private static void Near(PoseKeypoint p, double x, double y, double within) =>
        Assert.True(Math.Abs(p.X - x) <= within && Math.Abs(p.Y - y) <= within, $"({p.X:F0}, {p.Y:F0}) is not within {within} px of ({x}, {y})");
}
