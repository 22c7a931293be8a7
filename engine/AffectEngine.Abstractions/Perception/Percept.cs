using System;

namespace AffectEngine.Perception;

/// <summary>
/// One raw observation of a person from one source, before fusion (docs/perception.md). A payload
/// holds any of: class probabilities over <see cref="Labels"/>, a valence–arousal estimate, an
/// action-unit vector, a physiological sample. Percepts are produced on host threads and never
/// enter the world directly: fusion turns them into one <see cref="PerceptInput"/> per person per tick.
/// </summary>
public readonly record struct Percept
{
    /// <summary>The source that produced it (its spec string or a name given by the host).</summary>
    public string SourceId { get; init; }

    /// <summary>Who was observed (the tool's subject or face id, or the name the scenario gives).</summary>
    public string Person { get; init; }

    /// <summary>The sensing channel.</summary>
    public Modality Modality { get; init; }

    /// <summary>The tool's label set; <see cref="ClassProbabilities"/> is indexed in its order.</summary>
    public LabelTable? Labels { get; init; }

    /// <summary>The name of the tool's label set ("" when the percept carries no class probabilities).</summary>
    public string LabelSet => Labels?.Name ?? string.Empty;

    /// <summary>Per-class scores in [0, 1], one per entry of <see cref="Labels"/>; empty when absent.</summary>
    public ReadOnlyMemory<float> ClassProbabilities { get; init; }

    /// <summary>A valence–arousal estimate, when the tool gives one.</summary>
    public ValenceArousal? Affect { get; init; }

    /// <summary>A dominance estimate in [-1, 1] (body posture gives one), when the tool gives one.</summary>
    public float? Dominance { get; init; }

    /// <summary>AU intensities (0–5) in <see cref="ActionUnits.Numbers"/> order; empty when absent.</summary>
    public ReadOnlyMemory<float> ActionUnitIntensities { get; init; }

    /// <summary>A physiological measurement, when the source is a sensor.</summary>
    public PhysiologySample? Physiology { get; init; }

    /// <summary>The source's own timestamp, in seconds on <see cref="Clock"/>.</summary>
    public double SourceTime { get; init; }

    /// <summary>The clock <see cref="SourceTime"/> is measured on.</summary>
    public ClockDomain Clock { get; init; }

    /// <summary>The tool's confidence in [0, 1] (1 when the tool reports none).</summary>
    public float Confidence { get; init; }

    /// <summary>Problems noticed by the source.</summary>
    public PerceptQuality Quality { get; init; }
}

/// <summary>How one class of a tool's label set maps onto the canonical set and PAD space.</summary>
/// <param name="ClassName">The class name exactly as the tool writes it (matched case-insensitively).</param>
/// <param name="Category">The canonical category.</param>
/// <param name="Pad">The class's point in PAD space.</param>
public readonly record struct LabelMapping(string ClassName, EmotionCategory Category, Pad Pad);

/// <summary>
/// A tool's label set: its class names in the order the tool reports them, each mapped to a
/// canonical <see cref="EmotionCategory"/> and a PAD point. Immutable; kept as data so a lab can
/// supply its own.
/// </summary>
public sealed class LabelTable
{
    private readonly LabelMapping[] _entries;

    /// <summary>Creates a table; class names must be non-empty and unique (ignoring case).</summary>
    public LabelTable(string name, params LabelMapping[] entries)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A label table needs a name.", nameof(name));
        }

        if (entries is null || entries.Length == 0)
        {
            throw new ArgumentException($"Label table '{name}' has no classes.", nameof(entries));
        }

        for (var i = 0; i < entries.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(entries[i].ClassName))
            {
                throw new ArgumentException($"Label table '{name}' has an empty class name at index {i}.", nameof(entries));
            }

            for (var j = 0; j < i; j++)
            {
                if (string.Equals(entries[i].ClassName, entries[j].ClassName, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"Label table '{name}' lists class '{entries[i].ClassName}' twice.", nameof(entries));
                }
            }
        }

        Name = name;
        _entries = (LabelMapping[])entries.Clone();
    }

    /// <summary>The label set's name (e.g. "fer7", "emfacs").</summary>
    public string Name { get; }

    /// <summary>Number of classes.</summary>
    public int Count => _entries.Length;

    /// <summary>The i-th class.</summary>
    public LabelMapping this[int index] => _entries[index];

    /// <summary>Finds a class by name (case-insensitive); -1 when the tool's name is unknown.</summary>
    public int IndexOf(string className)
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            if (string.Equals(_entries[i].ClassName, className, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Count} classes)";
}
