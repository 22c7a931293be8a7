using System;
using System.Collections.Generic;

namespace AffectEngine.Perception.Body;

/// <summary>One 2-D (optionally 3-D) keypoint with the tracker's confidence (OpenPose c, MediaPipe visibility).</summary>
internal readonly record struct Keypoint(double X, double Y, double Z, double Confidence)
{
    public bool Seen => Confidence >= BodyFeatures.MinKeypointConfidence;
}

/// <summary>The joints the features use, whatever skeleton the tool has (image coordinates: y grows downward).</summary>
internal sealed class Skeleton
{
    public Keypoint Nose;
    public Keypoint Neck;
    public Keypoint LeftShoulder;
    public Keypoint RightShoulder;
    public Keypoint LeftElbow;
    public Keypoint RightElbow;
    public Keypoint LeftWrist;
    public Keypoint RightWrist;
    public Keypoint MidHip;

    /// <summary>True when the tool gives depth (MediaPipe z), so a forward lean can be seen.</summary>
    public bool HasDepth;
}

/// <summary>Posture and movement features of one frame (docs/perception.md, "Body").</summary>
/// <param name="HeadUp">Nose height above the neck in torso lengths (≈0.45 upright, lower when the head is bowed).</param>
/// <param name="Expansiveness">Horizontal span of wrists/elbows over the shoulder width (≈1.2 arms at the sides).</param>
/// <param name="ArmsRaised">1 when a wrist is above the shoulders, else 0.</param>
/// <param name="Lean">Trunk lean: forward (toward the camera, MediaPipe z) positive, in torso lengths; lateral lean when no depth.</param>
/// <param name="Energy">Mean speed of head, elbows and wrists over the last second, torso lengths per second.</param>
/// <param name="Jerk">Mean magnitude of the third derivative of the wrist positions, torso lengths per s³.</param>
/// <param name="SelfTouch">1 when a wrist is at the face or the other forearm (an adaptor), else 0.</param>
/// <param name="Confidence">Mean tracker confidence of the joints used, in [0, 1].</param>
internal readonly record struct BodyFrame(double HeadUp, double Expansiveness, double ArmsRaised, double Lean, double Energy, double Jerk, double SelfTouch, double Confidence);

/// <summary>
/// Turns a stream of skeletons into posture/movement features and maps them to arousal, dominance and
/// (weakly) valence. Directions follow the body-expression literature: Wallbott (1998, "Bodily
/// expression of emotion", EJSP 28(6)): high-arousal emotions (elated joy, hot anger, terror) show
/// more movement activity and expansive, dynamic arm movements, sadness a collapsed upper body and a
/// bowed head; Dael, Mortillaro &amp; Scherer (2012, "Emotion expression in body action and posture",
/// Emotion 12(5)): arousal is carried by movement dynamics (energy, velocity), dominance/pride by an
/// upright posture with the head up and expanded chest and arms; Kleinsmith &amp; Bianchi-Berthouze
/// (2013, "Affective body expression perception and recognition: a survey", IEEE TAC 4(1)): posture
/// discriminates arousal better than valence, forward lean signals engagement, self-touch (adaptors)
/// accompanies anxiety. The gains are the project's, chosen so typical poses span about ±0.6.
/// </summary>
internal sealed class BodyFeatures
{
    /// <summary>Keypoints below this confidence are treated as missing (OpenPose writes 0 for missing).</summary>
    public const double MinKeypointConfidence = 0.1;

    /// <summary>Upright head height (nose above neck) in torso lengths; the neutral point of the head term.</summary>
    public const double UprightHeadUp = 0.35;

    /// <summary>Wrist/elbow span over shoulder width with relaxed arms; the neutral point of expansiveness.</summary>
    public const double RelaxedSpan = 1.3;

    /// <summary>Movement energy (torso lengths/s) of a person sitting still and talking; the neutral point of arousal.</summary>
    public const double RestingEnergy = 0.15;

    /// <summary>Distance (torso lengths) within which a wrist touches the face or the other forearm.</summary>
    public const double TouchDistance = 0.2;

    private const double Window = 1.0;
    private readonly Queue<(double T, double[] P)> _history = new();

