using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using OpenCvSharp;

namespace AffectEngine.Perception.Face;

/// <summary>What <see cref="FaceBenchmark.Run"/> measured.</summary>
/// <param name="Frames">Frames analysed (after warm-up).</param>
/// <param name="FramesWithFace">How many of them had a face (for the pose pipeline: a measurable torso).</param>
/// <param name="Seconds">Wall time for detection + classification of all frames.</param>
/// <param name="CpuSeconds">Processor time the process used meanwhile (all threads).</param>
public sealed record FaceBenchmarkResult(int Frames, int FramesWithFace, double Seconds, double CpuSeconds)
{
    /// <summary>Frames per second of wall time.</summary>
    public double FramesPerSecond => Frames / Seconds;

    /// <summary>
    /// Frames per second of processor time: what one otherwise idle core would deliver. On a shared
    /// machine the wall-time rate drops with the load; this one does not.
    /// </summary>
    public double FramesPerCpuSecond => Frames / CpuSeconds;
}

/// <summary>
/// Throughput of the face pipeline at 640×480: frames of a video or image are decoded and scaled
/// to 640×480 first (decoding is not timed), then each is run through detection and classification
/// on one thread, as a source does. A host tool: it reads the stopwatch, the engine never does.
/// </summary>
public static class FaceBenchmark
{
    /// <summary>Frames run before timing starts (JIT, ONNX Runtime's first-run allocations).</summary>
    private const int WarmUpFrames = 5;

    /// <summary>Runs <paramref name="frames"/> timed frames taken (cyclically) from <paramref name="path"/>.</summary>
    public static FaceBenchmarkResult Run(string path, int frames)
    {
        using var analyzer = FaceSources.OpenAnalyzer("face:" + path);
        return Time(path, frames, m => analyzer.Analyze(m).Found);
    }

    /// <summary>
    /// The pose pipeline the same way: MoveNet (scaling, padding, network, head decoding) and the
    /// posture/movement features, per 640×480 frame on one thread.
    /// </summary>
    public static FaceBenchmarkResult RunPose(string path, int frames)
    {
        using var estimator = PoseSources.OpenEstimator("pose:" + path);
        var features = new Body.BodyFeatures();
        var t = 0.0;
        return Time(path, frames, m => features.Add(t += 1.0 / 30, PoseSources.ToSkeleton(estimator.Estimate(m))) is not null);
    }

    private static FaceBenchmarkResult Time(string path, int frames, Func<Mat, bool> analyse)
    {
        if (frames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(frames), frames, "Benchmark at least one frame.");
        }

        var decoded = Decode(path, Math.Min(frames, 300));
        try
        {
            for (var i = 0; i < WarmUpFrames; i++)
            {
                analyse(decoded[i % decoded.Count]);
            }

            var withFace = 0;
            using var self = Process.GetCurrentProcess();
            var cpu0 = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < frames; i++)
            {
                if (analyse(decoded[i % decoded.Count]))
                {
                    withFace++;
                }
            }

            var wall = clock.Elapsed.TotalSeconds;
            self.Refresh();
            return new FaceBenchmarkResult(frames, withFace, wall, (self.TotalProcessorTime - cpu0).TotalSeconds);
        }
        finally
        {
            foreach (var m in decoded)
            {
                m.Dispose();
            }
        }
    }

    private static List<Mat> Decode(string path, int max)
    {
        var result = new List<Mat>();
        using var image = Cv2.ImRead(path, ImreadModes.Color);
        if (!image.Empty())
        {
            result.Add(To640x480(image));
            return result;
        }

        using var capture = new VideoCapture(path);
        using var frame = new Mat();
        while (result.Count < max && capture.IsOpened() && capture.Read(frame) && !frame.Empty())
        {
            result.Add(To640x480(frame));
        }

        if (result.Count == 0)
        {
            throw new IOException($"'{path}' could not be decoded as an image or a video.");
        }

        return result;
    }

    private static Mat To640x480(Mat m)
    {
        var r = new Mat();
        Cv2.Resize(m, r, new Size(640, 480));
        return r;
    }
}
