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
    public static IPerceptionSource Create(string spec, string argument, string? baseDirectory) =>
        CreateVideo(spec, Kind, argument, baseDirectory, Modality.Face, () => new FaceFrameReader(spec));

    /// <summary>
    /// The camera-or-file source of a frame-reading kind (<c>face</c>, <c>pose</c>): <c>camera&lt;N&gt;</c>
    /// opens V4L2 device N; anything else is a video or image path (relative to <paramref name="baseDirectory"/>).
    /// </summary>
    internal static IPerceptionSource CreateVideo(string spec, string kind, string argument, string? baseDirectory, Modality modality, Func<IFrameReader> open)
    {
        var arg = (argument ?? string.Empty).Trim();
        if (arg.Length == 0)
        {
            throw new FormatException($"Perception source '{spec}' needs 'camera<N>' or a video/image path after '{kind}:'.");
        }

        if (arg.StartsWith("camera", StringComparison.OrdinalIgnoreCase) && !File.Exists(arg))
        {
            var digits = arg.Substring("camera".Length);
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 63)
            {
                throw new FormatException($"Perception source '{spec}': expected camera<N> with N a device number 0..63 (e.g. {kind}:camera0), found '{arg}'.");
            }

            return new CameraSource(spec, index, modality, kind, open);
        }

        var path = baseDirectory is null || Path.IsPathRooted(arg) ? arg : Path.Combine(baseDirectory, arg);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Perception source '{spec}': file '{path}' does not exist.", path);
        }

        return new VideoFileSource(spec, path, IsImage(path), modality, open);
    }

    /// <summary>True when the path's extension is one of the image formats read as a single frame.</summary>
    internal static bool IsImage(string path) => Array.IndexOf(ImageExtensions, Path.GetExtension(path).ToLowerInvariant()) >= 0;

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

/// <summary>Turns decoded frames into percepts (face expression, body pose); one per source thread.</summary>
internal interface IFrameReader : IDisposable
{
    /// <summary>The percept for one BGR frame at <paramref name="time"/> seconds.</summary>
    Percept Read(Mat frame, double time);
}

/// <summary>Frames → <see cref="FaceAnalyzer"/> → FER-7 percepts.</summary>
internal sealed class FaceFrameReader : IFrameReader
{
    private readonly string _id;
    private readonly FaceAnalyzer _analyzer;

    public FaceFrameReader(string id)
    {
        _id = id;
        _analyzer = FaceSources.OpenAnalyzer(id);
    }

    public Percept Read(Mat frame, double time)
    {
        var o = _analyzer.Analyze(frame);
        return FaceSources.ToPercept(_id, FacePerson.Default, o, time, ClockDomain.Recording);
    }

    public void Dispose() => _analyzer.Dispose();
}

/// <summary>
/// A video or image file: every frame is read and pushed before start completes (a recording).
/// Source time is the frame index over the file's frame rate (an image is one frame at 0 s), so a
/// replay never depends on the wall clock or decoding speed.
/// </summary>
internal sealed class VideoFileSource : IPerceptionSource
{
    /// <summary>Frame rate assumed when a container does not state one (the common webcam rate).</summary>
    private const double FallbackFps = 30;

    private readonly string _path;
    private readonly bool _isImage;
    private readonly Func<IFrameReader> _open;

    public VideoFileSource(string id, string path, bool isImage, Modality modality, Func<IFrameReader> open)
    {
        Id = id;
        _path = path;
        _isImage = isImage;
        Modality = modality;
        _open = open;
    }

    public string Id { get; }

    public Modality Modality { get; }

    public bool IsRecording => true;

    /// <summary>Frames analysed so far.</summary>
    public int Frames { get; private set; }

    public Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken) =>
        Task.Run(() => Replay(sink, cancellationToken), cancellationToken);

    public Task StopAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => default;

    private void Replay(IPerceptSink sink, CancellationToken ct)
    {
        using var reader = _open();
        if (_isImage)
        {
            using var image = Cv2.ImRead(_path, ImreadModes.Color);
            if (image.Empty())
            {
                throw new IOException($"Perception source '{Id}': '{_path}' could not be decoded as an image.");
            }

            Frames = 1;
            sink.Push(reader.Read(image, 0));
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

            Frames = index + 1;
            sink.Push(reader.Read(frame, index / fps));
        }

        if (Frames == 0)
        {
            throw new IOException($"Perception source '{Id}': '{_path}' holds no decodable video frames.");
        }
    }
}

/// <summary>
/// A V4L2 camera, live: frames are read on a host thread as fast as the camera delivers them.
/// Source time is the frame index over the camera's frame rate (seconds since the source started);
/// fusion counts live percepts from their arrival. A camera that cannot be opened fails start with
/// a one-line reason; a camera that stops delivering is counted as "disconnect" and reopened.
/// </summary>
internal sealed class CameraSource : IPerceptionSource
{
    private const double FallbackFps = 30;
    private readonly int _index;
    private readonly BackgroundLoop _loop = new();
    private readonly string _kind;
    private readonly Func<IFrameReader> _open;

    public CameraSource(string id, int index, Modality modality, string kind, Func<IFrameReader> open)
    {
        Id = id;
        _index = index;
        Modality = modality;
        _kind = kind;
        _open = open;
    }

    public string Id { get; }

    public Modality Modality { get; }

    public bool IsRecording => false;

    public Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken)
    {
        var device = "/dev/video" + _index.ToString(CultureInfo.InvariantCulture);
        if (!File.Exists(device))
        {
            throw new IOException($"Perception source '{Id}': there is no camera {_index} ({device} does not exist); connect a webcam or use {_kind}:<video-file>.");
        }

        var reader = _open();
        var capture = new VideoCapture(_index, VideoCaptureAPIs.V4L2);
        if (!capture.IsOpened())
        {
            capture.Dispose();
            reader.Dispose();
            throw new IOException($"Perception source '{Id}': {device} exists but could not be opened through V4L2 (in use by another program, or no permission: is the user in the 'video' group?).");
        }

        _loop.StartLongRunning(token => Loop(sink, capture, reader, token), cancellationToken);
        return Task.CompletedTask;
    }

    public Task StopAsync() => _loop.StopAsync();

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void Loop(IPerceptSink sink, VideoCapture capture, IFrameReader reader, CancellationToken ct)
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

                sink.Push(reader.Read(frame, index / fps));
                index++;
            }
        }
        finally
        {
            capture.Dispose();
            reader.Dispose();
        }
    }
}