    /// <summary>Computes one frame's features; null when the torso cannot be measured.</summary>
    public BodyFrame? Add(double time, Skeleton s)
    {
        if (!s.Neck.Seen || !s.MidHip.Seen || !s.LeftShoulder.Seen || !s.RightShoulder.Seen)
        {
            return null;
        }

        var torso = Dist(s.Neck, s.MidHip);
        var shoulders = Math.Abs(s.LeftShoulder.X - s.RightShoulder.X);
        if (!(torso > 1e-6) || !(shoulders > 1e-6))
        {
            return null;
        }

        var used = new List<double> { s.Neck.Confidence, s.MidHip.Confidence, s.LeftShoulder.Confidence, s.RightShoulder.Confidence };
        var headUp = s.Nose.Seen ? (s.Neck.Y - s.Nose.Y) / torso : UprightHeadUp;
        if (s.Nose.Seen)
        {
            used.Add(s.Nose.Confidence);
        }

        var span = 0.0;
        if (s.LeftWrist.Seen && s.RightWrist.Seen)
        {
            span = Math.Max(span, Math.Abs(s.LeftWrist.X - s.RightWrist.X) / shoulders);
            used.Add(s.LeftWrist.Confidence);
            used.Add(s.RightWrist.Confidence);
        }

        if (s.LeftElbow.Seen && s.RightElbow.Seen)
        {
            span = Math.Max(span, Math.Abs(s.LeftElbow.X - s.RightElbow.X) / shoulders);
        }

        if (span == 0)
        {
            span = RelaxedSpan;
        }

        var shoulderY = Math.Min(s.LeftShoulder.Y, s.RightShoulder.Y);
        var raised = (s.LeftWrist.Seen && s.LeftWrist.Y < shoulderY) || (s.RightWrist.Seen && s.RightWrist.Y < shoulderY) ? 1.0 : 0.0;
        var lean = s.HasDepth ? (s.MidHip.Z - s.Neck.Z) / torso : (s.Neck.X - s.MidHip.X) / torso;

        var touch = 0.0;
        if (s.Nose.Seen)
        {
            foreach (var w in new[] { s.LeftWrist, s.RightWrist })
            {
                touch = w.Seen && Dist(w, s.Nose) / torso < TouchDistance * 1.5 ? 1 : touch;
            }
        }

        if (s.LeftWrist.Seen && s.RightElbow.Seen && DistToSegment(s.LeftWrist, s.RightElbow, s.RightWrist) / torso < TouchDistance)
        {
            touch = 1;
        }

        if (s.RightWrist.Seen && s.LeftElbow.Seen && DistToSegment(s.RightWrist, s.LeftElbow, s.LeftWrist) / torso < TouchDistance)
        {
            touch = 1;
        }

        // Movement: head, elbows and wrists in torso lengths relative to the neck (so walking past the
        // camera is not gesturing), over the last second.
        var p = new double[10];
        var pts = new[] { s.Nose, s.LeftElbow, s.RightElbow, s.LeftWrist, s.RightWrist };
        for (var i = 0; i < pts.Length; i++)
        {
            p[2 * i] = pts[i].Seen ? (pts[i].X - s.Neck.X) / torso : double.NaN;
            p[(2 * i) + 1] = pts[i].Seen ? (pts[i].Y - s.Neck.Y) / torso : double.NaN;
        }

        _history.Enqueue((time, p));
        while (_history.Count > 0 && time - _history.Peek().T > Window)
        {
            _history.Dequeue();
        }

        var (energy, jerk) = Dynamics();
        double confidence = 0;
        foreach (var c in used)
        {
            confidence += Math.Min(1, c);
        }

        confidence /= used.Count;
        return new BodyFrame(headUp, span, raised, lean, energy, jerk, touch, confidence);
    }

    /// <summary>
    /// The body percept of one skeleton at <paramref name="time"/> (recording clock): mapped features
    /// with the joints' confidence, or a NoFace percept (no torso in view: absence of evidence, flagged
    /// like a lost face).
    /// </summary>
    public Percept ToPercept(string id, string person, double time, Skeleton? s)
    {
        if ((s is null ? null : Add(time, s)) is not { } frame)
        {
            return new Percept { SourceId = id, Person = person, Modality = Modality.Body, SourceTime = time, Clock = ClockDomain.Recording, Quality = PerceptQuality.NoFace };
        }

        var (v, a, d) = Map(frame);
        return new Percept
        {
            SourceId = id,
            Person = person,
            Modality = Modality.Body,
            Affect = new ValenceArousal(v, a),
            Dominance = d,
            SourceTime = time,
            Clock = ClockDomain.Recording,
            Confidence = (float)Math.Clamp(frame.Confidence, 0, 1),
        };
    }

