using System;
using AffectEngine.Appraisal;
using AffectEngine.Core;

namespace AffectEngine.Affect;

/// <summary>
/// Appraisal attached to a world: the per-agent goals, standards, attitudes and likings (declared
/// by the scenario), the selected <see cref="IAppraisalModel"/>, and the Appraise-stage system.
/// Events enter through <see cref="Enqueue"/>, which refuses unknown agents and undeclared goals
/// with a message naming the field and value, so the tick never sees them.
/// </summary>
public sealed class AppraisalModule
{
    private readonly AffectModule _affect;
    private AppraisalStore? _store;
    private AppraisalSystem? _system;
    private AppraisalEventPool? _pool;

    /// <summary>Creates the module for <paramref name="model"/> with <paramref name="settings"/>.</summary>
    public AppraisalModule(AffectModule affect, IAppraisalModel model, AppraisalSettings settings, AppraisalVocabulary? vocabulary = null)
    {
        _affect = affect ?? throw new ArgumentNullException(nameof(affect));
        Model = model ?? throw new ArgumentNullException(nameof(model));
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        Problems.ThrowIfAny(settings.Validate(), paramName: nameof(settings));

        Settings = settings.Clone();
        Vocabulary = vocabulary ?? new AppraisalVocabulary();
    }

    /// <summary>Creates the module for the model registered as <paramref name="modelName"/> ("occ", "gamygdala", ...), with that model's default settings.</summary>
    public static AppraisalModule Create(AffectModule affect, AppraisalModels models, string modelName, AppraisalVocabulary? vocabulary = null)
    {
        if (models is null)
        {
            throw new ArgumentNullException(nameof(models));
        }

        return new AppraisalModule(affect, models.Create(modelName), models.DefaultSettings(modelName), vocabulary);
    }

    /// <summary>The appraisal model in use.</summary>
    public IAppraisalModel Model { get; }

    /// <summary>Thresholds and modulation (a copy of what was given).</summary>
    public AppraisalSettings Settings { get; }

    /// <summary>Names of goals, beliefs, actions and objects.</summary>
    public AppraisalVocabulary Vocabulary { get; }

    /// <summary>Which agents attend to which perceived persons (set up from the scenario's perception list).</summary>
    public PerceptionAttention Attention { get; } = new();

    /// <summary>Goal effects appraised since the start (for throughput measurements).</summary>
    public long GoalEffectsAppraised => _system?.GoalEffectsAppraised ?? 0;

    private AppraisalStore Store => _store ?? throw new InvalidOperationException("The appraisal module is not attached to a simulation yet.");

    /// <summary>
    /// Registers the appraisal state with the world (hash, snapshot, agent lifecycle) and attaches
    /// the Appraise-stage system. The affect module must be attached to the same simulation.
    /// </summary>
    public AppraisalModule Attach(Simulation simulation)
    {
        if (simulation is null)
        {
            throw new ArgumentNullException(nameof(simulation));
        }

        if (_store is not null)
        {
            throw new InvalidOperationException("The appraisal module is already attached.");
        }

        if (!ReferenceEquals(_affect.World, simulation.World))
        {
            throw new ArgumentException("Attach the affect module to this simulation first.", nameof(simulation));
        }

        var world = simulation.World;
        _store = new AppraisalStore(world);
        world.AddStateContributor(_store);
        world.AddLifecycleListener(_store);
        world.AddAgentStateCodec(new AppraisalAgentState(this));
        var perceive = new PerceiveSystem(world);
        _system = new AppraisalSystem(world, _affect.Fields, _store, Model, Settings, Attention, perceive);

        // The queue's current batch and the recorder read the last tick's events; older ones are free.
        _pool = new AppraisalEventPool(() => world.Tick - 1);
        simulation.Attach(perceive);
        simulation.Attach(_system);
        return this;
    }

