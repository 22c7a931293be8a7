using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Core;
using AffectEngine.Social;

namespace AffectEngine.Hosting;

/// <summary>The social layer (episodic memory, relations, contagion) as an engine module; register it after the affect module.</summary>
public sealed class SocialEngineModule : IEngineModule, IRunnerAware, IInputReaders
{
    private readonly SocialSettings _settings;
    private SocialModule? _module;

    /// <summary>Creates the module with its settings.</summary>
    public SocialEngineModule(SocialSettings settings) => _settings = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <inheritdoc />
    public string Name => "social";

    /// <summary>The social layer of this runner's world.</summary>
    public SocialModule Social => _module ?? throw new InvalidOperationException("The social module has not been declared yet.");

    /// <inheritdoc />
    public void Declare(AgentSchema.Builder schema) => _module = new SocialModule(schema, _settings);

    /// <inheritdoc />
    public void Attach(Simulation simulation) => Social.Attach(simulation);

    /// <summary>Encounters (scenario events that make two agents meet).</summary>
    public void AddInputReaders(Persistence.TickInputRegistry registry)
    {
        Guard.NotNull(registry);
        registry.Register("encounter", EncounterInput.ReadPayload);
    }

    /// <summary>Relations feed appraisal's likings; appraised emotions become episodes and update relations.</summary>
    void IRunnerAware.Connect(SimulationRunner runner)
    {
        foreach (var m in runner.Modules)
        {
            if (m is AffectEngineModule affect)
            {
                Social.ConnectAppraisal(affect.Appraisal);
                return;
            }
        }
    }
}

/// <summary>Registration of the social layer: <c>services.AddAffectEngine(...).AddSocial(s => ...)</c>.</summary>
public static class SocialEngineBuilderExtensions
{
    /// <summary>
    /// Adds episodic memory, relations and contagion. Settings are validated here; the message names the
    /// bad field. Each runner gets its own module; runners share the settings object, so do not change it after registration.
    /// </summary>
    public static AffectEngineBuilder AddSocial(this AffectEngineBuilder builder, Action<SocialSettings>? configure = null)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        var settings = new SocialSettings();
        configure?.Invoke(settings);
        Problems.ThrowIfAny(settings.Validate(), "SocialSettings.");

        return builder.AddModule(_ => new SocialEngineModule(settings));
    }

    /// <summary>The social layer of a runner (throws when <see cref="AddSocial"/> was not called).</summary>
    public static SocialModule Social(this SimulationRunner runner) =>
        (runner ?? throw new ArgumentNullException(nameof(runner))).Module<SocialEngineModule>().Social;
}

/// <summary>An initial relation, by the scenario's agent ids.</summary>
/// <param name="From">Who feels it.</param>
/// <param name="To">About whom.</param>
/// <param name="Liking">Liking in [-1, 1].</param>
/// <param name="Familiarity">Familiarity in [0, 1].</param>
public sealed record RelationSpec(string From, string To, float Liking, float Familiarity = 0f);

/// <summary>A contagion edge, by the scenario's agent ids (<see cref="To"/> perceives <see cref="From"/>).</summary>
/// <param name="From">Sender.</param>
/// <param name="To">Receiver.</param>
/// <param name="Weight">Channel strength α in [0, 1].</param>
/// <param name="Mutual">Also add the reverse edge.</param>
public sealed record NetworkEdgeSpec(string From, string To, float Weight = 1f, bool Mutual = true);

/// <summary>ASCRIBE traits for one agent, by id; unset values keep the defaults (or the personality-derived ones).</summary>
/// <param name="Agent">The agent's id.</param>
/// <param name="Expressiveness">ε.</param>
/// <param name="Openness">δ.</param>
/// <param name="Amplification">η.</param>
/// <param name="Bias">β.</param>
public sealed record ContagionTraitsSpec(string Agent, float? Expressiveness = null, float? Openness = null, float? Amplification = null, float? Bias = null);

/// <summary>A remembered episode to seed an agent's memory with (backstory), by ids.</summary>
/// <param name="Owner">Whose memory.</param>
/// <param name="Kind">Event kind id.</param>
/// <param name="Actor">Who acted ("" for none).</param>
/// <param name="Target">Who was acted on ("" for none).</param>
/// <param name="Emotions">What it made the owner feel (kebab-case emotion → intensity).</param>
public sealed record EpisodeSpec(string Owner, int Kind, string Actor, string Target, IReadOnlyDictionary<string, float> Emotions);

/// <summary>The social part of a scenario, in the terms the scenario loader reads (agent ids, not handles).</summary>
public sealed class SocialSpec
{
    /// <summary>Initial relations.</summary>
    public IList<RelationSpec> Relations { get; } = new List<RelationSpec>();

    /// <summary>Contagion network edges.</summary>
    public IList<NetworkEdgeSpec> Network { get; } = new List<NetworkEdgeSpec>();