    /// <summary>Arousal, dominance and valence in [-1, 1] from one frame's features.</summary>
    public static (float Valence, float Arousal, float Dominance) Map(in BodyFrame f)
    {
        var head = Math.Clamp((f.HeadUp - UprightHeadUp) / 0.2, -1, 1);
        var expand = Math.Clamp((f.Expansiveness - RelaxedSpan) / 1.0, -1, 1);
        var move = Math.Tanh((f.Energy - RestingEnergy) / 0.3);
        var jerk = Math.Tanh(f.Jerk / 200);
        var lean = Math.Clamp(f.Lean / 0.3, -1, 1);

        var arousal = (0.6 * move) + (0.15 * jerk) + (0.15 * expand) + (0.15 * f.ArmsRaised) + (0.15 * f.SelfTouch);
        var dominance = (0.45 * head) + (0.35 * expand) + (0.15 * f.ArmsRaised) - (0.2 * f.SelfTouch);
        var valence = (0.25 * head) + (0.15 * f.ArmsRaised) + (0.1 * lean) - (0.2 * f.SelfTouch);
        return ((float)Math.Clamp(valence, -1, 1), (float)Math.Clamp(arousal, -1, 1), (float)Math.Clamp(dominance, -1, 1));
    }

    private (double Energy, double Jerk) Dynamics()
    {
        // Trackers jitter by a pixel or two per frame, which at 30 fps reads as fast motion. So the
        // positions are averaged over Smoothing seconds and differenced at Spacing-second steps.
        const double Smoothing = 0.15;
        const double Spacing = 0.1;
        var frames = _history.ToArray();
        var samples = new List<(double T, double[] P)>();
        var lastT = double.NegativeInfinity;
        for (var k = 0; k < frames.Length; k++)
        {
            if (frames[k].T - lastT < Spacing - 1e-9)
            {
                continue;
            }

            var mean = new double[10];
            for (var i = 0; i < 10; i++)
            {
                double sum = 0;
                var n = 0;
                for (var j = k; j >= 0 && frames[k].T - frames[j].T <= Smoothing; j--)
                {
                    if (!double.IsNaN(frames[j].P[i]))
                    {
                        sum += frames[j].P[i];
                        n++;
                    }
                }

                mean[i] = n > 0 ? sum / n : double.NaN;
            }

            samples.Add((frames[k].T, mean));
            lastT = frames[k].T;
        }

        double speed = 0;
        var count = 0;
        for (var k = 1; k < samples.Count; k++)
        {
            var dt = samples[k].T - samples[k - 1].T;
            for (var j = 0; j < 5; j++)
            {
                var dx = samples[k].P[2 * j] - samples[k - 1].P[2 * j];
                var dy = samples[k].P[(2 * j) + 1] - samples[k - 1].P[(2 * j) + 1];
                if (!double.IsNaN(dx) && !double.IsNaN(dy))
                {
                    speed += Math.Sqrt((dx * dx) + (dy * dy)) / dt;
                    count++;
                }
            }
        }

        double jerk = 0;
        var m = 0;
        for (var k = 3; k < samples.Count; k++)
        {
            var dt = (samples[k].T - samples[k - 3].T) / 3;
            for (var i = 6; i < 10; i++)
            {
                var d3 = samples[k].P[i] - (3 * samples[k - 1].P[i]) + (3 * samples[k - 2].P[i]) - samples[k - 3].P[i];
                if (!double.IsNaN(d3))
                {
                    jerk += Math.Abs(d3) / (dt * dt * dt);
                    m++;
                }
            }
        }

        return (count > 0 ? speed / count : 0, m > 0 ? jerk / m : 0);
    }

    private static double Dist(Keypoint a, Keypoint b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    private static double DistToSegment(Keypoint p, Keypoint a, Keypoint b)
    {
        if (!b.Seen)
        {
            return Dist(p, a);
        }

        var vx = b.X - a.X;
        var vy = b.Y - a.Y;
        var len2 = (vx * vx) + (vy * vy);
        var t = len2 > 0 ? Math.Clamp((((p.X - a.X) * vx) + ((p.Y - a.Y) * vy)) / len2, 0, 1) : 0;
        var cx = a.X + (t * vx) - p.X;
        var cy = a.Y + (t * vy) - p.Y;
        return Math.Sqrt((cx * cx) + (cy * cy));
    }
}
