using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Core;
using AffectEngine.Scenarios;

namespace AffectEngine.Hosting;

/// <summary>Fields every host needs whatever the model: the agent's position (scenario units).</summary>
internal sealed class SpatialModule : IEngineModule
{
    private static readonly string[] Xy = ["x", "y"];

    public string Name => "spatial";

    public FieldId Position { get; private set; }

    public void Declare(AgentSchema.Builder schema) => Position = schema.Add("position", Xy);

    public void Attach(Simulation simulation)
    {
    }
}

/// <summary>
/// The affect model (emotion dynamics, ALMA mood, direct impulses, ambient stimuli, expression) and
/// its appraisal model (OCC by default, or any registered one such as GAMYGDALA) as an engine module.
/// It also binds scenario goals, standards, attitudes, relations and appraisable events.
/// </summary>
public sealed class AffectEngineModule : IEngineModule, IScenarioBinder, IInputReaders
{
    private readonly AffectSettings _settings;
    private readonly AmbientSettings _ambient;
    private readonly AppraisalModels _models;
    private readonly string _modelName;
    private readonly System.Collections.Generic.IReadOnlyDictionary<string, string>? _modelOptions;
    private readonly System.Action<AppraisalSettings>? _configureAppraisal;
    private IAppraisalModel? _model;
    private AffectModule? _module;
    private AppraisalModule? _appraisal;

    /// <summary>Creates the module with its settings and the OCC appraisal model.</summary>
    public AffectEngineModule(AffectSettings settings, AmbientSettings ambient)
        : this(settings, ambient, new AppraisalModels(), OccAppraisalModel.ModelName)
    {
    }

    /// <summary>Creates the module with its settings and the named appraisal model from <paramref name="models"/>.</summary>
    public AffectEngineModule(AffectSettings settings, AmbientSettings ambient, AppraisalModels models, string appraisalModel)
        : this(settings, ambient, models, appraisalModel, null, null)
    {
    }

    /// <summary>
    /// Creates the module with the named appraisal model set to <paramref name="modelOptions"/>, and
    /// <paramref name="configureAppraisal"/> applied to that model's default thresholds and modulation.
    /// The affect settings used are the model's published dynamics under <paramref name="settings"/>'
    /// explicit choices (<see cref="AppraisalModels.AffectSettingsFor"/>).
    /// </summary>
    public AffectEngineModule(AffectSettings settings, AmbientSettings ambient, AppraisalModels models, string appraisalModel, System.Collections.Generic.IReadOnlyDictionary<string, string>? modelOptions, System.Action<AppraisalSettings>? configureAppraisal)
    {
        _modelOptions = modelOptions;
        _configureAppraisal = configureAppraisal;
        _settings = settings;
        _ambient = ambient;
        _models = models ?? throw new System.ArgumentNullException(nameof(models));
        if (!models.Contains(appraisalModel))
        {
            throw new System.ArgumentException($"run.appraisal: no appraisal model named '{appraisalModel}'; known: {string.Join(", ", models.Names)}.");
        }

        _modelName = appraisalModel;
    }

    /// <inheritdoc />
    public string Name => "affect";

    /// <summary>The affect model of this runner's world.</summary>
    public AffectModule Affect => _module ?? throw new System.InvalidOperationException("The affect module has not been declared yet.");

    /// <summary>The appraisal model of this runner's world.</summary>
    public AppraisalModule Appraisal => _appraisal ?? throw new System.InvalidOperationException("The affect module has not been attached yet.");

    /// <summary>The affect settings in use: the model's published dynamics under the host's explicit choices.</summary>
    public AffectSettings Settings => Affect.Settings;

    /// <inheritdoc />
    public void Declare(AgentSchema.Builder schema)
    {
        _model = _models.Create(_modelName);
        if (_modelOptions is { Count: > 0 })
        {
            if (_model is not IAppraisalModelOptions configurable)
            {
                throw new System.ArgumentException($"models.{_modelName}: the appraisal model '{_modelName}' has no options.");
            }

            foreach (var pair in _modelOptions)
            {
                var error = configurable.SetOption(pair.Key, pair.Value);
                if (error is not null)
                {
                    throw new System.ArgumentException($"models.{_modelName}.{pair.Key}: {error}.");
                }
            }
        }

        _module = new AffectModule(schema, _models.AffectSettingsFor(_modelName, _model, _settings));
    }

    /// <inheritdoc />
    public void Attach(Simulation simulation)
    {
        AffectInputs.Attach(simulation, Affect, _ambient);
        Affect.Attach(simulation);
        var appraisalSettings = _models.DefaultSettings(_modelName);
        _configureAppraisal?.Invoke(appraisalSettings);
        _appraisal = new AppraisalModule(Affect, _model!, appraisalSettings).Attach(simulation);
    }