    /// <summary>
    /// Connects the social layer: <paramref name="likings"/> becomes the first source of likings for the
    /// fortunes-of-others emotions (declared likings remain the fallback), and <paramref name="observer"/>
    /// weights and receives every appraised impulse. Call once, after <see cref="Attach"/>.
    /// </summary>
    public void Connect(ILikingSource? likings, IAppraisalObserver? observer)
    {
        var system = _system ?? throw new InvalidOperationException("The appraisal module is not attached to a simulation yet.");
        if ((likings is not null && Store.LikingSource is not null) || (observer is not null && system.Observer is not null))
        {
            throw new InvalidOperationException("The appraisal module is already connected to a liking source or observer.");
        }

        if (likings is not null)
        {
            Store.LikingSource = likings;
        }

        if (observer is not null)
        {
            system.Observer = observer;
        }
    }

    /// <summary>
    /// Appraises an event that arose inside the tick (an agent's chosen action, in the behaviour layer) right
    /// away, exactly as the tick's input events are appraised (same model, modulation and observer). Such
    /// events are state, not input: they are not recorded, because a replay produces them again. Call only
    /// from an Appraise-stage system, on the tick thread, in a deterministic order.
    /// </summary>
    public void AppraiseNow(AppraisalEvent appraisalEvent)
    {
        var system = _system ?? throw new InvalidOperationException("The appraisal module is not attached to a simulation yet.");
        system.AppraiseDerived(appraisalEvent ?? throw new ArgumentNullException(nameof(appraisalEvent)));
    }

    /// <summary>Declares (or replaces) a goal of an agent.</summary>
    public void DeclareGoal(AgentId agent, GoalDescription goal)
    {
        RequireLive(agent, "agent");
        if (goal.Goal.IsNone)
        {
            throw new ArgumentException("goal must name a goal; got none.", nameof(goal));
        }

        Store.SetGoal(agent, goal);
    }

    /// <summary>Declares a goal by name: <c>DeclareGoal(mara, "keep-purse", 0.8f)</c>.</summary>
    public GoalId DeclareGoal(AgentId agent, string goal, float utility, GoalKind kind = GoalKind.Achievement)
    {
        var id = Vocabulary.Goal(goal);
        DeclareGoal(agent, new GoalDescription(id, new Utility(utility, $"goals[{goal}].utility"), kind));
        return id;
    }

    /// <summary>Declares (or replaces) a standard of an agent.</summary>
    public void DeclareStandard(AgentId agent, StandardDescription standard)
    {
        RequireLive(agent, "agent");
        if (standard.Action.IsNone)
        {
            throw new ArgumentException("standard.action must name an action; got none.", nameof(standard));
        }

        Store.SetStandard(agent, standard);
    }

    /// <summary>Declares a standard by name: <c>DeclareStandard(mara, "steal", -0.9f)</c>.</summary>
    public ActionId DeclareStandard(AgentId agent, string action, float praiseworthiness)
    {
        var id = Vocabulary.Action(action);
        DeclareStandard(agent, new StandardDescription(id, new Praiseworthiness(praiseworthiness, $"standards[{action}].praiseworthiness")));
        return id;
    }

    /// <summary>Declares (or replaces) an attitude of an agent.</summary>
    public void DeclareAttitude(AgentId agent, AttitudeDescription attitude)
    {
        RequireLive(agent, "agent");
        if (attitude.Object.IsNone)
        {
            throw new ArgumentException("attitude.object must name an object; got none.", nameof(attitude));
        }

        Store.SetAttitude(agent, attitude);
    }

    /// <summary>Declares an attitude by name: <c>DeclareAttitude(mara, "ale", 0.6f)</c>.</summary>
    public ObjectId DeclareAttitude(AgentId agent, string obj, float appealingness)
    {
        var id = Vocabulary.Object(obj);
        DeclareAttitude(agent, new AttitudeDescription(id, new Appealingness(appealingness, $"attitudes[{obj}].appealingness")));
        return id;
    }

