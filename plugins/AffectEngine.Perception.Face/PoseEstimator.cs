using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OpenCvSharp;

namespace AffectEngine.Perception.Face;

/// <summary>One COCO keypoint in frame pixels with MoveNet's score (the keypoint heatmap's value there).</summary>
internal readonly record struct PoseKeypoint(float X, float Y, float Score);

/// <summary>
/// MoveNet SinglePose Lightning on ONNX Runtime (CPU, one thread, as the face model): frame →
/// 17 COCO keypoints (0 nose, 1/2 eyes, 3/4 ears, 5/6 shoulders, 7/8 elbows, 9/10 wrists, 11/12 hips,
/// 13/14 knees, 15/16 ankles; odd = the person's left). The frame is scaled so its longer side is 192
/// and padded with black to a square, as MoveNet's <c>resize_with_pad</c> input; the network runs up to
/// its heads (<see cref="PoseModelStore.Cut"/>), and the heads are decoded here in the graph's own way:
/// the person is the peak of the centre heatmap (already weighted towards the frame centre); each
/// keypoint's regressed position from that centre down-weights its heatmap by 1/(distance + 1.8), the
/// peak of that is refined by its offset map, and the score is the heatmap at the peak. One instance
/// per source thread.
/// </summary>
internal sealed class PoseEstimator : IDisposable
{
    /// <summary>The model's input side in pixels.</summary>
    public const int InputSize = 192;

    /// <summary>The heads' grid side (input / 4).</summary>
    public const int Grid = 48;

    /// <summary>Number of COCO keypoints.</summary>
    public const int Keypoints = 17;

    /// <summary>The graph's normalisation, x/127.5 − 1, with 1/127.5 as stored in float16 in the model.</summary>
    private const float Scale = 0.007843017578125f;

    /// <summary>The graph's <c>add_5/y</c>: added to the distance before it divides the heatmap (1.8 in float16).</summary>
    private const float DistanceBias = 1.7998046875f;

    /// <summary>The graph's <c>Reshape_13</c>: grid cells to the unit square (1/48 as stored in float16).</summary>
    private const float CellSize = 0.0208282470703125f;

    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly float[] _input = new float[InputSize * InputSize * 3];
    private readonly DenseTensor<float> _tensor;
    private readonly Mat _scaled = new();
    private readonly Mat _canvas = new(InputSize, InputSize, MatType.CV_8UC3);

    public PoseEstimator(string onnxPath)
    {
        _session = EmotionModel.OpenSession(onnxPath);
        _inputName = _session.InputMetadata.Keys.First();
        _tensor = new DenseTensor<float>(_input, new[] { 1, InputSize, InputSize, 3 });
    }

    /// <summary>The network input after <see cref="Preprocess"/> (NHWC RGB, normalised).</summary>
    public ReadOnlySpan<float> Input => _input;

    /// <summary>Estimates the pose of the most central person in a BGR frame.</summary>
    public PoseKeypoint[] Estimate(Mat frame)
    {
        var (scale, padX, padY) = Preprocess(frame);
        var heads = RunHeads();
        var result = Decode(heads);
        var side = (float)InputSize;
        for (var k = 0; k < result.Length; k++)
        {
            var p = result[k];
            result[k] = new PoseKeypoint(((p.X * side) - padX) / scale, ((p.Y * side) - padY) / scale, p.Score);
        }

        return result;
    }

