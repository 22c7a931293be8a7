using System.Globalization;

namespace AffectEngine.Behaviour;

/// <summary>What happened in the behaviour layer.</summary>
public enum HappeningKind
{
    /// <summary>An agent chose an action.</summary>
    ActionChosen = 0,

    /// <summary>An agent coped (the strategy and the change it made).</summary>
    CopingApplied = 1,

    /// <summary>An agent's mental break started.</summary>
    BreakStarted = 2,

    /// <summary>An agent's mental break ended.</summary>
    BreakEnded = 3,
}

/// <summary>What a coping act changed.</summary>
public enum CopingChange
{
    /// <summary>Nothing but the action or movement it caused.</summary>
    None = 0,

    /// <summary>A goal's utility (<see cref="Happening.Symbol"/> is the goal id).</summary>
    GoalUtility = 1,

    /// <summary>A belief's likelihood (<see cref="Happening.Symbol"/> is the belief id).</summary>
    BeliefLikelihood = 2,

    /// <summary>A belief's desirability (<see cref="Happening.Symbol"/> is the belief id).</summary>
    BeliefDesirability = 3,

    /// <summary>The liking of <see cref="Happening.Other"/>.</summary>
    Liking = 4,
}

/// <summary>
/// One thing the behaviour layer did in a tick: an action chosen (with its target), a coping act (with
/// the value it changed, before and after), a break started or ended. A plain struct in a buffer reused
/// every tick (<see cref="BehaviourModule.Happenings"/>), so hosts read it without allocation.
/// </summary>
/// <param name="Tick">The tick.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Agent">Who.</param>
/// <param name="Action">The action index (into the settings' actions), or -1.</param>
/// <param name="Other">The target (action) or the agent approached or blamed (coping), or none.</param>
/// <param name="Strategy">The coping strategy (coping only).</param>
/// <param name="Change">What the coping act changed.</param>
/// <param name="Symbol">The goal or belief id changed.</param>
/// <param name="Before">The value before.</param>
/// <param name="After">The value after.</param>
public readonly record struct Happening(
    long Tick,
    HappeningKind Kind,
    AgentId Agent,
    int Action,
    AgentId Other,
    CopingStrategy Strategy,
    CopingChange Change,
    int Symbol,
    float Before,
    float After)
{
    /// <summary>A one-line description, e.g. "coping: distancing, goal keep-purse 0.8 → 0.5".</summary>
    /// <param name="agentName">Names agents (the scenario's ids).</param>
    /// <param name="actionName">Names action indices.</param>
    /// <param name="symbolName">Names goal or belief ids for a change kind.</param>
    public string Describe(System.Func<AgentId, string> agentName, System.Func<int, string> actionName, System.Func<CopingChange, int, string> symbolName)
    {
        if (agentName is null || actionName is null || symbolName is null)
        {
            throw new System.ArgumentNullException(agentName is null ? nameof(agentName) : actionName is null ? nameof(actionName) : nameof(symbolName));
        }

        var who = agentName(Agent);
        var other = Other.IsNone ? "" : " " + agentName(Other);
        var inv = CultureInfo.InvariantCulture;
        switch (Kind)
        {
            case HappeningKind.ActionChosen:
                return $"{who} action: {actionName(Action)}{(Other.IsNone ? "" : " ->" + other)}";
            case HappeningKind.BreakStarted:
                return $"{who} break started: {actionName(Action)}";
            case HappeningKind.BreakEnded:
                return $"{who} break ended";
        }

        var what = Change switch
        {
            CopingChange.GoalUtility => $", goal {symbolName(Change, Symbol)} {Before.ToString("0.##", inv)} → {After.ToString("0.##", inv)}",
            CopingChange.BeliefLikelihood => $", belief {symbolName(Change, Symbol)} likelihood {Before.ToString("0.##", inv)} → {After.ToString("0.##", inv)}",
            CopingChange.BeliefDesirability => $", belief {symbolName(Change, Symbol)} desirability {Before.ToString("0.##", inv)} → {After.ToString("0.##", inv)}",
            CopingChange.Liking => $", liking of{other} {Before.ToString("0.##", inv)} → {After.ToString("0.##", inv)}",
            _ => Action >= 0 ? $", action {actionName(Action)}{other}" : other.Length > 0 ? $", approach{other}" : "",
        };
        return $"{who} coping: {Strategy.Name()}{what}";
    }
}
