using System;
using System.IO;
using AffectEngine.Perception.Body;
using OpenCvSharp;

namespace AffectEngine.Perception.Face;

/// <summary>
/// The <c>pose:</c> perception sources: <c>pose:camera&lt;N&gt;</c> (V4L2 device N, live) and
/// <c>pose:&lt;video-or-image-path&gt;</c> (a recording), read with MoveNet (<see cref="PoseEstimator"/>)
/// and turned into the same posture and movement features as the <c>openpose:</c> and
/// <c>mediapipe:</c> files (docs/perception.md, "Body").
/// </summary>
public static class PoseSources
{
    /// <summary>The spec prefix.</summary>
    public const string Kind = "pose";

    /// <summary>The accepted forms, for help text.</summary>
    public const string Form = "pose:camera<N> or pose:<video-or-image-path>";

    /// <summary>
    /// Creates the source for <paramref name="argument"/> (the text after <c>pose:</c>), with the same
    /// rules and errors as <see cref="FaceSources.Create"/>. The model is provisioned when the source starts.
    /// </summary>
    public static IPerceptionSource Create(string spec, string argument, string? baseDirectory) =>
        FaceSources.CreateVideo(spec, Kind, argument, baseDirectory, Modality.Body, () => new PoseFrameReader(spec));

    /// <summary>Loads the pose model, turning native-library and provisioning failures into one-line IO errors.</summary>
    internal static PoseEstimator OpenEstimator(string sourceId)
    {
        try
        {
            return new PoseEstimator(PoseModelStore.EnsureModel().OnnxModel);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw new IOException($"Perception source '{sourceId}': OpenCV's or ONNX Runtime's native library could not be loaded ({e.GetBaseException().Message}); on Debian install libgtk-3-0.", e);
        }
        catch (Exception e) when (e is FormatException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            throw new IOException($"Perception source '{sourceId}': the pose model could not be prepared: {e.Message}", e);
        }
    }

    /// <summary>
    /// MoveNet's COCO keypoints as the features' skeleton. MoveNet has no neck or mid-hip: they are the
    /// midpoints of the shoulders and of the hips (as for OpenPose's COCO-18 layout). Its score is the
    /// keypoint heatmap's peak, used as the joint's confidence (the features ignore joints below
    /// <see cref="BodyFeatures.MinKeypointConfidence"/>, close to the 0.11 that TensorFlow's MoveNet
    /// tutorial draws from). 2-D only: lean is the lateral lean.
    /// </summary>
    internal static Skeleton ToSkeleton(PoseKeypoint[] k)
    {
        static Keypoint P(PoseKeypoint p) => new(p.X, p.Y, 0, p.Score);
        static Keypoint Mid(Keypoint a, Keypoint b) =>
            a.Seen && b.Seen ? new Keypoint((a.X + b.X) / 2, (a.Y + b.Y) / 2, 0, Math.Min(a.Confidence, b.Confidence)) : default;

        // Odd COCO indices are the person's left side.
        var s = new Skeleton
        {
            Nose = P(k[0]),
            LeftShoulder = P(k[5]),
            RightShoulder = P(k[6]),
            LeftElbow = P(k[7]),
            RightElbow = P(k[8]),
            LeftWrist = P(k[9]),
            RightWrist = P(k[10]),
        };
        s.Neck = Mid(s.LeftShoulder, s.RightShoulder);
        s.MidHip = Mid(P(k[11]), P(k[12]));
        return s;
    }
}

/// <summary>Frames → MoveNet → posture/movement features → body percepts.</summary>
internal sealed class PoseFrameReader : IFrameReader
{
    private readonly string _id;
    private readonly PoseEstimator _estimator;
    private readonly BodyFeatures _features = new();

    public PoseFrameReader(string id)
    {
        _id = id;
        _estimator = PoseSources.OpenEstimator(id);
    }

    public Percept Read(Mat frame, double time) =>
        _features.ToPercept(_id, FacePerson.Default, time, PoseSources.ToSkeleton(_estimator.Estimate(frame)));

    public void Dispose() => _estimator.Dispose();
}
