using System;
using System.Collections.Generic;
using AffectEngine.Affect;

namespace AffectEngine.Behaviour;

/// <summary>What a precondition reads.</summary>
public enum ConditionKind
{
    /// <summary>An emotion's intensity (index: <see cref="EmotionType"/>).</summary>
    Emotion = 0,

    /// <summary>A tendency's readiness (index: <see cref="Tendency"/>).</summary>
    Tendency = 1,

    /// <summary>A mood axis (index 0 P, 1 A, 2 D).</summary>
    Mood = 2,
}

/// <summary>A precondition: the value read must lie in [<paramref name="Min"/>, <paramref name="Max"/>].</summary>
/// <param name="Kind">What is read.</param>
/// <param name="Index">Which emotion, tendency or mood axis.</param>
/// <param name="Min">Lower bound (inclusive).</param>
/// <param name="Max">Upper bound (inclusive).</param>
public readonly record struct Condition(ConditionKind Kind, int Index, float Min, float Max);

/// <summary>Whom an action is aimed at.</summary>
public enum TargetKind
{
    /// <summary>Nobody (a happening the agent causes, e.g. storming out).</summary>
    None = 0,

    /// <summary>One named agent (<see cref="ActionRule.TargetAgent"/>).</summary>
    Agent = 1,

    /// <summary>The nearest other live agent within <see cref="ActionRule.Radius"/>.</summary>
    Nearest = 2,

    /// <summary>The last agent whose action or event hurt one of this agent's goals (retaliation, fleeing the attacker).</summary>
    Provoker = 3,

    /// <summary>The most liked agent within the radius (liking &gt; 0).</summary>
    MostLiked = 4,

    /// <summary>The least liked agent within the radius (liking &lt; 0).</summary>
    LeastLiked = 5,
}

/// <summary>How an action moves the actor.</summary>
public enum MoveKind
{
    /// <summary>The actor stays.</summary>
    None = 0,

    /// <summary>Toward the target (stopping at <see cref="ActionRule.Reach"/>).</summary>
    Toward = 1,

    /// <summary>Away from the target.</summary>
    Away = 2,
}

/// <summary>Who an action's goal effect is for.</summary>
public enum EffectOwner
{
    /// <summary>The actor's own goal.</summary>
    Actor = 0,

    /// <summary>The target's goal.</summary>
    Target = 1,
}

/// <summary>An action's effect on a goal, appraised by the owner when they hold that goal (GAMYGDALA belief, likelihood 1).</summary>
/// <param name="Owner">Whose goal.</param>
/// <param name="Goal">The goal's name.</param>
/// <param name="Congruence">How far it helps (+) or hurts (−) the goal, in [-1, 1].</param>
/// <param name="Likelihood">How likely the effect is, in [0, 1]: 1 = it happened (joy, distress); below 1 a prospect (hope, fear).</param>
public readonly record struct ActionEffect(EffectOwner Owner, string Goal, float Congruence, float Likelihood = 1f)
{
    /// <summary>How far the owner can change the outcome, in [0, 1] (EMA's controllability; coping), or null to leave it to the owner's default.</summary>
    public float? Controllability { get; init; }
}

/// <summary>
/// A behaviour rule (FAtiMA-style: preconditions, then an action with a utility): an agent to whom the
/// rule applies may choose <see cref="Name"/> when every precondition holds, its cooldown has passed
/// and its target can be found. Among the possible rules the one of highest utility is chosen; ties are
/// broken by the seeded random stream of (seed, tick, agent).
/// </summary>
public sealed class ActionRule
{
    /// <summary>The action's name (also its appraisal action: standards name it).</summary>
    public string Name { get; set; } = "";

    /// <summary>Utility: the higher, the more preferred.</summary>
    public float Utility { get; set; } = 0.5f;

    /// <summary>Ticks after being chosen before the agent may choose it again (0 = every tick).</summary>
    public int CooldownTicks { get; set; }

    /// <summary>Preconditions on emotions, tendencies and mood axes.</summary>
    public List<Condition> Conditions { get; } = [];

