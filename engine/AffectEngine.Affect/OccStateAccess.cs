using System.Runtime.CompilerServices;
using AffectEngine.Appraisal;

namespace AffectEngine.Affect;

/// <summary>
/// The lookups the OCC model makes per event, as a struct contract so the JIT specialises the model
/// once for the engine's own store (direct table reads, no view per lookup) and once for any other
/// <see cref="IAppraisalState"/> (through its views, as the plugin seam defines it).
/// </summary>
internal interface IOccState
{
    /// <summary>The utility of <paramref name="owner"/>'s goal; false when it holds no such goal.</summary>
    bool TryGetUtility(AgentId owner, GoalId goal, out float utility);

    /// <summary>The perceiver's liking of another agent (evolving relation first, then the declared one).</summary>
    bool TryGetLiking(AgentId perceiver, AgentId other, out float liking);

    /// <summary>The praiseworthiness of an action by the perceiver's standards.</summary>
    bool TryGetStandard(AgentId perceiver, ActionId action, out float praiseworthiness);

    /// <summary>The appealingness of an object by the perceiver's attitudes.</summary>
    bool TryGetAttitude(AgentId perceiver, ObjectId obj, out float appealingness);

    /// <summary>
    /// Reads the prior state of (belief, goal) (0, 0 when absent), then records (l, d) while the
    /// prospect is open (0 &lt; l &lt; 1) or forgets it once it resolves (l ≤ 0 or l ≥ 1).
    /// Returns whether a state existed.
    /// </summary>
    bool UpdateBelief(AgentId agent, BeliefId belief, GoalId goal, float likelihood, float desirability, out float priorLikelihood, out float priorDesirability);
}

/// <summary>Any <see cref="IAppraisalState"/>, read through its views (the original, general path).</summary>
internal readonly struct ViewAccess : IOccState
{
    private readonly IAppraisalState _state;

    public ViewAccess(IAppraisalState state) => _state = state;

    public bool TryGetUtility(AgentId owner, GoalId goal, out float utility)
    {
        var view = _state.View(owner);
        var gi = view.IndexOfGoal(goal);
        utility = gi < 0 ? 0f : view.Goals[gi].Utility;
        return gi >= 0;
    }

    public bool TryGetLiking(AgentId perceiver, AgentId other, out float liking) => _state.View(perceiver).TryGetLiking(other, out liking);

    public bool TryGetStandard(AgentId perceiver, ActionId action, out float praiseworthiness) => _state.View(perceiver).TryGetStandard(action, out praiseworthiness);

    public bool TryGetAttitude(AgentId perceiver, ObjectId obj, out float appealingness) => _state.View(perceiver).TryGetAttitude(obj, out appealingness);

    public bool UpdateBelief(AgentId agent, BeliefId belief, GoalId goal, float likelihood, float desirability, out float priorLikelihood, out float priorDesirability)
    {
        ref var b = ref _state.Belief(agent, belief, goal, out var existed);
        priorLikelihood = b.Likelihood;
        priorDesirability = b.Desirability;
        if (likelihood > 0f && likelihood < 1f)
        {
            b.Likelihood = likelihood;
            b.Desirability = desirability;
        }
        else
        {
            _state.ForgetBelief(agent, belief, goal);
        }

        return existed;
    }
}

/// <summary>The engine's <see cref="AppraisalStore"/>, read directly.</summary>
internal readonly struct StoreAccess : IOccState
{
    private readonly AppraisalStore _store;

    public StoreAccess(AppraisalStore store) => _store = store;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetUtility(AgentId owner, GoalId goal, out float utility) => _store.TryGetUtility(owner, goal, out utility);

    // Inlined early-outs: under a peer load most (perceiver, other) pairs hold no liking and most
    // stores no standards, and a call per pair (16 per event) was the largest single cost left.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetLiking(AgentId perceiver, AgentId other, out float liking)
    {
        if (!_store.MayLike(perceiver, other))
        {
            liking = 0f;
            return false;
        }

        return _store.TryGetLiking(perceiver, other, out liking);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGetStandard(AgentId perceiver, ActionId action, out float praiseworthiness)
    {
        if (!_store.AnyStandards)
        {
            praiseworthiness = 0f;
            return false;
        }

        return _store.TryGetStandard(perceiver, action, out praiseworthiness);
    }

    public bool TryGetAttitude(AgentId perceiver, ObjectId obj, out float appealingness) => _store.TryGetAttitude(perceiver, obj, out appealingness);

    public bool UpdateBelief(AgentId agent, BeliefId belief, GoalId goal, float likelihood, float desirability, out float priorLikelihood, out float priorDesirability) =>
        _store.UpdateBelief(agent, belief, goal, likelihood, desirability, out priorLikelihood, out priorDesirability);
}
