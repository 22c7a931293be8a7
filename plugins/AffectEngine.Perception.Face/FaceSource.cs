using System;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Plugins.Shared;
using OpenCvSharp;

namespace AffectEngine.Perception.Face;

/// <summary>
/// The <c>face:</c> perception sources: <c>face:camera&lt;N&gt;</c> (V4L2 device N, live) and
/// <c>face:&lt;video-or-image-path&gt;</c> (a recording). Register <see cref="Create"/> with the
/// perception plugin's source factory under <see cref="Kind"/>.
/// </summary>
public static class FaceSources
{
    /// <summary>The spec prefix.</summary>
    public const string Kind = "face";

    /// <summary>The accepted forms, for help text.</summary>
    public const string Form = "face:camera<N> or face:<video-or-image-path>";

    private static readonly string[] ImageExtensions = { ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp", ".pgm", ".ppm" };

    /// <summary>
    /// Creates the source for <paramref name="argument"/> (the text after <c>face:</c>). A relative
    /// path is resolved against <paramref name="baseDirectory"/>. Throws <see cref="FormatException"/>
    /// for an empty or malformed argument and <see cref="FileNotFoundException"/> for a missing file.
    /// The model is provisioned (and the camera opened) when the source starts.
    /// </summary>
    public static IPerceptionSource Create(string spec, string argument, string? baseDirectory)
    {
        var arg = (argument ?? string.Empty).Trim();
        if (arg.Length == 0)
        {
            throw new FormatException($"Perception source '{spec}' needs 'camera<N>' or a video/image path after 'face:'.");
        }

        if (arg.StartsWith("camera", StringComparison.OrdinalIgnoreCase) && !File.Exists(arg))
        {
            var digits = arg.Substring("camera".Length);
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 63)
            {
                throw new FormatException($"Perception source '{spec}': expected camera<N> with N a device number 0..63 (e.g. face:camera0), found '{arg}'.");
            }

            return new FaceCameraSource(spec, index);
        }

        var path = baseDirectory is null || Path.IsPathRooted(arg) ? arg : Path.Combine(baseDirectory, arg);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Perception source '{spec}': file '{path}' does not exist.", path);
        }

        var isImage = Array.IndexOf(ImageExtensions, Path.GetExtension(path).ToLowerInvariant()) >= 0;
        return new FaceFileSource(spec, path, isImage);
    }

    /// <summary>Turns one frame's observation into a percept (a NoFace percept when there was no face).</summary>
    internal static Percept ToPercept(string sourceId, string person, in FaceObservation o, double time, ClockDomain clock)
    {
        if (!o.Found)
        {
            // A missing face is not a neutral face: no class scores, zero confidence, flagged.
            return new Percept { SourceId = sourceId, Person = person, Modality = Modality.Face, SourceTime = time, Clock = clock, Confidence = 0f, Quality = PerceptQuality.NoFace };
        }

        return new Percept
        {
            SourceId = sourceId,
            Person = person,
            Modality = Modality.Face,
            Labels = FaceLabels.Fer7,
            ClassProbabilities = o.Probabilities,
            SourceTime = time,
            Clock = clock,
            Confidence = o.Quality,
            Quality = o.Quality < FaceAnalyzer.LowQuality ? PerceptQuality.LowConfidence : PerceptQuality.None,
        };
    }

    /// <summary>Loads the model and the detector, turning native-library and provisioning failures into one-line IO errors.</summary>
    internal static FaceAnalyzer OpenAnalyzer(string sourceId)
    {
        try
        {
            var files = FaceModelStore.EnsureModel();
            return new FaceAnalyzer(files.OnnxModel);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw new IOException($"Perception source '{sourceId}': OpenCV's or ONNX Runtime's native library could not be loaded ({e.GetBaseException().Message}); on Debian install libgtk-3-0.", e);
        }
        catch (Exception e) when (e is FormatException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            throw new IOException($"Perception source '{sourceId}': the face model could not be prepared: {e.Message}", e);
        }
    }
}

/// <summary>The person id face sources report (the scenario's perception entry names the real person).</summary>
internal static class FacePerson
{
    public const string Default = "p0";
}

/// <summary>
/// A video or image file: every frame is analysed and pushed before start completes (a recording).
/// Source time is the frame index over the file's frame rate (an image is one frame at 0 s), so a
/// replay never depends on the wall clock or decoding speed.
/// </summary>
internal sealed class FaceFileSource : IPerceptionSource
{
    /// <summary>Frame rate assumed when a container does not state one (the common webcam rate).</summary>
    private const double FallbackFps = 30;