    /// <summary>Allowed mood octants, one bit per ALMA octant index (0 = any).</summary>
    public int OctantMask { get; set; }

    /// <summary>Whom it is aimed at.</summary>
    public TargetKind Target { get; set; }

    /// <summary>The target for <see cref="TargetKind.Agent"/>.</summary>
    public AgentId TargetAgent { get; set; }

    /// <summary>Search radius for nearest/liked/disliked targets (0 = any distance).</summary>
    public float Radius { get; set; }

    /// <summary>Relation precondition on the target: least liking (−1 = none).</summary>
    public float LikingMin { get; set; } = -1f;

    /// <summary>Relation precondition on the target: greatest liking (1 = none).</summary>
    public float LikingMax { get; set; } = 1f;

    /// <summary>Movement.</summary>
    public MoveKind Move { get; set; }

    /// <summary>Walking speed (units per second) at no arousal.</summary>
    public float Speed { get; set; } = 1f;

    /// <summary>Speed at full arousal (Helbing, Farkas &amp; Vicsek 2000: desired speed rises with nervousness).</summary>
    public float MaxSpeed { get; set; } = 1f;

    /// <summary>Toward stops at this distance from the target.</summary>
    public float Reach { get; set; } = 1f;

    /// <summary>True: the action becomes an appraisable event the next tick (actor, target, witnesses).</summary>
    public bool Appraised { get; set; } = true;

    /// <summary>Agents within this distance of the actor witness the event (0 = only actor and target).</summary>
    public float WitnessRadius { get; set; }

    /// <summary>Effects on goals of the actor or the target.</summary>
    public List<ActionEffect> Effects { get; } = [];

    /// <summary>Every problem, each under <paramref name="path"/> (field, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate(string path)
    {
        var p = new Problems();
        p.Require(!string.IsNullOrWhiteSpace(Name), $"{path}.name must not be empty.");
        p.Require(Utility >= -1e6f && Utility <= 1e6f, $"{path}.utility must be in [-1e6, 1e6]; got {Utility}.");
        p.Require(CooldownTicks >= 0, $"{path}.cooldown must be at least 0; got {CooldownTicks}.");
        for (var i = 0; i < Conditions.Count; i++)
        {
            var c = Conditions[i];
            p.Require(c.Min <= c.Max, $"{path}.conditions[{i}]: min {c.Min} is above max {c.Max}; the rule could never fire.");
        }

        p.Require(LikingMin <= LikingMax, $"{path}: likingMin {LikingMin} is above likingMax {LikingMax}.");
        p.Require(Radius >= 0f, $"{path}.radius must be at least 0; got {Radius}.");
        p.Require(WitnessRadius >= 0f, $"{path}.witnessRadius must be at least 0; got {WitnessRadius}.");
        p.Require(Speed >= 0f, $"{path}.speed must be at least 0; got {Speed}.");
        p.Require(MaxSpeed >= 0f, $"{path}.maxSpeed must be at least 0; got {MaxSpeed}.");
        p.Require(Reach >= 0f, $"{path}.reach must be at least 0; got {Reach}.");
        for (var i = 0; i < Effects.Count; i++)
        {
            var fx = Effects[i];
            p.Require(!string.IsNullOrWhiteSpace(fx.Goal), $"{path}.effects[{i}].goal must not be empty.");
            p.Range(fx.Congruence, -1f, 1f, $"{path}.effects[{i}].congruence");
            p.Range(fx.Likelihood, 0f, 1f, $"{path}.effects[{i}].likelihood");
            if (fx.Controllability is { } c)
            {
                p.Range(c, 0f, 1f, $"{path}.effects[{i}].controllability");
            }
            p.Require(fx.Owner != EffectOwner.Target || Target != TargetKind.None, $"{path}.effects[{i}]: an effect on the target's goal needs a target.");
        }

        p.Require(Move == MoveKind.None || Target != TargetKind.None, $"{path}: moving toward or away needs a target.");
        return p.List;
    }
}

