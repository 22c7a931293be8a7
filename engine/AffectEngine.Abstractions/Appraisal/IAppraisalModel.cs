using System;
using AffectEngine.Affect;

namespace AffectEngine.Appraisal;

/// <summary>
/// An appraisal model (the plugin seam): turns an event into emotion impulses for the agents who
/// perceive it, from each agent's goals, standards, attitudes, likings and belief states. Called on
/// the tick thread once per event, in canonical input order; must not allocate.
/// </summary>
public interface IAppraisalModel
{
    /// <summary>The name a scenario selects it by ("occ", "gamygdala").</summary>
    string Name { get; }

    /// <summary>An upper bound on the impulses <see cref="Appraise"/> writes for this event, so the caller can size the buffer.</summary>
    int MaxImpulses(AppraisalEvent appraisalEvent, int perceiverCount);

    /// <summary>
    /// Appraises <paramref name="appraisalEvent"/> for every agent in <paramref name="perceivers"/>
    /// (live agents, sorted, distinct), updating goal and belief states through
    /// <paramref name="state"/>, and writes impulses into <paramref name="output"/>. Returns how many.
    /// </summary>
    int Appraise(AppraisalEvent appraisalEvent, ReadOnlySpan<AgentId> perceivers, IAppraisalState state, Span<EmotionImpulse> output);

    /// <summary>Reports every constant the model uses, with its citation (for <c>affect models</c>).</summary>
    void Describe(IModelDescriber describer);
}

/// <summary>The per-agent appraisal state a model reads and updates.</summary>
public interface IAppraisalState
{
    /// <summary>True when the agent is live in the world.</summary>
    bool IsLive(AgentId agent);

    /// <summary>The agent's goals, standards, attitudes, likings and beliefs (empty spans when none are declared).</summary>
    AppraiserView View(AgentId agent);

    /// <summary>The agent's state of (belief, goal), created with likelihood 0 and desirability 0 when absent.</summary>
    ref BeliefState Belief(AgentId agent, BeliefId belief, GoalId goal, out bool existed);

    /// <summary>Drops the agent's state of (belief, goal), e.g. once the belief has resolved.</summary>
    void ForgetBelief(AgentId agent, BeliefId belief, GoalId goal);
}

/// <summary>One agent's view for appraisal: what it wants, values, likes and believes.</summary>
public readonly ref struct AppraiserView
{
    /// <summary>Creates a view.</summary>
    public AppraiserView(
        AgentId agent,
        Span<GoalState> goals,
        ReadOnlySpan<StandardDescription> standards,
        ReadOnlySpan<AttitudeDescription> attitudes,
        ReadOnlySpan<LikingDescription> likings,
        ReadOnlySpan<BeliefState> beliefs)
        : this(agent, goals, standards, attitudes, likings, beliefs, null)
    {
    }

    /// <summary>Creates a view whose likings come first from <paramref name="likingSource"/> (a relation store that changes during the run).</summary>
    public AppraiserView(
        AgentId agent,
        Span<GoalState> goals,
        ReadOnlySpan<StandardDescription> standards,
        ReadOnlySpan<AttitudeDescription> attitudes,
        ReadOnlySpan<LikingDescription> likings,
        ReadOnlySpan<BeliefState> beliefs,
        ILikingSource? likingSource)
    {
        LikingSource = likingSource;
        Agent = agent;
        Goals = goals;
        Standards = standards;
        Attitudes = attitudes;
        Likings = likings;
        Beliefs = beliefs;
    }

    /// <summary>The appraising agent.</summary>
    public AgentId Agent { get; }

    /// <summary>
    /// Its goals (goal likelihood is mutable for models that track it). The engine's store hands out its
    /// own table here, the goals' only copy: an entry written through this span (coping replacing a
    /// utility) is what the next appraisal reads. Take a fresh view after declaring goals, which may move
    /// the table.
    /// </summary>
    public Span<GoalState> Goals { get; }

    /// <summary>Its standards.</summary>
    public ReadOnlySpan<StandardDescription> Standards { get; }

    /// <summary>Its attitudes toward objects.</summary>
    public ReadOnlySpan<AttitudeDescription> Attitudes { get; }

    /// <summary>Its liking of other agents.</summary>
    public ReadOnlySpan<LikingDescription> Likings { get; }

    /// <summary>Its current belief states.</summary>
    public ReadOnlySpan<BeliefState> Beliefs { get; }

    /// <summary>Where current likings live when relations evolve (the social layer), or null: <see cref="TryGetLiking"/> asks it first.</summary>
    public ILikingSource? LikingSource { get; }

    /// <summary>Index of a goal in <see cref="Goals"/>, or -1.</summary>
    public int IndexOfGoal(GoalId goal)
    {
        var goals = Goals;
        for (var i = 0; i < goals.Length; i++)
        {
            if (goals[i].Goal == goal)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The praiseworthiness of an action by this agent's standards.</summary>
    public bool TryGetStandard(ActionId action, out float praiseworthiness)
    {
        foreach (var s in Standards)
        {
            if (s.Action == action)
            {
                praiseworthiness = s.Praiseworthiness.Value;
                return true;
            }
        }

        praiseworthiness = 0f;
        return false;
    }

    /// <summary>The appealingness of an object by this agent's attitudes.</summary>
    public bool TryGetAttitude(ObjectId obj, out float appealingness)
    {
        foreach (var a in Attitudes)
        {
            if (a.Object == obj)
            {
                appealingness = a.Appealingness.Value;
                return true;
            }
        }

        appealingness = 0f;
        return false;
    }

    /// <summary>
    /// How much this agent likes <paramref name="other"/>: the evolving relation when a
    /// <see cref="LikingSource"/> holds one, else the declared liking. Models should read likings
    /// through this method rather than <see cref="Likings"/>, so they see relations change.
    /// </summary>
    public bool TryGetLiking(AgentId other, out float liking)
    {
        if (LikingSource is not null && LikingSource.TryGetLiking(Agent, other, out liking))
        {
            return true;
        }

        foreach (var l in Likings)
        {
            if (l.Other == other)
            {
                liking = l.Liking.Value;
                return true;
            }
        }

        liking = 0f;
        return false;
    }
}

/// <summary>
/// Current likings between agents, kept outside the appraisal state (the social layer's relations,
/// which gratitude, anger, admiration and reproach update during the run).
/// </summary>
public interface ILikingSource
{
    /// <summary>Liking of <paramref name="from"/> toward <paramref name="to"/> in [-1, 1]; false when they have no relation.</summary>
    bool TryGetLiking(AgentId from, AgentId to, out float liking);
}

/// <summary>Receives a model's constants and tables with their citations (the <c>affect models</c> report).</summary>
public interface IModelDescriber
{
    /// <summary>A scalar constant.</summary>
    void Constant(string name, double value, string citation);

    /// <summary>An emotion → PAD table: <paramref name="pad"/> holds (P, A, D) per entry of <paramref name="types"/>.</summary>
    void PadTable(string name, ReadOnlySpan<EmotionType> types, ReadOnlySpan<float> pad, string citation);
}
