using System.Collections.Generic;
using System.ComponentModel;

namespace AffectEngine.Scenarios;

// The scenario's "behaviours" section (docs/behaviour.md). Values left out keep the engine's defaults,
// documented with their citations on BehaviourSettings in AffectEngine.Behaviour.

/// <summary>The behaviour layer of a scenario: tendency table, actions, a mental break, coping.</summary>
[Description("The behaviour layer: action tendencies (Frijda 1986), actions with preconditions (FAtiMA-style rules), a mental break, coping (Lazarus 1991; EMA). Present = the behaviour module runs.")]
public sealed class BehavioursSection
{
    /// <summary>Replaces the default emotion → tendency table.</summary>
    [Description("The emotion -> tendency table; absent = the engine's default (affect models lists it).")]
    public TendencyTableSection? Tendencies { get; set; }

    /// <summary>Action rules, in priority-free file order (utility decides).</summary>
    [Description("Actions agents may choose: preconditions, target, utility, cooldown, movement, effects. At most 64.")]
    public List<ActionSection> Actions { get; set; } = [];

    /// <summary>A mental break.</summary>
    [Description("A mental break (as in RimWorld): mood pleasure below a threshold for long enough makes the agent perform an action for a while, whatever its preconditions.")]
    public BreakSection? Break { get; set; }

    /// <summary>Coping.</summary>
    [Description("Coping (Lazarus 1991; Marsella & Gratch 2009): stressed agents act on the problem, seek support, or change their own appraisal (reappraisal, wishful thinking, distancing, shifting blame).")]
    public CopingSection? Coping { get; set; }
}

/// <summary>An emotion → tendency table.</summary>
[Description("An emotion -> tendency table.")]
public sealed class TendencyTableSection
{
    /// <summary>How much the mood octant counts.</summary>
    [Description("How much the mood octant counts, in [0, 1] (default 0.3).")]
    [Bounds(0, 1)]
    public float? MoodWeight { get; set; }

    /// <summary>Entries; given = replaces every default entry.</summary>
    [Description("Entries (emotion, tendency, weight); given = replaces every default entry.")]
    public List<TendencyEntrySection>? Table { get; set; }
}

/// <summary>One table entry.</summary>
[Description("An emotion at intensity I adds readiness weight x I to a tendency.")]
public sealed class TendencyEntrySection
{
    /// <summary>The emotion.</summary>
    [Description("The emotion's kebab-case name.")]
    [AllowedValues("joy", "distress", "hope", "fear", "satisfaction", "fears-confirmed", "relief", "disappointment", "happy-for", "resentment", "gloating", "pity", "pride", "shame", "admiration", "reproach", "gratification", "remorse", "gratitude", "anger", "love", "hate", "liking", "disliking")]
    public string Emotion { get; set; } = "";

    /// <summary>The tendency.</summary>
    [Description("The tendency.")]
    [AllowedValues("approach", "avoid", "attack", "help", "withdraw", "attend")]
    public string Tendency { get; set; } = "";

    /// <summary>Weight in [0, 1].</summary>
    [Description("Weight in [0, 1].")]
    [Bounds(0, 1)]
    public float Weight { get; set; }
}

/// <summary>A bound pair.</summary>
[Description("A range: the value must be at least min and at most max (either may be left out).")]
public sealed class RangeSection
{
    /// <summary>Least value.</summary>
    [Description("Least value (inclusive).")]
    [Bounds(-1, 1)]
    public float? Min { get; set; }

    /// <summary>Greatest value.</summary>
    [Description("Greatest value (inclusive).")]
    [Bounds(-1, 1)]
    public float? Max { get; set; }
}

/// <summary>Preconditions of an action.</summary>
[Description("Preconditions: every one given must hold.")]
public sealed class WhenSection
{
    /// <summary>Emotion intensities.</summary>
    [Description("Emotion intensity ranges, keyed by kebab-case emotion name.")]
    public Dictionary<string, RangeSection> Emotions { get; set; } = [];

    /// <summary>Tendency readiness.</summary>
    [Description("Tendency readiness ranges, keyed by tendency (approach, avoid, attack, help, withdraw, attend).")]
    public Dictionary<string, RangeSection> Tendencies { get; set; } = [];

    /// <summary>Mood axes.</summary>
    [Description("Mood axis ranges, keyed by p, a or d.")]
    public Dictionary<string, RangeSection> Mood { get; set; } = [];

