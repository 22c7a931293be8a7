using System.Collections.Generic;
using System.ComponentModel;

namespace AffectEngine.Scenarios;

// The "models" section: every model parameter a study may need to set, validated like the rest of
// the file and recorded with it (a record's header carries the scenario bytes). Absent values keep
// the selected appraisal model's defaults, which docs/models.md cites.

/// <summary>Model parameters and choices of a scenario (docs/models.md, docs/validation.md).</summary>
[Description("Model parameters and choices: decay per emotion type, appraisal thresholds, personality modulation, ALMA mood dynamics, OCC choices, GAMYGDALA options. Absent values keep the selected model's published defaults (affect models --scenario shows the values in use).")]
public sealed class ModelsSpec
{
    /// <summary>Decay per emotion type; the key "*" sets every type, a type's own key wins over it.</summary>
    [Description("Decay per emotion type, keyed by the kebab-case emotion name, or \"*\" for every type (a type's own entry wins).")]
    public Dictionary<string, DecaySpec>? Decay { get; set; }

    /// <summary>Appraisal thresholds per emotion type in [0, 1); "*" sets every type.</summary>
    [Description("Appraisal thresholds in [0, 1) keyed by emotion name or \"*\": an impulse must exceed its type's threshold and enters as the excess (FAtiMA).")]
    public Dictionary<string, float>? Thresholds { get; set; }

    /// <summary>How personality modulates appraisal and decay.</summary>
    [Description("Personality modulation: gains of extraversion (positive impulses) and neuroticism (negative impulses), and the slowing of negative decay by neuroticism.")]
    public PersonalityModulationSpec? Personality { get; set; }

    /// <summary>ALMA mood dynamics and the mood's influence on appraisal.</summary>
    [Description("ALMA mood dynamics (change and return times) and the mood's influence on appraisal (FAtiMA).")]
    public MoodDynamicsSpec? Mood { get; set; }

    /// <summary>Choices of the OCC model.</summary>
    [Description("Choices of the OCC model (run.appraisal \"occ\").")]
    public OccChoicesSpec? Occ { get; set; }

    /// <summary>Options of the GAMYGDALA model.</summary>
    [Description("Options of the GAMYGDALA model (run.appraisal \"gamygdala\").")]
    public GamygdalaOptionsSpec? Gamygdala { get; set; }
}

/// <summary>How one emotion type decays.</summary>
[Description("How an emotion type decays: \"linear\" with \"seconds\" (time from 1 to 0) or \"rate\" (intensity per second), or \"exponential\" with \"halfLife\" or \"factor\" (fraction left after one second, as GAMYGDALA's decayFactor). Exactly one of seconds, rate, halfLife, factor.")]
public sealed class DecaySpec
{
    /// <summary>"linear" or "exponential".</summary>
    [Description("\"linear\" (ALMA) or \"exponential\" (GAMYGDALA).")]
    [AllowedValues("linear", "exponential")]
    public string Kind { get; set; } = "linear";

    /// <summary>Linear: time from intensity 1 to 0.</summary>
    [Description("Linear: time from intensity 1 to 0 (seconds or a duration string).")]
    public Duration? Seconds { get; set; }

    /// <summary>Linear: intensity lost per second.</summary>
    [Description("Linear: intensity lost per second, in (0, 1000].")]
    [Bounds(0, 1000)]
    public double? Rate { get; set; }

    /// <summary>Exponential: half-life.</summary>
    [Description("Exponential: half-life (seconds or a duration string).")]
    public Duration? HalfLife { get; set; }

    /// <summary>Exponential: fraction left after one second, in (0, 1).</summary>
    [Description("Exponential: fraction of the intensity left after one second, in (0, 1) (GAMYGDALA's decayFactor, 0.8).")]
    [Bounds(0, 1)]
    public double? Factor { get; set; }
}

