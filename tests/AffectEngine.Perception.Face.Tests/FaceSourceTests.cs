using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using OpenCvSharp;

namespace AffectEngine.Perception.Face.Tests;

[Collection("face model")]
public class FaceSourceTests
{
    private readonly ModelFixture _model;

    public FaceSourceTests(ModelFixture model) => _model = model;

    [Fact]
    public async Task Astronaut_image_is_detected_and_classified()
    {
        Assert.True(File.Exists(TestImages.Astronaut), "Debian python3-skimage (in .ci/apt-packages.txt) provides astronaut.png");
        var source = FaceSources.Create("face:" + TestImages.Astronaut, TestImages.Astronaut, null);
        Assert.True(source.IsRecording);
        var sink = new CollectingSink();
        await source.StartAsync(sink, CancellationToken.None);

        var p = Assert.Single(sink.Percepts);
        Assert.Equal(PerceptQuality.None, p.Quality);
        Assert.Equal(Modality.Face, p.Modality);
        Assert.Equal("fer7", p.LabelSet);
        Assert.Equal(0, p.SourceTime);
        Assert.Equal(ClockDomain.Recording, p.Clock);
        Assert.InRange(p.Confidence, FaceAnalyzer.LowQuality, 1f);
        var probs = p.ClassProbabilities.ToArray();
        Assert.Equal(7, probs.Length);
        Assert.Equal(1f, probs.Sum(), 3);
        // Eileen Collins smiles in the portrait: the model's top class is "happy".
        var top = Array.IndexOf(probs, probs.Max());
        Assert.Equal("happy", p.Labels![top].ClassName);
        Assert.Equal(EmotionCategory.Happiness, p.Labels[top].Category);
    }

