using System;
using System.IO;
using OpenCvSharp;

namespace AffectEngine.Perception.Face;

/// <summary>What one frame showed: the chosen face (if any), how well it was detected, and its class probabilities.</summary>
internal readonly record struct FaceObservation(bool Found, Rect Box, int FaceCount, int Eyes, float Quality, float[] Probabilities);

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

    /// <summary>The Debian opencv-data path of the eye cascade that verifies a face (it also finds eyes behind glasses).</summary>
    public const string DefaultEyeCascade = "/usr/share/opencv4/haarcascades/haarcascade_eye_tree_eyeglasses.xml";

    /// <summary>
    /// Overlapping eye detections needed to count an eye: fewer than for faces because the search
    /// region is small (one face's upper part) and holds at most two true eyes.
    /// </summary>
    public const int EyeMinNeighbors = 3;

    /// <summary>
    /// Share of the face box, from the top, searched for eyes: in the frontal cascade's box the eyes
    /// sit in the upper half, and 0.6 leaves room for a tilted head.
    /// </summary>
    public const double EyeRegion = 0.6;

    /// <summary>
    /// Frames wider than this are searched for faces at this width (QVGA): the cascade's cost grows
    /// with the pixel count, and at half of a 640×480 frame its 24×24 window still matches a
    /// <see cref="MinFaceSide"/> face. Eyes are then looked for at full resolution, and the crop the
    /// model sees comes from the full frame.
    /// </summary>
    public const int DetectionWidth = 320;

    /// <summary>The frontal cascade's window side (Lienhart &amp; Maydt 2002): no smaller face can be found.</summary>
    private const int CascadeWindow = 24;

    /// <summary>Quality below this flags the percept <see cref="PerceptQuality.LowConfidence"/>.</summary>
    public const float LowQuality = 0.5f;

    // ITU-R BT.601 luma weights as human's tfjs/constants.ts writes them (MATLAB rgb2gray).
    private const float RedWeight = 0.2989f;
    private const float GreenWeight = 0.5870f;
    private const float BlueWeight = 0.1140f;

    private readonly CascadeClassifier _cascade;
    private readonly CascadeClassifier _eyes;
    private readonly EmotionModel _model;
    private readonly Mat _gray = new();
    private readonly Mat _small = new();
    private readonly Mat _eyeRegion = new();

    public FaceAnalyzer(string onnxPath, string? cascadePath = null)
    {
        cascadePath ??= Environment.GetEnvironmentVariable(CascadeVariable);
        if (string.IsNullOrWhiteSpace(cascadePath))
        {
            cascadePath = DefaultCascade;
        }

        _cascade = LoadCascade(cascadePath, "face");
        _eyes = LoadCascade(Path.Combine(Path.GetDirectoryName(cascadePath) ?? string.Empty, Path.GetFileName(DefaultEyeCascade)), "eye");
        _model = new EmotionModel(onnxPath);
    }

    private static CascadeClassifier LoadCascade(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The {what} detector's cascade '{path}' does not exist; install Debian's opencv-data or set {CascadeVariable} to a face cascade in a folder that also holds {Path.GetFileName(DefaultEyeCascade)}.", path);
        }

        var cascade = new CascadeClassifier(path);
        if (cascade.Empty())
        {
            cascade.Dispose();
            throw new IOException($"The {what} detector's cascade '{path}' could not be read as an OpenCV cascade.");
        }

        return cascade;
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

        var scale = 1.0;
        var search = _gray;
        if (_gray.Width > DetectionWidth)
        {
            scale = _gray.Width / (double)DetectionWidth;
            Cv2.Resize(_gray, _small, new Size(DetectionWidth, (int)Math.Round(_gray.Height / scale)), interpolation: InterpolationFlags.Area);
            search = _small;
        }

        // Histogram equalization evens out lighting before the cascade (OpenCV's face detection recipe).
        if (ReferenceEquals(search, _gray))
        {
            _gray.CopyTo(_small);
            search = _small;
        }

        Cv2.EqualizeHist(search, search);
        var minSide = Math.Max(CascadeWindow, (int)Math.Round(MinFaceSide / scale));
        var candidates = _cascade.DetectMultiScale(search, ScaleFactor, MinNeighbors, HaarDetectionTypes.ScaleImage, new Size(minSide, minSide));

        // The face cascade alone takes texture (moon craters, bricks, coins) for faces; a candidate
        // counts only when the eye cascade finds an eye in its upper part (face-then-eyes
        // verification, as in OpenCV's face detection tutorial). The largest verified face is taken.
        var best = -1;
        var bestEyes = 0;
        var verified = 0;
        for (var i = 0; i < candidates.Length; i++)
        {
            var eyes = CountEyes(Scale(candidates[i], scale));
            if (eyes == 0)
            {
                continue;
            }

            verified++;
            if (best < 0 || candidates[i].Width * candidates[i].Height > candidates[best].Width * candidates[best].Height)
            {
                best = i;
                bestEyes = eyes;
            }
        }

        if (best < 0)
        {
            return new FaceObservation(false, default, candidates.Length, 0, 0f, Array.Empty<float>());
        }

        var box = Scale(candidates[best], scale);
        Preprocess(frame, box, _model.Input);
        var probabilities = new float[EmotionModel.Classes];
        _model.Run(probabilities);
        return new FaceObservation(true, box, verified, bestEyes, Quality(bestEyes, box, verified), probabilities);
    }

    private static Rect Scale(Rect r, double scale) =>
        new((int)Math.Round(r.X * scale), (int)Math.Round(r.Y * scale), (int)Math.Round(r.Width * scale), (int)Math.Round(r.Height * scale));

    private int CountEyes(Rect face)
    {
        face = face.Intersect(new Rect(0, 0, _gray.Width, _gray.Height));
        if (face.Width < CascadeWindow || face.Height < CascadeWindow)
        {
            return 0;
        }

        // The eye search runs on the full-resolution face, equalized on its own (its lighting, not the frame's).
        using var view = new Mat(_gray, new Rect(face.X, face.Y, face.Width, Math.Max(1, (int)(face.Height * EyeRegion))));
        view.CopyTo(_eyeRegion);
        Cv2.EqualizeHist(_eyeRegion, _eyeRegion);
        // An eye spans roughly a fifth of the face's width; a tenth to a half leaves margin both ways.
        var min = Math.Max(1, face.Width / 10);
        var max = Math.Max(min + 1, face.Width / 2);
        return _eyes.DetectMultiScale(_eyeRegion, ScaleFactor, EyeMinNeighbors, HaarDetectionTypes.ScaleImage, new Size(min, min), new Size(max, max)).Length;
    }

    /// <summary>
    /// Detection quality in [0, 1]: the share of the two eyes the eye cascade verified, times the share
    /// of the model's input resolution the face has (a face smaller than 64 px is upsampled), halved
    /// when several verified faces compete (the largest is taken, but it may not be the trainee).
    /// </summary>
    internal static float Quality(int eyes, Rect box, int faceCount)
    {
        var e = Math.Clamp(eyes / 2.0, 0, 1);
        var size = Math.Clamp(Math.Min(box.Width, box.Height) / (double)EmotionModel.InputSize, 0, 1);
        var crowd = faceCount > 1 ? 0.5 : 1;
        return (float)(e * size * crowd);
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
        _eyes.Dispose();
        _model.Dispose();
        _gray.Dispose();
        _small.Dispose();
        _eyeRegion.Dispose();
    }
}