    /// <summary>Per-agent ASCRIBE traits.</summary>
    public IList<ContagionTraitsSpec> Traits { get; } = new List<ContagionTraitsSpec>();

    /// <summary>Derive every agent's traits from its personality first (Durupinar et al. 2016 direction; see <see cref="ContagionTraits.FromPersonality"/>).</summary>
    public bool TraitsFromPersonality { get; set; }

    /// <summary>Seed memories.</summary>
    public IList<EpisodeSpec> Episodes { get; } = new List<EpisodeSpec>();
}

/// <summary>
/// Applies the social part of a scenario to a runner whose agents exist (after <see cref="ScenarioHost.Apply"/>).
/// Module settings (memory, relation and contagion parameters) are set at registration with
/// <see cref="SocialEngineBuilderExtensions.AddSocial"/>; positions come from the scenario's agents.
/// Errors name the entry (e.g. <c>social.relations[2].to</c>).
/// </summary>
public static class SocialSetup
{
    /// <summary>Applies <paramref name="spec"/>.</summary>
    public static void Apply(SimulationRunner runner, SocialSpec spec)
    {
        if (runner is null || spec is null)
        {
            throw new ArgumentNullException(runner is null ? nameof(runner) : nameof(spec));
        }

        var social = runner.Social();
        if (spec.TraitsFromPersonality)
        {
            foreach (var agent in runner.World.Agents)
            {
                social.SetContagionTraits(agent, ContagionTraits.FromPersonality(runner.Affect.Personality(agent)));
            }
        }

        for (var i = 0; i < spec.Traits.Count; i++)
        {
            var t = spec.Traits[i];
            var id = Agent(runner, t.Agent, $"social.traits[{i}].agent");
            var cur = social.ContagionTraitsOf(id);
            var next = new ContagionTraits(t.Expressiveness ?? cur.Expressiveness, t.Openness ?? cur.Openness, t.Amplification ?? cur.Amplification, t.Bias ?? cur.Bias);
            Problems.ThrowIfAny(next.Validate(), $"social.traits[{i}]: ");

            social.SetContagionTraits(id, next);
        }

        for (var i = 0; i < spec.Relations.Count; i++)
        {
            var r = spec.Relations[i];
            var from = Agent(runner, r.From, $"social.relations[{i}].from");
            var to = Agent(runner, r.To, $"social.relations[{i}].to");
            if (r.Liking is < -1f or > 1f || float.IsNaN(r.Liking) || r.Familiarity is < 0f or > 1f || float.IsNaN(r.Familiarity))
            {
                throw new ArgumentException($"social.relations[{i}]: liking must be in [-1, 1] and familiarity in [0, 1]; got {r.Liking}, {r.Familiarity}.");
            }

            social.Relations.Set(from, to, r.Liking, r.Familiarity);
        }

        if (spec.Network.Count > 0)
        {
            var edges = new List<ContagionEdge>(spec.Network.Count * 2);
            for (var i = 0; i < spec.Network.Count; i++)
            {
                var e = spec.Network[i];
                var from = Agent(runner, e.From, $"social.network[{i}].from");
                var to = Agent(runner, e.To, $"social.network[{i}].to");
                edges.Add(new ContagionEdge(from, to, e.Weight));
                if (e.Mutual)
                {
                    edges.Add(new ContagionEdge(to, from, e.Weight));
                }
            }

            social.SetNetwork(edges);
        }

        for (var i = 0; i < spec.Episodes.Count; i++)
        {
            var e = spec.Episodes[i];
            var owner = Agent(runner, e.Owner, $"social.episodes[{i}].owner");
            var actor = e.Actor.Length == 0 ? AgentId.None : Agent(runner, e.Actor, $"social.episodes[{i}].actor");
            var target = e.Target.Length == 0 ? AgentId.None : Agent(runner, e.Target, $"social.episodes[{i}].target");
            var impulses = new List<FeltEmotion>();
            foreach (var kv in e.Emotions)
            {
                if (!Emotions.TryParse(kv.Key, out var type))
                {
                    throw new ArgumentException($"social.episodes[{i}].emotions: '{kv.Key}' is not an emotion type.");
                }

                if (float.IsNaN(kv.Value) || kv.Value < 0f || kv.Value > 1f)
                {
                    throw new ArgumentException($"social.episodes[{i}].emotions.{kv.Key} must be in [0, 1]; got {kv.Value}.");
                }

                impulses.Add(new FeltEmotion(type, kv.Value));
            }

            // Canonical order: the dictionary's order must not decide which three emotions are kept on ties.
            impulses.Sort(static (a, b) => a.Type.CompareTo(b.Type));
            social.RecordEpisode(owner, e.Kind, actor, target, impulses.ToArray());
        }
    }

    private static AgentId Agent(SimulationRunner runner, string name, string path) =>
        runner.TryGetAgent(name, out var id) ? id : throw new ArgumentException($"{path}: no agent '{name}'.");
}
