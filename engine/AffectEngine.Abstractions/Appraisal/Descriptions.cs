using System;
using System.Runtime.InteropServices;
using AffectEngine.Affect;

namespace AffectEngine.Appraisal;

/// <summary>Whether a goal is done once reached (achievement) or keeps being appraised (maintenance), as in GAMYGDALA (Popescu et al. 2014).</summary>
public enum GoalKind
{
    /// <summary>Stops changing once its likelihood resolves to 0 or 1.</summary>
    Achievement = 0,

    /// <summary>Keeps updating after it resolves.</summary>
    Maintenance = 1,
}

/// <summary>A goal of an agent with its utility, as declared by the scenario.</summary>
/// <param name="Goal">The goal.</param>
/// <param name="Utility">How much the agent wants it (negative: a state to avoid).</param>
/// <param name="Kind">Achievement or maintenance.</param>
public readonly record struct GoalDescription(GoalId Goal, Utility Utility, GoalKind Kind = GoalKind.Achievement);

/// <summary>A standard: how praiseworthy an action is in the agent's eyes (OCC "standards").</summary>
/// <param name="Action">The action.</param>
/// <param name="Praiseworthiness">Positive: praiseworthy; negative: blameworthy.</param>
public readonly record struct StandardDescription(ActionId Action, Praiseworthiness Praiseworthiness);

/// <summary>An attitude: how appealing an object is to the agent (OCC "attitudes"; familiar objects).</summary>
/// <param name="Object">The object.</param>
/// <param name="Appealingness">Positive: appealing; negative: unappealing.</param>
public readonly record struct AttitudeDescription(ObjectId Object, Appealingness Appealingness);

/// <summary>How much the agent likes another agent (a simple relation table).</summary>
/// <param name="Other">The other agent.</param>
/// <param name="Liking">Positive: liked; negative: disliked.</param>
public readonly record struct LikingDescription(AgentId Other, Liking Liking);

/// <summary>
/// The appraisal state of one goal of an agent: its declaration plus the goal likelihood that
/// models which track it (GAMYGDALA) update. <see cref="HasLikelihood"/> is false until the goal
/// is first appraised.
/// </summary>
/// <remarks>
/// 16 bytes (the goal id first, then utility, likelihood, kind and the flag), so four fill one
/// 64-byte cache line: the engine's store keeps each agent's goals in line-aligned runs and finds a
/// goal by comparing the ids of a whole line at once (docs/architecture.md, "Appraisal state").
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct GoalState
{
    private readonly GoalId _goal;
    private readonly float _utility;
    private float _likelihood;
    private readonly byte _kind;
    private bool _hasLikelihood;

    /// <summary>Creates the state of a declared goal, never appraised.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is not one of <see cref="GoalKind"/>'s values.</exception>
    public GoalState(GoalDescription goal)
    {
        if (goal.Kind is not (GoalKind.Achievement or GoalKind.Maintenance))
        {
            throw new ArgumentOutOfRangeException(nameof(goal), goal.Kind, "expected the goal kind Achievement or Maintenance");
        }

        _goal = goal.Goal;
        _utility = goal.Utility.Value;
        _kind = (byte)goal.Kind;
        _likelihood = 0f;
        _hasLikelihood = false;
    }

    /// <summary>The goal.</summary>
    public readonly GoalId Goal => _goal;

    /// <summary>Utility in [-1, 1].</summary>
    public readonly float Utility => _utility;

    /// <summary>Achievement or maintenance.</summary>
    public readonly GoalKind Kind => (GoalKind)_kind;

    /// <summary>Current goal likelihood in [0, 1] (valid when <see cref="HasLikelihood"/>).</summary>
    public float Likelihood
    {
        readonly get => _likelihood;
        set => _likelihood = value;
    }

    /// <summary>False until the goal is first appraised (then there is no prior to take a difference from).</summary>
    public bool HasLikelihood
    {
        readonly get => _hasLikelihood;
        set => _hasLikelihood = value;
    }
}

/// <summary>
/// What an agent last believed about a belief's effect on one of its goals: the likelihood and the
/// desirability then. A likelihood strictly between 0 and 1 is a standing prospect (hope or fear)
/// that a later resolution to 1 or 0 confirms or disconfirms (OCC prospect-based emotions).
/// </summary>
public struct BeliefState
{
    /// <summary>Creates a belief state.</summary>
    public BeliefState(BeliefId belief, GoalId goal, float likelihood, float desirability)
    {
        Belief = belief;
        Goal = goal;
        Likelihood = likelihood;
        Desirability = desirability;
    }

    /// <summary>The belief.</summary>
    public BeliefId Belief { get; }

    /// <summary>The goal the belief bears on.</summary>
    public GoalId Goal { get; }

    /// <summary>The likelihood last appraised.</summary>
    public float Likelihood { get; set; }

    /// <summary>The desirability last appraised (congruence × utility), in [-1, 1].</summary>
    public float Desirability { get; set; }
}

/// <summary>An event's effect on one agent's goal (GAMYGDALA's belief: affected goal, congruence, likelihood).</summary>
/// <param name="Owner">The agent whose goal it is.</param>
/// <param name="Goal">The goal.</param>
/// <param name="Congruence">How far the event helps (+) or hinders (−) the goal.</param>
/// <param name="Likelihood">How likely the event is (1 = it happened; 0 = it did not / will not).</param>
public readonly record struct GoalEffect(AgentId Owner, GoalId Goal, Congruence Congruence, Likelihood Likelihood)
{
    /// <summary>
    /// How far the owner can change this outcome, in [0, 1] (EMA's controllability, Marsella &amp; Gratch 2009),
    /// or null when the effect does not say (then the event's, the agent's, or the personality default
    /// applies). Coping reads it: controllable threats are met with action, others with emotion-focused coping.
    /// </summary>
    public float? Controllability { get; init; }
}

/// <summary>An emotion impulse produced by an appraisal model, before thresholds and modulation.</summary>
/// <param name="Agent">Who feels it.</param>
/// <param name="Type">The emotion type.</param>
/// <param name="Intensity">The impulse in [0, 1].</param>
public readonly record struct EmotionImpulse(AgentId Agent, EmotionType Type, float Intensity);
