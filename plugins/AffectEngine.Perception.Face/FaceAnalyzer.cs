using System;
using System.IO;
using OpenCvSharp;

namespace AffectEngine.Perception.Face;

/// <summary>What one frame showed: the chosen face (if any), how well it was detected, and its class probabilities.</summary>
internal readonly record struct FaceObservation(bool Found, Rect Box, int FaceCount, double DetectionScore, float Quality, float[] Probabilities);

/// <summary>
/// Frame → face → expression. Detection: OpenCV's Viola–Jones cascade (Viola &amp; Jones 2001,
/// "Rapid object detection using a boosted cascade of simple features", CVPR) with Lienhart's frontal
/// face cascade from Debian's opencv-data. Classification: <see cref="EmotionModel"/> on the largest
/// face, preprocessed exactly as @vladmandic/human's emotion module does it (see <see cref="Preprocess"/>).
/// One instance per source thread (neither the cascade nor the session is shared).
/// </summary>
internal sealed class FaceAnalyzer : IDisposable
{
    /// <summary>The Debian opencv-data path of the frontal-face cascade.</summary>
    public const string DefaultCascade = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";

    /// <summary>The environment variable that names another cascade file.</summary>
    public const string CascadeVariable = "AFFECTENGINE_FACE_CASCADE";

    /// <summary>
    /// Scale step of the detector's image pyramid: 1.1 is OpenCV's default and the step Lienhart &amp;
    /// Maydt (2002, "An extended set of Haar-like features for rapid object detection", ICIP) trained
    /// and evaluated the frontal cascades with.
    /// </summary>
    public const double ScaleFactor = 1.1;

    /// <summary>
    /// Overlapping raw detections needed to keep a face: Viola &amp; Jones (2001) merge overlapping
    /// detections and drop isolated ones; 5 is the usual setting for the default frontal cascade.
    /// </summary>
    public const int MinNeighbors = 5;

    /// <summary>
    /// Smallest face searched for, in pixels: 48 is FER2013's image side (Goodfellow et al. 2013), the
    /// resolution the model was trained at; smaller faces carry less detail than its training data.
    /// </summary>
    public const int MinFaceSide = 48;

    /// <summary>
    /// Cascade score (OpenCV's "level weight": the last stage's summed weak-classifier votes) at which
    /// detection quality saturates. No paper gives a scale for it; it is calibrated on this cascade:
    /// the frontal faces we measured (skimage's astronaut, full size and on a 640×480 canvas) score
    /// 5.7–7.4, the cascade's false alarms on texture images (moon, coins, retina, phantom) 1.2–5.5.
    /// See docs/perception.md.
    /// </summary>
    public const double ScoreSaturation = 7.0;

    /// <summary>Quality below this flags the percept <see cref="PerceptQuality.LowConfidence"/>.</summary>
    public const float LowQuality = 0.5f;

    // ITU-R BT.601 luma weights as human's tfjs/constants.ts writes them (MATLAB rgb2gray).
    private const float RedWeight = 0.2989f;
    private const float GreenWeight = 0.5870f;
    private const float BlueWeight = 0.1140f;

    private readonly CascadeClassifier _cascade;
    private readonly EmotionModel _model;
    private readonly Mat _gray = new();

    public FaceAnalyzer(string onnxPath, string? cascadePath = null)
    {
        cascadePath ??= Environment.GetEnvironmentVariable(CascadeVariable);
        if (string.IsNullOrWhiteSpace(cascadePath))
        {
            cascadePath = DefaultCascade;
        }

        if (!File.Exists(cascadePath))
        {
            throw new FileNotFoundException($"The face detector's cascade '{cascadePath}' does not exist; install Debian's opencv-data or set {CascadeVariable}.", cascadePath);
        }

        _cascade = new CascadeClassifier(cascadePath);
        if (_cascade.Empty())
        {
            _cascade.Dispose();
            throw new IOException($"The face detector's cascade '{cascadePath}' could not be read as an OpenCV cascade.");
        }

        _model = new EmotionModel(onnxPath);
    }

