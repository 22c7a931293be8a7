using System;
using System.Collections.Generic;
using AffectEngine.Affect;
using AffectEngine.Scenarios;
using AffectEngine.Social;

namespace AffectEngine.Hosting;

/// <summary>
/// The scenario's social layer (the "social" section, agents' relations, "encounter" events) turned
/// into module settings at registration and into relations, traits, network and episodes once the
/// agents exist. The loader has already checked every reference; errors here are defects, not user input.
/// </summary>
public static class ScenarioSocial
{
    /// <summary>True when the scenario needs the social module: a "social" section or an "encounter" event.</summary>
    public static bool Uses(Scenario scenario)
    {
        if ((scenario ?? throw new ArgumentNullException(nameof(scenario))).Social is not null)
        {
            return true;
        }

        foreach (var e in scenario.Events)
        {
            if (e.Encounter is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The module settings the scenario asks for (engine defaults for what it leaves out).</summary>
    public static void Configure(SocialSettings settings, Scenario scenario)
    {
        if (settings is null || scenario is null)
        {
            throw new ArgumentNullException(settings is null ? nameof(settings) : nameof(scenario));
        }

        var social = scenario.Social;
        if (social?.Contagion is { } c)
        {
            settings.Contagion.Neighbours = c.Neighbours switch
            {
                "network" => NeighbourKind.Network,
                "both" => NeighbourKind.Both,
                _ => NeighbourKind.Spatial,
            };
            settings.Contagion.Radius = c.Radius;
            if (c.Channels is { } channels)
            {
                settings.Contagion.Channels.Clear();
                foreach (var name in channels)
                {
                    Emotions.TryParse(name, out var type);
                    settings.Contagion.Channels.Add(type);
                }
            }
        }

        if (social?.Memory is { } m)
        {
            var s = settings.Memory;
            s.Capacity = m.Capacity ?? s.Capacity;
            s.Decay = m.Decay ?? s.Decay;
            s.TimeScaleSeconds = m.TimeScale?.Seconds ?? s.TimeScaleSeconds;
            s.RecallAttenuation = m.RecallAttenuation ?? s.RecallAttenuation;
            s.RehearsalGain = m.RehearsalGain ?? s.RehearsalGain;
            s.BiasGain = m.BiasGain ?? s.BiasGain;
        }

        if (social?.Relations is { } r)
        {
            var s = settings.Relations;
            s.Capacity = r.Capacity ?? s.Capacity;
            s.LikingRate = r.LikingRate ?? s.LikingRate;
            s.FamiliarityRate = r.FamiliarityRate ?? s.FamiliarityRate;
        }
    }

    /// <summary>
    /// Applies the per-agent social data to a runner whose agents exist: relations (from agents'
    /// "relations", in ordinal order), traits (personality, defaults, group then agent overrides),
    /// network edges and group cliques, remembered episodes (kinds interned as appraisal actions).
    /// </summary>
    public static void Apply(SimulationRunner runner, Scenario scenario)
    {
        if (runner is null || scenario is null)
        {
            throw new ArgumentNullException(runner is null ? nameof(runner) : nameof(scenario));
        }

        var module = runner.Social();
        var members = new Dictionary<string, List<AgentId>>(StringComparer.Ordinal);
        var everyone = new List<AgentId>();
        foreach (var spec in scenario.Agents)
        {
            var names = new List<string>(new HashSet<string>(spec.GroupNames(), StringComparer.Ordinal));
            names.Sort(StringComparer.Ordinal);
            for (var k = 0; k < spec.Count; k++)
            {
                var id = Agent(runner, NameOf(spec, k));
                everyone.Add(id);
                foreach (var g in names)
                {
                    if (!members.TryGetValue(g, out var list))
                    {
                        members.Add(g, list = []);
                    }

                    if (spec.InGroup(g, k))
                    {
                        list.Add(id);
                    }
                }
            }
        }

        // Relations after every group is known: templates toward groups first, then relations keyed by
        // an agent's id, which win over a template.
        foreach (var spec in scenario.Agents)
        {
            var templates = ScenarioHost.GroupTemplates(spec);
            var others = new List<string>();
            foreach (var key in spec.Relations.Keys)
            {
                if (!key.StartsWith('@'))
                {
                    others.Add(key);
                }
            }

            others.Sort(StringComparer.Ordinal);
            for (var k = 0; k < spec.Count; k++)
            {
                var id = Agent(runner, NameOf(spec, k));
                foreach (var (group, r) in templates)
                {
                    foreach (var member in members.TryGetValue(group, out var list) ? list : [])
                    {
                        if (member != id)
                        {
                            module.Relations.Set(id, member, r.Liking, r.Familiarity);
                        }
                    }
                }

                foreach (var other in others)
                {
                    var r = spec.Relations[other];
                    module.Relations.Set(id, Agent(runner, other), r.Liking, r.Familiarity);
                }
            }
        }

        var social = scenario.Social;
        if (social is null)
        {
            return;
        }

        if (social.Contagion is { } c)
        {
            foreach (var agent in runner.World.Agents)
            {
                var t = c.TraitsFromPersonality ? ContagionTraits.FromPersonality(runner.Affect.Personality(agent)) : ContagionTraits.Default;
                if (c.Defaults is { } d)
                {
                    t = Override(t, d.Expressiveness, d.Openness, d.Amplification, d.Bias);
                }

                module.SetContagionTraits(agent, t);
            }

            // Groups first, then agents, each in file order: the most specific setting wins.
            foreach (var o in c.Traits)
            {
                if (o.Group is { } g && members.TryGetValue(g, out var list))
                {
                    foreach (var id in list)
                    {
                        module.SetContagionTraits(id, Override(module.ContagionTraitsOf(id), o.Expressiveness, o.Openness, o.Amplification, o.Bias));
                    }
                }
            }

            foreach (var o in c.Traits)
            {
                if (o.Agent is { } name)
                {
                    var id = Agent(runner, name);
                    module.SetContagionTraits(id, Override(module.ContagionTraitsOf(id), o.Expressiveness, o.Openness, o.Amplification, o.Bias));
                }
            }
        }

        if (social.Network.Count > 0)
        {
            var edges = new List<ContagionEdge>();
            for (var index = 0; index < social.Network.Count; index++)
            {
                var e = social.Network[index];
                if (e.Generator is not null)
                {
                    ScenarioNetworks.Add(e, index, e.Group is { } over ? members[over] : everyone, runner.World.Seed, edges);
                    continue;
                }

                if (e.Group is { } g)
                {
                    var list = members[g];
                    foreach (var a in list)
                    {
                        foreach (var b in list)
                        {
                            if (a != b)
                            {
                                edges.Add(new ContagionEdge(a, b, e.Weight));
                            }
                        }
                    }

                    continue;
                }

                var from = Agent(runner, e.From!);
                var to = Agent(runner, e.To!);
                edges.Add(new ContagionEdge(from, to, e.Weight));
                if (e.Mutual)
                {
                    edges.Add(new ContagionEdge(to, from, e.Weight));
                }
            }

            module.SetNetwork(edges);
        }

        var vocabulary = runner.Module<AffectEngineModule>().Appraisal.Vocabulary;
        var impulses = new List<FeltEmotion>();
        foreach (var e in social.Episodes)
        {
            impulses.Clear();
            foreach (var pair in e.Emotions)
            {
                Emotions.TryParse(pair.Key, out var type);
                impulses.Add(new FeltEmotion(type, pair.Value));
            }

            // Canonical order: the file's key order must not decide which three emotions are kept on ties.
            impulses.Sort(static (a, b) => a.Type.CompareTo(b.Type));
            var actor = e.Actor is null ? AgentId.None : Agent(runner, e.Actor);
            var target = e.Target is null ? AgentId.None : Agent(runner, e.Target);
            // Memory only: the declared relations already say how the owner feels about the actor now.
            var obj = e.Object is null ? default : vocabulary.Object(e.Object);
            module.Memory.Store(Agent(runner, e.Owner), runner.World.Tick, vocabulary.Action(e.Kind).Value, actor, target, impulses.ToArray(), obj);
        }
    }

    /// <summary>
    /// Schedules an "encounter" event: the agent notices the other (and, when mutual, the other notices the
    /// agent), or notices an object. <paramref name="index"/> is the event's position in the scenario (its inputs' sequence is 2·index, 2·index + 1).
    /// </summary>
    public static void ScheduleEncounter(SimulationRunner runner, EncounterSpec encounter, int index, long tick)
    {
        if (runner is null || encounter is null)
        {
            throw new ArgumentNullException(runner is null ? nameof(runner) : nameof(encounter));
        }

        var agent = Agent(runner, encounter.Agent);
        if (encounter.Object is { } name)
        {
            var obj = runner.Module<AffectEngineModule>().Appraisal.Vocabulary.Object(name);
            runner.Enqueue(new EncounterInput(tick, InputSources.Encounters, 2L * index, agent, AgentId.None, obj));
            return;
        }

        var other = Agent(runner, encounter.Other);
        runner.Enqueue(new EncounterInput(tick, InputSources.Encounters, 2L * index, agent, other));
        if (encounter.Mutual)
        {
            runner.Enqueue(new EncounterInput(tick, InputSources.Encounters, (2L * index) + 1, other, agent));
        }
    }

    private static ContagionTraits Override(ContagionTraits t, float? expressiveness, float? openness, float? amplification, float? bias) =>
        new(expressiveness ?? t.Expressiveness, openness ?? t.Openness, amplification ?? t.Amplification, bias ?? t.Bias);

    private static string NameOf(AgentSpec spec, int k) =>
        spec.Count == 1 ? spec.Id : spec.Id + "#" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static AgentId Agent(SimulationRunner runner, string name) =>
        runner.TryGetAgent(name, out var id) ? id : throw new ArgumentException($"social: no agent '{name}' in this scenario.");
}