/// <summary>
/// A mental break (as in RimWorld: a colonist whose mood stays below a threshold long enough breaks):
/// when an agent's pleasure stays below <see cref="PleasureBelow"/> for <see cref="ForTicks"/> ticks,
/// it performs <see cref="Action"/> (whatever its preconditions) for <see cref="LastsTicks"/> ticks.
/// </summary>
public sealed class BreakRule
{
    /// <summary>Mood pleasure threshold in [-1, 1].</summary>
    public float PleasureBelow { get; set; } = -0.5f;

    /// <summary>Ticks below the threshold before the break starts (≥ 1).</summary>
    public int ForTicks { get; set; } = 100;

    /// <summary>How long the break lasts, in ticks (≥ 1).</summary>
    public int LastsTicks { get; set; } = 50;

    /// <summary>The index of the action performed during the break in <see cref="BehaviourSettings.Actions"/>.</summary>
    public int Action { get; set; }
}

/// <summary>Coping strategies (Lazarus 1991; Marsella &amp; Gratch 2009, EMA).</summary>
public enum CopingStrategy
{
    /// <summary>No coping this tick.</summary>
    None = 0,

    /// <summary>Act on the problem: perform the configured problem-focused action.</summary>
    ProblemFocused = 1,

    /// <summary>Seek support: approach the most liked agent.</summary>
    SeekSupport = 2,

    /// <summary>Positive reappraisal: the threat's desirability becomes less negative.</summary>
    PositiveReappraisal = 3,

    /// <summary>Wishful thinking / denial: the threat's likelihood is lowered.</summary>
    WishfulThinking = 4,

    /// <summary>Distancing: the threatened goal's utility is lowered.</summary>
    Distancing = 5,

    /// <summary>Shifting blame: the liking of the provoker drops (the agent blames them).</summary>
    ShiftingBlame = 6,
}

/// <summary>Names of <see cref="CopingStrategy"/>.</summary>
public static class CopingStrategies
{
    private static readonly string[] NamesArray = ["none", "problem-focused", "seek-support", "positive-reappraisal", "wishful-thinking", "distancing", "shifting-blame"];

    /// <summary>The names by value.</summary>
    public static IReadOnlyList<string> Names => NamesArray;

    /// <summary>A strategy's name.</summary>
    public static string Name(this CopingStrategy strategy) => NamesArray[(int)strategy];

    /// <summary>Parses a name.</summary>
    public static bool TryParse(string name, out CopingStrategy strategy)
    {
        for (var i = 0; i < NamesArray.Length; i++)
        {
            if (string.Equals(NamesArray[i], name, StringComparison.Ordinal))
            {
                strategy = (CopingStrategy)i;
                return true;
            }
        }

        strategy = default;
        return false;
    }
}

/// <summary>
/// Coping settings. An agent copes when its stress (the strongest of distress, fear and fears-confirmed)
/// reaches <see cref="StressThreshold"/>, at most once per <see cref="EveryTicks"/>, about its most
/// threatened goal (the belief of most negative desirability × likelihood). The strategy follows EMA's
/// order (Marsella &amp; Gratch 2009): problem-focused when the goal is controllable (coping potential
/// ≥ 0.5), else seek support when a liked agent is near, else an emotion-focused strategy picked from
/// personality (Carver &amp; Connor-Smith 2010: neuroticism → wishful thinking, openness → positive
/// reappraisal, low agreeableness → shifting blame, otherwise distancing).
/// </summary>
public sealed class CopingSettings
{
    /// <summary>Stress at which an agent copes, in (0, 1].</summary>
    public float StressThreshold { get; set; } = 0.3f;

    /// <summary>Ticks between two coping acts of one agent (≥ 1).</summary>
    public int EveryTicks { get; set; } = 10;

    /// <summary>How much one act of distancing lowers |utility| (0.8 → 0.5 with 0.3).</summary>
    public float DistancingStep { get; set; } = 0.3f;