/// <summary>Personality modulation parameters.</summary>
[Description("Personality modulation (project's magnitudes; directions from Larsen & Ketelaar 1991 and Suls & Martin 2005).")]
public sealed class PersonalityModulationSpec
{
    /// <summary>Positive impulses × (1 + k·E).</summary>
    [Description("k in positive impulses x (1 + k·E), in [0, 1]; default 0.5 for occ, 0 for gamygdala.")]
    [Bounds(0, 1)]
    public float? ExtraversionGain { get; set; }

    /// <summary>Negative impulses × (1 + k·N).</summary>
    [Description("k in negative impulses x (1 + k·N), in [0, 1]; default 0.5 for occ, 0 for gamygdala.")]
    [Bounds(0, 1)]
    public float? NeuroticismGain { get; set; }

    /// <summary>Negative emotions decay at rate × (1 − k·N).</summary>
    [Description("k in the negative-emotion decay rate x (1 - k·N), in [0, 1); default 0.5 for occ, 0 for gamygdala.")]
    [Bounds(0, 1)]
    public float? NeuroticismDecaySlowing { get; set; }
}

/// <summary>ALMA mood dynamics.</summary>
[Description("ALMA mood dynamics (Gebhard 2005) and FAtiMA's mood influence on appraisal (Dias & Paiva 2005).")]
public sealed class MoodDynamicsSpec
{
    /// <summary>Time for a full mood change at strength 1.</summary>
    [Description("Time for the mood to cross from the origin to an octant corner at full strength (ALMA: 10 min).")]
    public Duration? ChangeTime { get; set; }

    /// <summary>Time to return to the default mood with no active emotion.</summary>
    [Description("Time for the mood to return from an octant corner to the default mood with no active emotion (ALMA: 20 min).")]
    public Duration? ReturnTime { get; set; }

    /// <summary>Mood influence on appraisal.</summary>
    [Description("Mood influence on an impulse's potential, k in x ± k·P, in [0, 1] (FAtiMA 0.3; gamygdala 0).")]
    [Bounds(0, 1)]
    public float? Influence { get; set; }

    /// <summary>Moods with |P| below this do not influence appraisal.</summary>
    [Description("Moods with |P| below this do not influence appraisal, in [0, 1] (FAtiMA 0.05).")]
    [Bounds(0, 1)]
    public float? MinimumMood { get; set; }
}

/// <summary>OCC model choices.</summary>
[Description("OCC model choices, each argued from Ortony, Clore & Collins 1988 in docs/models.md.")]
public sealed class OccChoicesSpec
{
    /// <summary>"accompany" (default) or "replace".</summary>
    [Description("Do compound emotions (gratification, remorse, gratitude, anger) \"accompany\" their constituents (attribution and joy/distress; default, as FAtiMA) or \"replace\" them?")]
    [AllowedValues("accompany", "replace")]
    public string? Compounds { get; set; }

    /// <summary>"prospect-only" (default) or "with-well-being".</summary>
    [Description("Does a disconfirmed prospect give only relief/disappointment (\"prospect-only\", default, OCC) or also joy/distress (\"with-well-being\", as GAMYGDALA)?")]
    [AllowedValues("prospect-only", "with-well-being")]
    public string? Disconfirmation { get; set; }
}

/// <summary>GAMYGDALA options.</summary>
[Description("GAMYGDALA options (Popescu, Broekens & van Someren 2014): the published defaults are no gain and exponential decay 0.8 per second.")]
public sealed class GamygdalaOptionsSpec
{
    /// <summary>Gain g in (0, 20]: impulses enter as g·x / (g·x + 1); absent = no gain (as published).</summary>
    [Description("Turns the gain on: an impulse x enters as g·x / (g·x + 1), g in (0, 20]. Absent: no gain, as published.")]
    [Bounds(0, 20)]
    public float? Gain { get; set; }

    /// <summary>Decay factor per second in (0, 1); default 0.8.</summary>
    [Description("Decay factor per second f in (0, 1): I·f^t (default 0.8). A \"decay\" entry for a type wins over it.")]
    [Bounds(0, 1)]
    public double? DecayFactor { get; set; }
}