    /// <summary>Host elicit commands, appraisable events, fused percepts and perceived persons' moves.</summary>
    public void AddInputReaders(Persistence.TickInputRegistry registry)
    {
        Guard.NotNull(registry);
        registry
            .Register("elicit", ElicitCommand.ReadPayload)
            .Register("event", AppraisalEvent.ReadPayload)
            .Register(Perception.PerceptInput.KindName, Perception.PerceptInput.ReadPayload)
            .Register(MoveInput.KindName, MoveInput.ReadPayload);
    }

    /// <inheritdoc />
    public void BindAgent(SimulationRunner runner, AgentId agent, AgentSpec spec)
    {
        if (runner is null || spec is null)
        {
            throw new System.ArgumentNullException(runner is null ? nameof(runner) : nameof(spec));
        }

        var appraisal = Appraisal;
        foreach (var goal in spec.Goals)
        {
            appraisal.DeclareGoal(agent, goal.Id, goal.Utility);
        }

        foreach (var standard in spec.Standards)
        {
            appraisal.DeclareStandard(agent, standard.Action, standard.Praiseworthiness);
        }

        foreach (var attitude in spec.Attitudes)
        {
            appraisal.DeclareAttitude(agent, attitude.Object, attitude.Appeal);
        }

        // Ordinal order: the dictionary's order is the file's, but likings must not depend on it.
        var others = new System.Collections.Generic.List<string>(spec.Relations.Keys);
        others.Sort(System.StringComparer.Ordinal);
        foreach (var other in others)
        {
            if (other.StartsWith('@'))
            {
                continue; // group templates are bound by ScenarioHost once every agent exists
            }

            if (!runner.TryGetAgent(other, out var id))
            {
                throw new System.ArgumentException($"agents[{spec.Id}].relations.{other}: no agent '{other}' in this scenario.");
            }

            appraisal.SetLiking(agent, id, spec.Relations[other].Liking);
        }
    }

    /// <inheritdoc />
    public void ScheduleEvent(SimulationRunner runner, EventSpec spec, int index, long tick)
    {
        if (runner is null || spec is null)
        {
            throw new System.ArgumentNullException(runner is null ? nameof(runner) : nameof(spec));
        }

        var appraisal = Appraisal;
        var vocabulary = appraisal.Vocabulary;
        var path = $"$.events[{index}]";
        var actor = spec.Actor is null ? AgentId.None : Agent(runner, spec.Actor, path + ".actor");
        var targets = new System.Collections.Generic.List<AgentId>();
        if (spec.Target is not null)
        {
            targets.Add(Agent(runner, spec.Target, path + ".target"));
        }

        foreach (var t in spec.Targets ?? [])
        {
            targets.Add(Agent(runner, t, path + ".targets"));
        }

        var witnesses = new System.Collections.Generic.List<AgentId>();
        foreach (var w in spec.Witnesses ?? [])
        {
            witnesses.Add(Agent(runner, w, path + ".witnesses"));
        }

        var beliefs = spec.Beliefs ?? [];
        var effects = new GoalEffect[beliefs.Count];
        var belief = default(BeliefId);
        for (var i = 0; i < beliefs.Count; i++)
        {
            var b = beliefs[i];
            var slash = b.Goal.IndexOf('/');
            if (slash <= 0 || slash == b.Goal.Length - 1)
            {
                throw new System.ArgumentException($"{path}.beliefs[{i}].goal: expected \"agentId/goalId\", found '{b.Goal}'.");
            }

            var owner = Agent(runner, b.Goal.Substring(0, slash), $"{path}.beliefs[{i}].goal");
            effects[i] = new GoalEffect(owner, vocabulary.Goal(b.Goal.Substring(slash + 1)), new Congruence(b.Congruence, $"{path}.beliefs[{i}].congruence"), new Likelihood(b.Likelihood, $"{path}.beliefs[{i}].likelihood"))
            {
                Controllability = b.Controllability,
            };

            // Events about the same goal are evidence for the same belief, so a later event that settles
            // the likelihood at 0 or 1 confirms or disconfirms the prospect (satisfaction, relief, ...).
            if (i == 0)
            {
                belief = vocabulary.Belief(b.Goal);
            }
        }

        var action = spec.Action is null ? default : vocabulary.Action(spec.Action);
        var obj = spec.Object is null ? default : vocabulary.Object(spec.Object);
        var appeal = spec.Appeal is { } a ? new Appealingness(a, path + ".appeal") : (Appealingness?)null;
        appraisal.Enqueue(new AppraisalEvent(tick, InputSources.Scenario, index, action, actor, effects, belief, targets.ToArray(), witnesses.ToArray(), obj, appeal)
        {
            Controllability = spec.Controllability,
        });
    }

    private static AgentId Agent(SimulationRunner runner, string name, string path) =>
        runner.TryGetAgent(name, out var id) ? id : throw new System.ArgumentException($"{path}: no agent '{name}' in this scenario.");
}