    /// <summary>How much one act of wishful thinking lowers a threat's likelihood.</summary>
    public float WishfulStep { get; set; } = 0.3f;

    /// <summary>Fraction of a threat's negative desirability removed by positive reappraisal.</summary>
    public float ReappraisalStep { get; set; } = 0.5f;

    /// <summary>How much shifting blame lowers the liking of the provoker.</summary>
    public float BlameStep { get; set; } = 0.2f;

    /// <summary>Distance within which a liked agent is sought for support (0 = any).</summary>
    public float SupportRadius { get; set; }

    /// <summary>The action index performed by problem-focused coping, or -1 (then problem-focused is skipped).</summary>
    public int ProblemAction { get; set; } = -1;

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        p.Require(StressThreshold > 0f && StressThreshold <= 1f, $"coping.stressThreshold must be in (0, 1]; got {StressThreshold}.");
        p.Require(EveryTicks >= 1, $"coping.every must be at least one tick; got {EveryTicks}.");
        p.Range(DistancingStep, 0f, 1f, "coping.distancingStep");
        p.Range(WishfulStep, 0f, 1f, "coping.wishfulStep");
        p.Range(ReappraisalStep, 0f, 1f, "coping.reappraisalStep");
        p.Range(BlameStep, 0f, 1f, "coping.blameStep");
        p.Require(SupportRadius >= 0f, $"coping.supportRadius must be at least 0; got {SupportRadius}.");
        return p.List;
    }

    /// <summary>
    /// The personality default of coping potential (controllability) in [0, 1]: 0.5 + 0.25·(E + C)/2 − 0.25·N.
    /// Direction from Carver &amp; Connor-Smith (2010, Annu. Rev. Psychol. 61): extraversion and
    /// conscientiousness go with engagement (problem-focused) coping, neuroticism with disengagement;
    /// the coefficients are engine defaults.
    /// </summary>
    public static float DefaultControllability(float e, float c, float n) => Math.Max(0f, Math.Min(1f, 0.5f + (0.125f * (e + c)) - (0.25f * n)));
}

/// <summary>The behaviour layer's settings: the tendency table, the action rules, an optional break and coping.</summary>
public sealed class BehaviourSettings
{
    /// <summary>Largest number of action rules (one bit each in an agent's rule mask).</summary>
    public const int MaxActions = 64;

    /// <summary>The emotion → tendency table.</summary>
    public TendencyTable Tendencies { get; set; } = TendencyTable.CreateDefault();

    /// <summary>Action rules, in file order (their index is the value of the hot field "behaviour.action" minus one).</summary>
    public List<ActionRule> Actions { get; } = [];

    /// <summary>A mental break, or null.</summary>
    public BreakRule? Break { get; set; }

    /// <summary>Coping, or null (no coping).</summary>
    public CopingSettings? Coping { get; set; }

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        if (p.Set(Tendencies, "tendencies"))
        {
            p.Nested("", Tendencies.Validate());
        }

        p.Require(Actions.Count <= MaxActions, $"behaviours.actions: at most {MaxActions} actions; got {Actions.Count}.");
        for (var i = 0; i < Actions.Count; i++)
        {
            p.Nested("", Actions[i].Validate($"behaviours.actions[{i}]"));
        }

        if (Break is { } b)
        {
            p.Require(b.ForTicks >= 1, $"behaviours.break.for must be at least one tick; got {b.ForTicks}.");
            p.Require(b.LastsTicks >= 1, $"behaviours.break.lasts must be at least one tick; got {b.LastsTicks}.");
            p.Require((uint)b.Action < (uint)Actions.Count, $"behaviours.break.action must be one of the {Actions.Count} actions; got {b.Action}.");
            p.Range(b.PleasureBelow, -1f, 1f, "behaviours.break.pleasureBelow");
        }

        if (Coping is { } c)
        {
            p.Nested("", c.Validate());
            p.Require(c.ProblemAction < Actions.Count, "coping.problemAction must be one of the actions.");
        }

        return p.List;
    }
}