    /// <summary>Detects the largest face in a BGR (or gray) 8-bit frame and classifies its expression.</summary>
    public FaceObservation Analyze(Mat frame)
    {
        if (frame.Channels() == 1)
        {
            frame.CopyTo(_gray);
        }
        else
        {
            Cv2.CvtColor(frame, _gray, frame.Channels() == 4 ? ColorConversionCodes.BGRA2GRAY : ColorConversionCodes.BGR2GRAY);
        }

        // Histogram equalization evens out lighting before the cascade (OpenCV's face detection recipe).
        Cv2.EqualizeHist(_gray, _gray);
        var faces = _cascade.DetectMultiScale(
            _gray, out _, out var weights, ScaleFactor, MinNeighbors, HaarDetectionTypes.ScaleImage,
            new Size(MinFaceSide, MinFaceSide), null, outputRejectLevels: true);
        if (faces.Length == 0)
        {
            return new FaceObservation(false, default, 0, 0, 0f, Array.Empty<float>());
        }

        var best = 0;
        for (var i = 1; i < faces.Length; i++)
        {
            if (faces[i].Width * faces[i].Height > faces[best].Width * faces[best].Height)
            {
                best = i;
            }
        }

        var box = faces[best];
        var score = best < weights.Length ? weights[best] : 0;
        Preprocess(frame, box, _model.Input);
        var probabilities = new float[EmotionModel.Classes];
        _model.Run(probabilities);
        return new FaceObservation(true, box, faces.Length, score, Quality(score, box, faces.Length), probabilities);
    }

    /// <summary>
    /// Detection quality in [0, 1]: the cascade's score relative to <see cref="ScoreSaturation"/>, times
    /// the share of the model's input resolution the face has (a face smaller than 64 px is upsampled),
    /// halved when several faces compete (the largest is taken, but it may not be the trainee).
    /// </summary>
    internal static float Quality(double score, Rect box, int faceCount)
    {
        var s = Math.Clamp(score / ScoreSaturation, 0, 1);
        var size = Math.Clamp(Math.Min(box.Width, box.Height) / (double)EmotionModel.InputSize, 0, 1);
        var crowd = faceCount > 1 ? 0.5 : 1;
        return (float)(s * size * crowd);
    }

    /// <summary>
    /// Human's emotion preprocessing (src/gear/emotion.ts): the face crop as RGB in [0, 1], resized to
    /// 64×64 with TensorFlow's legacy bilinear resize (no corner alignment, no half-pixel centres),
    /// weighted to gray with (0.2989, 0.5870, 0.1140), then mapped to [-1, 1] by (g − 0.5) × 2.
    /// </summary>
    internal static unsafe void Preprocess(Mat frame, Rect box, Span<float> output)
    {
        const int n = EmotionModel.InputSize;
        box = box.Intersect(new Rect(0, 0, frame.Width, frame.Height));
        if (box.Width <= 0 || box.Height <= 0 || output.Length < n * n)
        {
            throw new ArgumentException("The face box lies outside the frame.", nameof(box));
        }

        var channels = frame.Channels();
        if (frame.Depth() != MatType.CV_8U || (channels != 1 && channels != 3 && channels != 4))
        {
            throw new ArgumentException("Frames must be 8-bit gray, BGR or BGRA.", nameof(frame));
        }

        var data = (byte*)frame.Data;
        var step = frame.Step();
        var scaleY = box.Height / (float)n;
        var scaleX = box.Width / (float)n;
        for (var y = 0; y < n; y++)
        {
            var sy = scaleY * y;
            var y0 = (int)Math.Floor(sy);
            var y1 = Math.Min(box.Height - 1, (int)Math.Ceiling(sy));
            var fy = sy - y0;
            for (var x = 0; x < n; x++)
            {
                var sx = scaleX * x;
                var x0 = (int)Math.Floor(sx);
                var x1 = Math.Min(box.Width - 1, (int)Math.Ceiling(sx));
                var fx = sx - x0;
                float r = Lerp2(0), g = Lerp2(1), b = Lerp2(2);
                var gray = (r * RedWeight) + (g * GreenWeight) + (b * BlueWeight);
                output[(y * n) + x] = (gray - 0.5f) * 2f;

                float Lerp2(int rgb)
                {
                    float tl = Px(y0, x0, rgb), tr = Px(y0, x1, rgb), bl = Px(y1, x0, rgb), br = Px(y1, x1, rgb);
                    var top = tl + ((tr - tl) * fx);
                    var bottom = bl + ((br - bl) * fx);
                    return top + ((bottom - top) * fy);
                }
            }
        }

        float Px(int yy, int xx, int rgb)
        {
            var p = data + ((box.Y + yy) * step) + ((box.X + xx) * channels);
            // OpenCV stores BGR(A): red is the third byte; a gray frame has one value for all three.
            var v = channels == 1 ? p[0] : p[2 - rgb];
            return v / 255f;
        }
    }

    public void Dispose()
    {
        _cascade.Dispose();
        _model.Dispose();
        _gray.Dispose();
    }
}