    /// <summary>Sets how much <paramref name="agent"/> likes <paramref name="other"/>.</summary>
    public void SetLiking(AgentId agent, AgentId other, Liking liking)
    {
        RequireLive(agent, "agent");
        RequireLive(other, "relations.other");
        if (agent == other)
        {
            throw new ArgumentException($"relations: {agent} cannot hold a liking toward itself.", nameof(other));
        }

        Store.SetLiking(agent, new LikingDescription(other, liking));
    }

    /// <summary>Sets a liking from a number (range-checked, naming the field).</summary>
    public void SetLiking(AgentId agent, AgentId other, float liking) => SetLiking(agent, other, new Liking(liking, "relations.liking"));

    /// <summary>The agent's view (goals with their likelihoods, standards, attitudes, likings, beliefs), for hosts and tests.</summary>
    public AppraiserView View(AgentId agent) => Store.View(agent);

    /// <summary>
    /// Replaces the agent's belief states with <paramref name="beliefs"/> (in the order given, which the
    /// state hash encodes), so a world can continue from another world's beliefs (a sharded run's
    /// snapshot restored on another shard count). Between ticks. Goal likelihoods are set through <see cref="View"/>.
    /// </summary>
    public void ReplaceBeliefs(AgentId agent, ReadOnlySpan<BeliefState> beliefs) => Store.ReplaceBeliefs(agent, beliefs);

    /// <summary>Null when the event can be appraised in this world, else a message naming the field and value.</summary>
    public string? Validate(AppraisalEvent appraisalEvent)
    {
        if (appraisalEvent is null)
        {
            return "event must not be null.";
        }

        var world = _affect.World;
        if (!appraisalEvent.Actor.IsNone && !world.IsAlive(appraisalEvent.Actor))
        {
            return $"actor {appraisalEvent.Actor} is not a live agent.";
        }

        var targets = appraisalEvent.Targets;
        for (var i = 0; i < targets.Length; i++)
        {
            if (!world.IsAlive(targets[i]))
            {
                return $"targets[{i}] {targets[i]} is not a live agent.";
            }
        }

        var witnesses = appraisalEvent.Witnesses;
        for (var i = 0; i < witnesses.Length; i++)
        {
            if (!world.IsAlive(witnesses[i]))
            {
                return $"witnesses[{i}] {witnesses[i]} is not a live agent.";
            }
        }

        var effects = appraisalEvent.Effects;
        for (var i = 0; i < effects.Length; i++)
        {
            var fx = effects[i];
            if (!world.IsAlive(fx.Owner))
            {
                return $"affects[{i}].owner {fx.Owner} is not a live agent.";
            }

            // The store's direct lookup, not a view: hosts validate thousands of events per tick.
            if (!Store.TryGetUtility(fx.Owner, fx.Goal, out _))
            {
                return $"affects[{i}].goal '{Vocabulary.Goals.NameOf(fx.Goal.Value)}' is not a goal of {fx.Owner}.";
            }
        }

        return null;
    }

    /// <summary>
    /// An event like <c>new AppraisalEvent(tick, source, sequence, data)</c> (same checks) from this
    /// world's pool: hosts that send many events per tick allocate nothing once warm. Schedule it with
    /// <see cref="Enqueue"/>; do not keep it beyond the tick after its own (the pool refills it then).
    /// </summary>
    public AppraisalEvent RentEvent(long tick, int source, long sequence, in AppraisalEventData data)
    {
        var pool = _pool ?? throw new InvalidOperationException("The appraisal module is not attached to a simulation yet.");
        return pool.Rent(tick, source, sequence, data);
    }

    /// <summary>Validates the event (see <see cref="Validate"/>) and schedules it; throws <see cref="ArgumentException"/> with the message when invalid.</summary>
    public void Enqueue(AppraisalEvent appraisalEvent)
    {
        var error = Validate(appraisalEvent);
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(appraisalEvent));
        }

        _affect.World.Inputs.Enqueue(appraisalEvent!);
    }

    private void RequireLive(AgentId agent, string field)
    {
        if (!_affect.World.IsAlive(agent))
        {
            throw new ArgumentException($"{field} {agent} is not a live agent.", field);
        }
    }
}
