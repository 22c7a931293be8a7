using System;
using AffectEngine.Appraisal;
using AffectEngine.Appraisal.Gamygdala;
using AffectEngine.Core;

namespace AffectEngine.Affect.Tests;

/// <summary>A small world with the affect and appraisal modules attached, and helpers to send events.</summary>
internal sealed class Fixture : IDisposable
{
    private long _sequence;

    private Fixture(string model, int threads, ulong seed, AffectSettings? affect, AppraisalSettings? appraisal, int capacity)
    {
        var schema = AgentSchema.CreateBuilder();
        Affect = new AffectModule(schema, affect ?? new AffectSettings());
        World = new World(schema.Build(), new WorldOptions { Seed = seed, Threads = threads, InitialCapacity = capacity });
        Simulation = new Simulation(World);
        Affect.Attach(Simulation);
        var models = Models();
        Appraisal = appraisal is null
            ? AppraisalModule.Create(Affect, models, model)
            : new AppraisalModule(Affect, models.Create(model), appraisal);
        Appraisal.Attach(Simulation);
    }

    public AffectModule Affect { get; }

    public AppraisalModule Appraisal { get; }

    public World World { get; }

    public Simulation Simulation { get; }

    public AppraisalVocabulary Names => Appraisal.Vocabulary;

    public static AppraisalModels Models() =>
        new AppraisalModels().Register(GamygdalaModel.ModelName, static () => new GamygdalaModel(), AppraisalSettings.Neutral)
            .Register(AppraisalFastPathTests.ThroughViews.ModelName, static () => new AppraisalFastPathTests.ThroughViews(), static () => new AppraisalSettings());

    /// <summary>OCC with no threshold and no modulation, so intensities equal the model's rules.</summary>
    public static Fixture Occ(AffectSettings? affect = null) => new("occ", 1, 1, affect, AppraisalSettings.Neutral(), 64);

    public static Fixture Create(string model = "occ", int threads = 1, ulong seed = 1, AffectSettings? affect = null, AppraisalSettings? appraisal = null, int capacity = 64) =>
        new(model, threads, seed, affect, appraisal, capacity);

    public AgentId Agent(Ocean? personality = null)
    {
        var a = World.AddAgent();
        Affect.SetPersonality(a, personality ?? default);
        return a;
    }

    public float I(AgentId agent, EmotionType type) => Affect.Intensity(agent, type);

    public GoalEffect Effect(AgentId owner, string goal, float congruence, float likelihood) =>
        new(owner, Names.Goal(goal), new Congruence(congruence), new Likelihood(likelihood));

    public AppraisalEvent Event(
        GoalEffect[]? effects = null,
        string? action = null,
        AgentId actor = default,
        string? belief = null,
        AgentId[]? witnesses = null,
        string? obj = null,
        float? appeal = null,
        long? tick = null)
    {
        return new AppraisalEvent(
            tick ?? World.Tick,
            InputSources.Scenario,
            _sequence++,
            action is null ? default : Names.Action(action),
            actor,
            effects ?? [],
            belief is null ? default : Names.Belief(belief),
            default,
            witnesses ?? [],
            obj is null ? default : Names.Object(obj),
            appeal is null ? null : new Appealingness(appeal.Value));
    }

    /// <summary>Enqueues the event for the next tick and runs that tick.</summary>
    public void Send(AppraisalEvent e)
    {
        Appraisal.Enqueue(e);
        Simulation.Step();
    }

    public void Send(
        GoalEffect[]? effects = null,
        string? action = null,
        AgentId actor = default,
        string? belief = null,
        AgentId[]? witnesses = null,
        string? obj = null,
        float? appeal = null) => Send(Event(effects, action, actor, belief, witnesses, obj, appeal));

    public void Dispose() => Simulation.Dispose();
}