    /// <summary>Allowed mood octants.</summary>
    [Description("Mood octants (ALMA) in which the action is possible: exuberant, dependent, relaxed, docile, bored, disdainful, anxious, hostile.")]
    public List<string> Octants { get; set; } = [];

    /// <summary>Liking of the target.</summary>
    [Description("The actor's liking of the target must lie in this range (relations).")]
    public RangeSection? Liking { get; set; }
}

/// <summary>An effect of an action on a goal.</summary>
[Description("How the action bears on a goal of the actor or the target (appraised by its owner when the owner holds that goal).")]
public sealed class ActionEffectSection
{
    /// <summary>Whose goal.</summary>
    [Description("Whose goal: \"target\" (default) or \"actor\".")]
    [AllowedValues("target", "actor")]
    public string Owner { get; set; } = "target";

    /// <summary>The goal id.</summary>
    [Description("The goal's id (as in the owner's \"goals\").")]
    public string Goal { get; set; } = "";

    /// <summary>Congruence.</summary>
    [Description("Goal congruence in [-1, 1]: helps (positive) or hurts (negative).")]
    [Bounds(-1, 1)]
    public float Congruence { get; set; }

    /// <summary>Likelihood.</summary>
    [Description("Likelihood in [0, 1]: 1 = it happened (joy, distress); below 1 = a prospect (hope, fear).")]
    [Bounds(0, 1)]
    public float Likelihood { get; set; } = 1f;

    /// <summary>Controllability.</summary>
    [Description("How far the goal's owner can change this outcome, in [0, 1] (EMA's controllability): 0.5 or more leads the owner to problem-focused coping, less to emotion-focused coping. Without it the owner's coping.agents[].controllability or personality default applies.")]
    [Bounds(0, 1)]
    public float? Controllability { get; set; }
}

/// <summary>An action rule.</summary>
[Description("An action: who may choose it, when, at whom, how much it is preferred, and what it does.")]
public sealed class ActionSection
{
    /// <summary>The action's name (standards name it).</summary>
    [Description("The action's name; agents' standards name it (praiseworthy or blameworthy).")]
    public string Name { get; set; } = "";

    /// <summary>Agents to whom the rule applies.</summary>
    [Description("Agent ids the action is for (with \"group\": either matches; neither = every agent).")]
    public List<string>? Agents { get; set; }

    /// <summary>A group to whom the rule applies.</summary>
    [Description("A group the action is for.")]
    public string? Group { get; set; }

    /// <summary>Preconditions.</summary>
    [Description("Preconditions on emotions, tendencies, mood and the relation to the target.")]
    public WhenSection? When { get; set; }

    /// <summary>Target kind.</summary>
    [Description("Whom the action is aimed at: none, agent (targetAgent), nearest, provoker (the last agent who acted against this one), most-liked, least-liked.")]
    [AllowedValues("none", "agent", "nearest", "provoker", "most-liked", "least-liked")]
    public string Target { get; set; } = "none";

    /// <summary>The target for "agent".</summary>
    [Description("The target's id when target is \"agent\".")]
    public string? TargetAgent { get; set; }

    /// <summary>Search radius.</summary>
    [Description("Targets must be within this distance (scenario units; 0 = any distance).")]
    [Bounds(0, 1e6)]
    public float Radius { get; set; }

    /// <summary>Utility.</summary>
    [Description("Utility: among possible actions the highest is chosen; ties are broken by the seeded random stream.")]
    [Bounds(-1e6, 1e6)]
    public float Utility { get; set; } = 0.5f;

    /// <summary>Cooldown.</summary>
    [Description("Time before the agent may choose the action again: seconds or a duration string (\"5s\").")]
    public Duration? Cooldown { get; set; }

    /// <summary>Movement.</summary>
    [Description("Movement while acting: \"toward\" or \"away from\" the target (speed rises with arousal).")]
    [AllowedValues("none", "toward", "away")]
    public string Move { get; set; } = "none";

    /// <summary>Speed.</summary>
    [Description("Speed in units per second at no arousal.")]
    [Bounds(0, 1e3)]
    public float Speed { get; set; } = 1f;

    /// <summary>Speed at full arousal.</summary>
    [Description("Speed at full arousal (default: speed).")]
    [Bounds(0, 1e3)]
    public float? MaxSpeed { get; set; }

