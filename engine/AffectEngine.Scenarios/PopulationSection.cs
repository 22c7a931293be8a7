using System.Collections.Generic;
using System.ComponentModel;

namespace AffectEngine.Scenarios;

// Populations in a few lines: a spec with "count" copies draws each copy's traits from distributions
// and places it by a rule, every draw seeded from the run seed (the same file and seed give the same
// crowd at any thread count).

/// <summary>Per-trait distributions of a crowd spec's copies, or rows of participants.</summary>
[Description("Per-trait distributions for the copies of this spec (\"count\"), drawn from the run seed, and/or rows of participants (\"from\" a CSV file, or \"rows\"): copy k takes row k's traits. A trait no row gives comes from its distribution here, else \"personality\" (or 0).")]
public sealed class TraitDistributionsSpec
{
    /// <summary>A participants CSV file, relative to the scenario file's folder: copy k takes row k's traits.</summary>
    [Description("A participants CSV file, relative to the scenario file's folder. The header names the columns: openness, conscientiousness, extraversion, agreeableness, neuroticism (or O, C, E, A, N; any case), optionally group (several separated by ';'); other columns are ignored. Copy k takes row k's traits. \"count\" omitted (or 1) = one copy per row; a larger count than rows is an error; a smaller one takes the first rows.")]
    public string? From { get; set; }

    /// <summary>The values' scale in the file (default -1 to 1), mapped linearly onto [-1, 1].</summary>
    [Description("The scale of the file's trait values (e.g. min 1, max 5 for a 5-point questionnaire), mapped linearly onto [-1, 1]; default -1 to 1. A value outside it is an error.")]
    public ScaleSpec? Scale { get; set; }

    /// <summary>Participant rows: read from <see cref="From"/> by the loader, or written inline.</summary>
    [Description("Participant rows written inline (copy k takes row k). When present, \"from\" is not read again: the loader fills this from the file, so a scenario passed on as JSON carries its rows.")]
    public List<ParticipantRow>? Rows { get; set; }

    /// <summary>Openness.</summary>
    [Description("Openness.")]
    public DistributionSpec? O { get; set; }

    /// <summary>Conscientiousness.</summary>
    [Description("Conscientiousness.")]
    public DistributionSpec? C { get; set; }

    /// <summary>Extraversion.</summary>
    [Description("Extraversion.")]
    public DistributionSpec? E { get; set; }

    /// <summary>Agreeableness.</summary>
    [Description("Agreeableness.")]
    public DistributionSpec? A { get; set; }

    /// <summary>Neuroticism.</summary>
    [Description("Neuroticism.")]
    public DistributionSpec? N { get; set; }
}

/// <summary>The scale of a participants file's trait values.</summary>
[Description("The scale of trait values in a participants file, mapped linearly onto [-1, 1].")]
public sealed class ScaleSpec
{
    /// <summary>The value that maps to -1.</summary>
    [Description("The value that maps to -1 (e.g. 1 on a 5-point scale).")]
    [Bounds(-1e6, 1e6)]
    public float Min { get; set; } = -1f;

    /// <summary>The value that maps to 1.</summary>
    [Description("The value that maps to 1 (e.g. 5 on a 5-point scale).")]
    [Bounds(-1e6, 1e6)]
    public float Max { get; set; } = 1f;
}

/// <summary>One participant: traits (a trait left out comes from the spec's distribution or personality) and groups.</summary>
[Description("One participant: Big Five traits in [-1, 1] (a trait left out comes from its distribution or \"personality\") and groups the copy belongs to beside the spec's.")]
public sealed class ParticipantRow
{
    /// <summary>Openness.</summary>
    [Description("Openness.")]
    [Bounds(-1, 1)]
    public float? O { get; set; }

    /// <summary>Conscientiousness.</summary>
    [Description("Conscientiousness.")]
    [Bounds(-1, 1)]
    public float? C { get; set; }

    /// <summary>Extraversion.</summary>
    [Description("Extraversion.")]
    [Bounds(-1, 1)]
    public float? E { get; set; }

    /// <summary>Agreeableness.</summary>
    [Description("Agreeableness.")]
    [Bounds(-1, 1)]
    public float? A { get; set; }

    /// <summary>Neuroticism.</summary>
    [Description("Neuroticism.")]
    [Bounds(-1, 1)]
    public float? N { get; set; }

    /// <summary>Groups of this participant's copy, beside the spec's.</summary>
    [Description("Groups this participant's copy belongs to, beside the spec's \"group\" and \"groups\".")]
    public List<string>? Groups { get; set; }
}

/// <summary>A distribution of one trait.</summary>
[Description("A distribution: \"normal\" (mean, sd, clamped to [min, max], default [-1, 1]), \"uniform\" (min, max) or \"fixed\" (value).")]
public sealed class DistributionSpec
{
    /// <summary>"normal", "uniform" or "fixed".</summary>
    [Description("\"normal\", \"uniform\" or \"fixed\".")]
    [AllowedValues("normal", "uniform", "fixed")]
    public string Dist { get; set; } = "normal";

    /// <summary>Normal: mean.</summary>
    [Description("Normal: mean.")]
    [Bounds(-1, 1)]
    public float Mean { get; set; }

    /// <summary>Normal: standard deviation.</summary>
    [Description("Normal: standard deviation.")]
    [Bounds(0, 10)]
    public float Sd { get; set; }

    /// <summary>Lower bound (uniform) or clamp (normal).</summary>
    [Description("Uniform: lower bound; normal: lower clamp (default -1).")]
    [Bounds(-1, 1)]
    public float Min { get; set; } = -1f;

    /// <summary>Upper bound (uniform) or clamp (normal).</summary>
    [Description("Uniform: upper bound; normal: upper clamp (default 1).")]
    [Bounds(-1, 1)]
    public float Max { get; set; } = 1f;

    /// <summary>Fixed: the value.</summary>
    [Description("Fixed: the value.")]
    [Bounds(-1, 1)]
    public float Value { get; set; }
}

/// <summary>Where a crowd spec's copies stand.</summary>
[Description("Placement of the copies: \"grid\" (rows from origin, spacing apart), \"uniform\" in the rectangle [min, max], or \"clusters\" (uniform in discs of radius around centers, copies dealt round-robin). Drawn from the run seed.")]
public sealed class PlacementSpec
{
    /// <summary>"grid", "uniform" or "clusters".</summary>
    [Description("\"grid\", \"uniform\" or \"clusters\".")]
    [AllowedValues("grid", "uniform", "clusters")]
    public string Kind { get; set; } = "grid";

    /// <summary>Grid: first position.</summary>
    [Description("Grid: the first copy's position (default 0, 0).")]
    public PositionSpec? Origin { get; set; }

    /// <summary>Grid: distance between neighbours.</summary>
    [Description("Grid: distance between neighbouring copies (default 1); rows hold ceil(sqrt(count)) copies.")]
    [Bounds(0, 1e6)]
    public float Spacing { get; set; } = 1f;

    /// <summary>Uniform: lower corner.</summary>
    [Description("Uniform: the rectangle's lower corner.")]
    public PositionSpec? Min { get; set; }

    /// <summary>Uniform: upper corner.</summary>
    [Description("Uniform: the rectangle's upper corner.")]
    public PositionSpec? Max { get; set; }

    /// <summary>Clusters: centres.</summary>
    [Description("Clusters: the centres.")]
    public List<PositionSpec>? Centers { get; set; }

    /// <summary>Clusters: radius.</summary>
    [Description("Clusters: the discs' radius.")]
    [Bounds(0, 1e6)]
    public float Radius { get; set; } = 1f;
}
