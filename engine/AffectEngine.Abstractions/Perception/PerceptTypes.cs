using System;

namespace AffectEngine.Perception;

/// <summary>The sensing channel a percept comes from (docs/perception.md).</summary>
public enum Modality
{
    /// <summary>Facial expression (camera, OpenFace, FER models, iMotions AFFDEX).</summary>
    Face = 0,

    /// <summary>Speech prosody or vocal emotion recognition.</summary>
    Voice = 1,

    /// <summary>Peripheral physiology: electrodermal activity, heart rate, inter-beat intervals.</summary>
    Physiology = 2,

    /// <summary>Text or transcript sentiment.</summary>
    Text = 3,

    /// <summary>Anything else (a hand-made rating, an external fusion tool).</summary>
    Other = 4,

    /// <summary>Body posture and movement (OpenPose, MediaPipe pose).</summary>
    Body = 5,
}

/// <summary>
/// The canonical emotion categories every tool's labels are mapped to: Ekman's basic emotions with
/// contempt (Ekman &amp; Friesen 1986) and neutral, plus <see cref="Uncertain"/>.
/// <see cref="Uncertain"/> is the default value on purpose: a missing or stale observation must never
/// read as a neutral face.
/// </summary>
public enum EmotionCategory
{
    /// <summary>No usable evidence (no face, stale data, confidence too low). Not the same as neutral.</summary>
    Uncertain = 0,

    /// <summary>An observed face (or signal) that shows no emotion.</summary>
    Neutral = 1,

    /// <summary>Happiness / joy.</summary>
    Happiness = 2,

    /// <summary>Sadness.</summary>
    Sadness = 3,

    /// <summary>Surprise.</summary>
    Surprise = 4,

    /// <summary>Fear.</summary>
    Fear = 5,

    /// <summary>Anger.</summary>
    Anger = 6,

    /// <summary>Disgust.</summary>
    Disgust = 7,

    /// <summary>Contempt.</summary>
    Contempt = 8,
}

/// <summary>Problems a source or the fusion noticed about an observation; several can hold at once.</summary>
[Flags]
public enum PerceptQuality
{
    /// <summary>Nothing wrong.</summary>
    None = 0,

    /// <summary>The face tracker found no face (or lost it).</summary>
    NoFace = 1,

    /// <summary>A physiological sensor lost skin contact.</summary>
    ContactLoss = 2,

    /// <summary>Samples are missing before this one (a gap in the source's timeline).</summary>
    Gap = 4,

    /// <summary>A value was outside its valid range and was clamped or dropped.</summary>
    OutOfRange = 8,

    /// <summary>The newest evidence is older than its modality's time-to-live.</summary>
    Stale = 16,

    /// <summary>The evidence is too weak to name a category.</summary>
    LowConfidence = 32,

    /// <summary>A physiological baseline is still being collected for this person.</summary>
    Calibrating = 64,

    /// <summary>The source's timestamp is earlier than the previous one it gave for this person (a clock reset, a reordered packet).</summary>
    OutOfOrder = 128,

    /// <summary>
    /// The fusion abstains: its calibrated confidence is below the threshold or the modalities disagree,
    /// so the category is a guess that agents must not react to as if it were certain.
    /// </summary>
    Abstained = 256,

    /// <summary>
    /// A neutral reading that only one modality supports (typically a still face alone): not diagnostic
    /// on its own, so agents do not read it as disengagement.
    /// </summary>
    Uncorroborated = 512,

    /// <summary>A physiological sample taken while the wearer moved (accelerometer): its arousal is discounted.</summary>
    Motion = 1024,
}

/// <summary>Which clock a source timestamp is measured on.</summary>
public enum ClockDomain
{
    /// <summary>Seconds since the start of a recording (file replay).</summary>
    Recording = 0,

    /// <summary>Seconds since the Unix epoch (Empatica E4, most loggers).</summary>
    UnixSeconds = 1,

    /// <summary>Lab Streaming Layer local clock: monotonic seconds, usually since boot.</summary>
    LslLocal = 2,

    /// <summary>The host's clock at arrival (the source had no timestamp of its own).</summary>
    Arrival = 3,
}

/// <summary>Physiological signals a percept can carry.</summary>
public enum PhysiologySignal
{
    /// <summary>Electrodermal activity (skin conductance), microsiemens.</summary>
    Eda = 0,

    /// <summary>Heart rate, beats per minute.</summary>
    HeartRate = 1,

    /// <summary>Inter-beat interval, seconds.</summary>
    InterBeatInterval = 2,
}

/// <summary>A valence–arousal estimate (Russell 1980 circumplex); each axis in [-1, 1].</summary>
/// <param name="Valence">Valence (pleasantness).</param>
/// <param name="Arousal">Arousal (activation).</param>
public readonly record struct ValenceArousal(float Valence, float Arousal);

/// <summary>One physiological measurement.</summary>
/// <param name="Signal">What was measured.</param>
/// <param name="Value">The value, in the signal's unit (see <see cref="PhysiologySignal"/>).</param>
public readonly record struct PhysiologySample(PhysiologySignal Signal, float Value);

/// <summary>
/// The facial action units a percept's AU vector holds, in order: the 17 intensity AUs OpenFace 2.x
/// estimates (Baltrušaitis et al. 2018), intensities on FACS's 0–5 scale.
/// </summary>
public static class ActionUnits
{
    /// <summary>Number of entries in an AU vector.</summary>
    public const int Count = 17;

    /// <summary>The largest FACS intensity (E, "maximum").</summary>
    public const float MaxIntensity = 5f;

    private static readonly int[] NumbersArray = { 1, 2, 4, 5, 6, 7, 9, 10, 12, 14, 15, 17, 20, 23, 25, 26, 45 };

    /// <summary>The FACS AU numbers, in vector order.</summary>
    public static ReadOnlySpan<int> Numbers => NumbersArray;

    /// <summary>The vector index of AU <paramref name="number"/>, or -1 when it is not in the vector.</summary>
    public static int IndexOf(int number) => Array.IndexOf(NumbersArray, number);
}