    /// <summary>Approach stops at this distance.</summary>
    [Description("\"toward\" stops at this distance from the target.")]
    [Bounds(0, 1e6)]
    public float Reach { get; set; } = 1f;

    /// <summary>Appraised by others.</summary>
    [Description("The action becomes an event the next tick, appraised by the actor, the target and the witnesses (default true).")]
    public bool Appraised { get; set; } = true;

    /// <summary>Witness radius.</summary>
    [Description("Agents within this distance of the actor witness the action (0 = only actor and target).")]
    [Bounds(0, 1e6)]
    public float WitnessRadius { get; set; }

    /// <summary>Effects on goals.</summary>
    [Description("Effects on goals of the target or the actor.")]
    public List<ActionEffectSection> Effects { get; set; } = [];
}

/// <summary>A mental break.</summary>
[Description("A mental break.")]
public sealed class BreakSection
{
    /// <summary>Threshold.</summary>
    [Description("Mood pleasure below which the agent is at risk.")]
    [Bounds(-1, 1)]
    public float PleasureBelow { get; set; } = -0.5f;

    /// <summary>How long below before the break.</summary>
    [Description("How long the pleasure must stay below the threshold: seconds or a duration string.")]
    public Duration For { get; set; } = Duration.FromSeconds(10);

    /// <summary>How long the break lasts.</summary>
    [Description("How long the break lasts.")]
    public Duration Lasts { get; set; } = Duration.FromSeconds(5);

    /// <summary>The break action.</summary>
    [Description("The name of the action performed during the break (one of \"actions\").")]
    public string Action { get; set; } = "";
}

/// <summary>Coping settings.</summary>
[Description("Coping settings.")]
public sealed class CopingSection
{
    /// <summary>Stress threshold.</summary>
    [Description("Stress (the strongest of distress, fear, fears-confirmed) at which an agent copes, in (0, 1].")]
    [Bounds(0, 1)]
    public float StressThreshold { get; set; } = 0.3f;

    /// <summary>Interval.</summary>
    [Description("Least time between two coping acts of one agent.")]
    public Duration? Every { get; set; }

    /// <summary>Distancing step.</summary>
    [Description("How much distancing lowers the threatened goal's |utility| (0.8 -> 0.5 with 0.3).")]
    [Bounds(0, 1)]
    public float DistancingStep { get; set; } = 0.3f;

    /// <summary>Wishful thinking step.</summary>
    [Description("How much wishful thinking lowers the threat's likelihood.")]
    [Bounds(0, 1)]
    public float WishfulStep { get; set; } = 0.3f;

    /// <summary>Reappraisal step.</summary>
    [Description("Fraction of the threat's negative desirability positive reappraisal removes.")]
    [Bounds(0, 1)]
    public float ReappraisalStep { get; set; } = 0.5f;

    /// <summary>Blame step.</summary>
    [Description("How much shifting blame lowers the liking of the provoker.")]
    [Bounds(0, 1)]
    public float BlameStep { get; set; } = 0.2f;

    /// <summary>Support radius.</summary>
    [Description("Distance within which a liked agent is sought for support (0 = any).")]
    [Bounds(0, 1e6)]
    public float SupportRadius { get; set; }

    /// <summary>Problem-focused action.</summary>
    [Description("The action problem-focused coping performs against the provoker (one of \"actions\"); absent = no problem-focused coping.")]
    public string? ProblemAction { get; set; }

    /// <summary>Per-agent settings.</summary>
    [Description("Per-agent coping: a fixed strategy and/or the coping potential (controllability); otherwise both come from personality.")]
    public List<AgentCopingSection> Agents { get; set; } = [];
}

/// <summary>One agent's coping.</summary>
[Description("One agent's coping.")]
public sealed class AgentCopingSection
{
    /// <summary>The agent.</summary>
    [Description("The agent's id.")]
    public string Agent { get; set; } = "";

    /// <summary>A fixed strategy.</summary>
    [Description("Always this strategy when it applies.")]
    [AllowedValues("problem-focused", "seek-support", "positive-reappraisal", "wishful-thinking", "distancing", "shifting-blame")]
    public string? Strategy { get; set; }

    /// <summary>Controllability.</summary>
    [Description("Coping potential in [0, 1]: 0.5 or more = the agent acts on the problem (default from personality: Carver & Connor-Smith 2010).")]
    [Bounds(0, 1)]
    public float? Controllability { get; set; }
}