    /// <summary>Scales and pads <paramref name="frame"/> into <see cref="Input"/>; returns the scale and the padding in input pixels.</summary>
    public (float Scale, int PadX, int PadY) Preprocess(Mat frame)
    {
        if (frame.Empty() || frame.Channels() != 3)
        {
            throw new ArgumentException("Expected a non-empty 3-channel BGR frame.", nameof(frame));
        }

        var scale = (float)InputSize / Math.Max(frame.Width, frame.Height);
        var w = Math.Clamp((int)Math.Round(frame.Width * scale), 1, InputSize);
        var h = Math.Clamp((int)Math.Round(frame.Height * scale), 1, InputSize);
        var padX = (InputSize - w) / 2;
        var padY = (InputSize - h) / 2;
        Cv2.Resize(frame, _scaled, new Size(w, h), 0, 0, InterpolationFlags.Area);
        _canvas.SetTo(Scalar.Black);
        using (var roi = new Mat(_canvas, new Rect(padX, padY, w, h)))
        {
            _scaled.CopyTo(roi);
        }

        // BGR bytes → RGB, normalised as the graph does before its first convolution.
        var i = 0;
        for (var y = 0; y < InputSize; y++)
        {
            for (var x = 0; x < InputSize; x++)
            {
                var px = _canvas.At<Vec3b>(y, x);
                _input[i++] = (px.Item2 * Scale) - 1f;
                _input[i++] = (px.Item1 * Scale) - 1f;
                _input[i++] = (px.Item0 * Scale) - 1f;
            }
        }

        return (scale, padX, padY);
    }

    /// <summary>Fills <see cref="Input"/> directly (for the conversion check) and decodes; coordinates are normalised to the input square.</summary>
    public PoseKeypoint[] EstimateNormalised(ReadOnlySpan<float> input)
    {
        input.CopyTo(_input);
        return Decode(RunHeads());
    }

    private float[][] RunHeads()
    {
        using var results = _session.Run(new[] { NamedOnnxValue.CreateFromTensor(_inputName, _tensor) });
        var byName = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            byName[r.Name] = r.AsEnumerable<float>().ToArray();
        }

        var heads = new float[4][];
        for (var i = 0; i < 4; i++)
        {
            heads[i] = byName[PoseModelStore.Cut.Outputs[i]];
        }

        return heads;
    }

    /// <summary>Decodes the NCHW heads: heatmaps [17,48,48], centre [1,48,48], regression [34,48,48], offsets [34,48,48].</summary>
    internal static PoseKeypoint[] Decode(float[][] heads)
    {
        const int Cells = Grid * Grid;
        var heat = heads[0];
        var centre = heads[1];
        var regress = heads[2];
        var offset = heads[3];
        if (heat.Length != Keypoints * Cells || centre.Length != Cells || regress.Length != 2 * Keypoints * Cells || offset.Length != 2 * Keypoints * Cells)
        {
            throw new InvalidOperationException("The pose model's heads do not have MoveNet's shapes.");
        }

        var c = ArgMax(centre, 0, Cells);
        int cy = c / Grid, cx = c % Grid;
        var result = new PoseKeypoint[Keypoints];
        for (var k = 0; k < Keypoints; k++)
        {
            var ry = cy + regress[((2 * k) * Cells) + c];
            var rx = cx + regress[(((2 * k) + 1) * Cells) + c];
            var best = -1;
            var bestValue = float.NegativeInfinity;
            for (var y = 0; y < Grid; y++)
            {
                var dy = y - ry;
                for (var x = 0; x < Grid; x++)
                {
                    var dx = x - rx;
                    var v = heat[(k * Cells) + (y * Grid) + x] / (MathF.Sqrt((dy * dy) + (dx * dx)) + DistanceBias);
                    if (v > bestValue)
                    {
                        bestValue = v;
                        best = (y * Grid) + x;
                    }
                }
            }

            int ky = best / Grid, kx = best % Grid;
            var oy = offset[((2 * k) * Cells) + best];
            var ox = offset[(((2 * k) + 1) * Cells) + best];
            result[k] = new PoseKeypoint((kx + ox) * CellSize, (ky + oy) * CellSize, heat[(k * Cells) + best]);
        }

        return result;
    }

    private static int ArgMax(float[] values, int start, int count)
    {
        var best = start;
        for (var i = start + 1; i < start + count; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best - start;
    }

    public void Dispose()
    {
        _session.Dispose();
        _scaled.Dispose();
        _canvas.Dispose();
    }
}