    [Fact]
    public async Task Images_without_a_face_yield_no_face_not_an_emotion()
    {
        var dir = TestImages.TempDir();
        try
        {
            foreach (var path in new[] { TestImages.Gradient(dir), TestImages.Brick, TestImages.Moon })
            {
                var sink = new CollectingSink();
                await FaceSources.Create("face:" + path, path, null).StartAsync(sink, CancellationToken.None);
                var p = Assert.Single(sink.Percepts);
                Assert.Equal(PerceptQuality.NoFace, p.Quality);
                Assert.True(p.ClassProbabilities.IsEmpty, "no class scores without a face");
                Assert.Null(p.Labels);
                Assert.Equal(0f, p.Confidence);
            }

            // Through fusion the person is uncertain, never neutral.
            var gradient = Path.Combine(dir, "gradient.png");
            await using var hub = new PerceptionHub();
            hub.AddSource(FaceSources.Create("face:" + gradient, gradient, null), person: "trainee");
            await hub.StartAsync();
            var fused = hub.ProduceInputs(0, 0).Single(f => f.Person == "trainee");
            Assert.Equal(EmotionCategory.Uncertain, fused.Category);
            Assert.Equal(0f, fused.Confidence);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Face_cascade_false_alarms_are_rejected_by_the_eye_check()
    {
        using var analyzer = new FaceAnalyzer(_model.Files.OnnxModel);
        using var image = Cv2.ImRead(TestImages.Moon, ImreadModes.Color);
        using var moon = image.Resize(new Size(640, 480));
        var o = analyzer.Analyze(moon);
        Assert.True(o.FaceCount >= 1, "the face cascade alone fires on the moon's craters");
        Assert.False(o.Found);

        using var frame = TestImages.AstronautFrame();
        var face = analyzer.Analyze(frame);
        Assert.True(face.Found);
        Assert.Equal(2, Math.Min(face.Eyes, 2));
        Assert.Equal(1f, face.Quality);
        Assert.InRange(face.Box.X, 200, 300); // the face sits in the middle of the canvas
    }

    [Fact]
    public async Task Synthetic_video_flows_end_to_end_into_fused_percepts()
    {
        const double fps = 10;
        const int faceFrames = 20, blankFrames = 15;
        var dir = TestImages.TempDir();
        try
        {
            var video = Path.Combine(dir, "session.avi");
            using (var face = TestImages.AstronautFrame())
            using (var blank = new Mat(480, 640, MatType.CV_8UC3, new Scalar(90, 90, 90)))
            using (var writer = new VideoWriter(video, FourCC.MJPG, fps, new Size(640, 480)))
            {
                Assert.True(writer.IsOpened(), "OpenCV's built-in MJPEG/AVI writer opens");
                for (var i = 0; i < faceFrames; i++)
                {
                    // The face drifts a little, as a trainee in front of a webcam does.
                    using var shifted = new Mat();
                    using var m = Cv2.GetRotationMatrix2D(new Point2f(320, 240), 0, 1);
                    m.Set(0, 2, (double)(i % 5) * 3);
                    Cv2.WarpAffine(face, shifted, m, face.Size(), borderMode: BorderTypes.Replicate);
                    writer.Write(shifted);
                }

                for (var i = 0; i < blankFrames; i++)
                {
                    writer.Write(blank);
                }
            }

            var spec = "face:" + video;
            var source = FaceSources.Create(spec, video, null);
            var raw = new List<Percept>();
            var fused = new List<PerceptInput>();
            await using var hub = new PerceptionHub();
            using var rawSub = hub.RawPercepts.Subscribe(p => { lock (raw) { raw.Add(p); } });
            hub.AddSource(source, person: "trainee");
            await hub.StartAsync();
            for (long tick = 0; tick < 100 && !hub.RecordingsFinished; tick++)
            {
                fused.AddRange(hub.ProduceInputs(tick, tick * 0.1).Where(f => f.Person == "trainee"));
            }

            Assert.True(hub.RecordingsFinished);
            Assert.Equal(faceFrames + blankFrames, raw.Count);
            for (var i = 0; i < raw.Count; i++)
            {
                Assert.Equal(i / fps, raw[i].SourceTime, 9); // frame index over frame rate, no wall clock
            }

            Assert.All(raw.Take(faceFrames), p => Assert.Equal(PerceptQuality.None, p.Quality & PerceptQuality.NoFace));
            Assert.All(raw.Skip(faceFrames), p => Assert.Equal(PerceptQuality.NoFace, p.Quality));

            // While the face is in view the fused percept is confident happiness with positive valence...
            var during = fused.Where(f => f.Tick is >= 5 and < faceFrames).ToList();
            Assert.NotEmpty(during);
            Assert.All(during, f =>
            {
                Assert.Equal(EmotionCategory.Happiness, f.Category);
                Assert.True(f.Confidence > 0.3f, $"confidence {f.Confidence} at tick {f.Tick}");
                Assert.True(f.Valence > 0.1f, $"valence {f.Valence} at tick {f.Tick}");
            });

            // ...and once the face is gone it fades to uncertain, never to neutral.
            var last = fused[^1];
            Assert.Equal(EmotionCategory.Uncertain, last.Category);
            Assert.DoesNotContain(fused, f => f.Category == EmotionCategory.Neutral);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Missing_camera_fails_start_with_a_one_line_reason()
    {
        var source = FaceSources.Create("face:camera63", "camera63", null);
        Assert.False(source.IsRecording);
        var e = await Assert.ThrowsAsync<IOException>(() => source.StartAsync(new CollectingSink(), CancellationToken.None));
        Assert.Contains("face:camera63", e.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/video63 does not exist", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        await source.StopAsync();
    }

    [Theory]
    [InlineData("", "needs 'camera<N>' or a video/image path")]
    [InlineData("cameraX", "expected camera<N>")]
    [InlineData("camera64", "expected camera<N>")]
    public void Malformed_specs_are_refused_with_what_was_expected(string argument, string expected)
    {
        var e = Assert.Throws<FormatException>(() => FaceSources.Create("face:" + argument, argument, null));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_names_the_path()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FaceSources.Create("face:nope.avi", "nope.avi", "/tmp/affect-no-such-dir"));
        Assert.Contains("/tmp/affect-no-such-dir/nope.avi", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Face_label_table_is_the_perception_plugins_fer7_table()
    {
        var mine = FaceLabels.Fer7;
        var theirs = LabelTables.Fer7;
        Assert.Equal(theirs.Name, mine.Name);
        Assert.Equal(theirs.Count, mine.Count);
        for (var i = 0; i < mine.Count; i++)
        {
            Assert.Equal(theirs[i], mine[i]);
        }
    }

    [Fact]
    public async Task Percepts_inspector_runs_a_registered_face_source()
    {
        PerceptionSourceFactory.Register(FaceSources.Kind, FaceSources.Form, FaceSources.Create);
        var dir = TestImages.TempDir();
        try
        {
            var csv = Path.Combine(dir, "out.csv");
            using var output = new StringWriter();
            var code = await PerceptsInspector.RunAsync("face:" + TestImages.Astronaut, 0, csv, output, CancellationToken.None);
            Assert.True(code == 0, output.ToString());
            var rows = File.ReadAllLines(csv);
            Assert.Equal(PerceptsInspector.CsvHeader, rows[0]);
            Assert.Contains(rows.Skip(1), r => r.Split(',')[3] == "happiness");

            using var error = new StringWriter();
            Assert.Equal(2, await PerceptsInspector.RunAsync("face:camera63", 1, null, error, CancellationToken.None));
            Assert.Contains("error: Perception source 'face:camera63': there is no camera 63", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