    private readonly string _path;
    private readonly bool _isImage;

    public FaceFileSource(string id, string path, bool isImage)
    {
        Id = id;
        _path = path;
        _isImage = isImage;
    }

    public string Id { get; }

    public Modality Modality => Modality.Face;

    public bool IsRecording => true;

    /// <summary>Frames analysed so far.</summary>
    public int Frames { get; private set; }

    public Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken) =>
        Task.Run(() => Replay(sink, cancellationToken), cancellationToken);

    public Task StopAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => default;

    private void Replay(IPerceptSink sink, CancellationToken ct)
    {
        using var analyzer = FaceSources.OpenAnalyzer(Id);
        if (_isImage)
        {
            using var image = Cv2.ImRead(_path, ImreadModes.Color);
            if (image.Empty())
            {
                throw new IOException($"Perception source '{Id}': '{_path}' could not be decoded as an image.");
            }

            var o = analyzer.Analyze(image);
            Frames = 1;
            sink.Push(FaceSources.ToPercept(Id, FacePerson.Default, o, 0, ClockDomain.Recording));
            return;
        }

        using var capture = new VideoCapture(_path);
        if (!capture.IsOpened())
        {
            throw new IOException($"Perception source '{Id}': '{_path}' could not be opened as a video (unknown container or codec).");
        }

        var fps = capture.Fps;
        if (!(fps > 0 && fps < 1000))
        {
            fps = FallbackFps;
        }

        using var frame = new Mat();
        for (var index = 0; !ct.IsCancellationRequested; index++)
        {
            if (!capture.Read(frame) || frame.Empty())
            {
                break;
            }

            var o = analyzer.Analyze(frame);
            Frames = index + 1;
            sink.Push(FaceSources.ToPercept(Id, FacePerson.Default, o, index / fps, ClockDomain.Recording));
        }

        if (Frames == 0)
        {
            throw new IOException($"Perception source '{Id}': '{_path}' holds no decodable video frames.");
        }
    }
}

/// <summary>
/// A V4L2 camera, live: frames are analysed on a host thread as fast as the camera delivers them.
/// Source time is the frame index over the camera's frame rate (seconds since the source started);
/// fusion counts live percepts from their arrival. A camera that cannot be opened fails start with
/// a one-line reason; a camera that stops delivering is counted as "disconnect" and reopened.
/// </summary>
internal sealed class FaceCameraSource : IPerceptionSource
{
    private const double FallbackFps = 30;
    private readonly int _index;
    private readonly BackgroundLoop _loop = new();

    public FaceCameraSource(string id, int index)
    {
        Id = id;
        _index = index;
    }

    public string Id { get; }

    public Modality Modality => Modality.Face;

    public bool IsRecording => false;

    public Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken)
    {
        var device = "/dev/video" + _index.ToString(CultureInfo.InvariantCulture);
        if (!File.Exists(device))
        {
            throw new IOException($"Perception source '{Id}': there is no camera {_index} ({device} does not exist); connect a webcam or use face:<video-file>.");
        }

        var analyzer = FaceSources.OpenAnalyzer(Id);
        var capture = new VideoCapture(_index, VideoCaptureAPIs.V4L2);
        if (!capture.IsOpened())
        {
            capture.Dispose();
            analyzer.Dispose();
            throw new IOException($"Perception source '{Id}': {device} exists but could not be opened through V4L2 (in use by another program, or no permission: is the user in the 'video' group?).");
        }

        _loop.StartLongRunning(token => Loop(sink, capture, analyzer, token), cancellationToken);
        return Task.CompletedTask;
    }

    public Task StopAsync() => _loop.StopAsync();

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void Loop(IPerceptSink sink, VideoCapture capture, FaceAnalyzer analyzer, CancellationToken ct)
    {
        var fps = capture.Fps is > 0 and < 1000 ? capture.Fps : FallbackFps;
        using var frame = new Mat();
        long index = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!capture.Read(frame) || frame.Empty())
                {
                    sink.Reject(Id, "disconnect");
                    capture.Release();
                    ct.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
                    capture.Open(_index, VideoCaptureAPIs.V4L2);
                    continue;
                }

                var o = analyzer.Analyze(frame);
                sink.Push(FaceSources.ToPercept(Id, FacePerson.Default, o, index / fps, ClockDomain.Recording));
                index++;
            }
        }
        finally
        {
            capture.Dispose();
            analyzer.Dispose();
        }
    }
}
