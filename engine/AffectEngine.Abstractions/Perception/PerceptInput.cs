using System;

namespace AffectEngine.Perception;

/// <summary>
/// The fused perception of one person for one tick, as it enters the world's input batch (kind
/// "percept"). Because it travels in the batch, a live session is recorded and replays exactly.
/// Every value is finite and in range (the constructor refuses anything else), so NaN and huge
/// values from sensors never reach the core.
/// </summary>
public sealed class PerceptInput : TickInput
{
    /// <summary>The input kind tag used in records.</summary>
    public const string KindName = "percept";

    private const int PayloadVersion = 1;
    private const int HasDominanceFlag = 1;
    private readonly float[] _actionUnits;

    /// <summary>Creates a fused percept.</summary>
    /// <param name="tick">The tick it applies at.</param>
    /// <param name="source">The input source number (<see cref="InputSources.Perception"/> and up).</param>
    /// <param name="sequence">Order among percepts of the same tick and source (the fusion uses the person's ordinal rank).</param>
    /// <param name="person">Who was observed (non-empty).</param>
    /// <param name="category">The fused category; <see cref="EmotionCategory.Uncertain"/> when there is no usable evidence.</param>
    /// <param name="confidence">Confidence in [0, 1].</param>
    /// <param name="valence">Valence in [-1, 1].</param>
    /// <param name="arousal">Arousal in [-1, 1].</param>
    /// <param name="dominance">Dominance in [-1, 1], when some source gives it.</param>
    /// <param name="quality">Quality flags of the fused result (e.g. <see cref="PerceptQuality.Stale"/>).</param>
    /// <param name="actionUnits">Optional AU intensities (0–5) in <see cref="ActionUnits.Numbers"/> order; copied.</param>
    public PerceptInput(
        long tick,
        int source,
        long sequence,
        string person,
        EmotionCategory category,
        float confidence,
        float valence,
        float arousal,
        float? dominance = null,
        PerceptQuality quality = PerceptQuality.None,
        ReadOnlySpan<float> actionUnits = default)
        : base(tick, source, sequence)
    {
        if (string.IsNullOrEmpty(person))
        {
            throw new ArgumentException("A percept input needs a person id.", nameof(person));
        }

        if (category < EmotionCategory.Uncertain || category > EmotionCategory.Contempt)
        {
            throw new ArgumentOutOfRangeException(nameof(category), category, "Unknown emotion category.");
        }

        CheckRange(confidence, 0f, 1f, nameof(confidence));
        CheckRange(valence, -1f, 1f, nameof(valence));
        CheckRange(arousal, -1f, 1f, nameof(arousal));
        if (dominance is { } d)
        {
            CheckRange(d, -1f, 1f, nameof(dominance));
        }

        if (!actionUnits.IsEmpty && actionUnits.Length != ActionUnits.Count)
        {
            throw new ArgumentException($"An AU vector has {ActionUnits.Count} entries, not {actionUnits.Length}.", nameof(actionUnits));
        }

        for (var i = 0; i < actionUnits.Length; i++)
        {
            CheckRange(actionUnits[i], 0f, ActionUnits.MaxIntensity, nameof(actionUnits));
        }

        Person = person;
        Category = category;
        Confidence = confidence;
        Valence = valence;
        Arousal = arousal;
        Dominance = dominance;
        Quality = quality;
        _actionUnits = actionUnits.IsEmpty ? Array.Empty<float>() : actionUnits.ToArray();
    }

    /// <inheritdoc />
    public override string Kind => KindName;

    /// <summary>Who was observed.</summary>
    public string Person { get; }

    /// <summary>The fused category.</summary>
    public EmotionCategory Category { get; }

    /// <summary>Confidence in [0, 1]; 0 when the category is <see cref="EmotionCategory.Uncertain"/> for lack of data.</summary>
    public float Confidence { get; }

    /// <summary>Smoothed valence in [-1, 1].</summary>
    public float Valence { get; }

    /// <summary>Smoothed arousal in [-1, 1].</summary>
    public float Arousal { get; }

    /// <summary>Smoothed dominance in [-1, 1], when known.</summary>
    public float? Dominance { get; }

    /// <summary>Quality flags of the fused result.</summary>
    public PerceptQuality Quality { get; }

    /// <summary>AU intensities in <see cref="ActionUnits.Numbers"/> order; empty when no source gave AUs.</summary>
    public ReadOnlySpan<float> ActionUnitIntensities => _actionUnits;

    /// <summary>
    /// Writes the canonical payload: version, person, category, confidence, valence, arousal, flags,
    /// dominance, quality, AU count and AUs — fixed order, little-endian, floats by bit pattern.
    /// </summary>
    public override void WritePayload(IStateWriter writer)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        writer.WriteInt32(PayloadVersion);
        writer.WriteString(Person);
        writer.WriteInt32((int)Category);
        writer.WriteSingle(Confidence);
        writer.WriteSingle(Valence);
        writer.WriteSingle(Arousal);
        writer.WriteInt32(Dominance.HasValue ? HasDominanceFlag : 0);
        writer.WriteSingle(Dominance ?? 0f);
        writer.WriteInt32((int)Quality);
        writer.WriteInt32(_actionUnits.Length);
        for (var i = 0; i < _actionUnits.Length; i++)
        {
            writer.WriteSingle(_actionUnits[i]);
        }
    }

    /// <summary>
    /// Reads a payload written by <see cref="WritePayload"/> (replay). Bad data is a
    /// <see cref="FormatException"/> naming what was wrong.
    /// </summary>
    public static PerceptInput ReadPayload(long tick, int source, long sequence, IStateReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        var version = reader.ReadInt32();
        if (version != PayloadVersion)
        {
            throw new FormatException($"Percept payload version {version} is not supported (expected {PayloadVersion}).");
        }

        var person = reader.ReadString();
        var category = (EmotionCategory)reader.ReadInt32();
        var confidence = reader.ReadSingle();
        var valence = reader.ReadSingle();
        var arousal = reader.ReadSingle();
        var flags = reader.ReadInt32();
        var dominance = reader.ReadSingle();
        var quality = (PerceptQuality)reader.ReadInt32();
        var count = reader.ReadInt32();
        if (count != 0 && count != ActionUnits.Count)
        {
            throw new FormatException($"Percept payload has an AU vector of {count} entries; expected 0 or {ActionUnits.Count}.");
        }

        Span<float> aus = stackalloc float[ActionUnits.Count];
        for (var i = 0; i < count; i++)
        {
            aus[i] = reader.ReadSingle();
        }

        try
        {
            return new PerceptInput(
                tick, source, sequence, person, category, confidence, valence, arousal,
                (flags & HasDominanceFlag) != 0 ? dominance : null, quality, aus.Slice(0, count));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Percept payload for '{person}' is invalid: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"percept@{Tick} {Person}: {Category} c={Confidence:0.###} v={Valence:0.###} a={Arousal:0.###}" +
        (Dominance is { } d ? $" d={d:0.###}" : string.Empty) + (Quality != PerceptQuality.None ? $" [{Quality}]" : string.Empty);

    private static void CheckRange(float value, float min, float max, string name)
    {
        // NaN fails both comparisons, so it is refused here too.
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be a finite value in [{min}, {max}].");
        }
    }
}
