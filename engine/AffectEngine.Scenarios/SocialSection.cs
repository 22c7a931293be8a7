using System.Collections.Generic;
using System.ComponentModel;

namespace AffectEngine.Scenarios;

// The scenario's "social" section (docs/social.md). Values left out keep the engine's defaults, which
// are documented (with their citations) on SocialSettings in AffectEngine.Social.

/// <summary>The social layer of a scenario.</summary>
[Description("The social layer: contagion, memory, relation rules, network, remembered episodes.")]
public sealed class SocialSection
{
    /// <summary>Emotion contagion; absent = no contagion.</summary>
    [Description("Emotion contagion (ASCRIBE, Bosse et al. 2015); absent = no contagion.")]
    public ContagionSection? Contagion { get; set; }

    /// <summary>Episodic memory settings.</summary>
    [Description("Episodic memory: capacity and forgetting (ACT-R power-law decay).")]
    public MemorySection? Memory { get; set; }

    /// <summary>Relation update rules; initial relations are the agents' "relations".</summary>
    [Description("How relations change (initial relations are each agent's \"relations\").")]
    public RelationRulesSection? Relations { get; set; }

    /// <summary>Contagion network edges (receivers perceive senders).</summary>
    [Description("Contagion network: directed edges between agents, cliques of a group, or seeded generated graphs (Watts–Strogatz, Barabási–Albert, Erdős–Rényi, lattice). Needs contagion neighbours \"network\" or \"both\".")]
    public List<NetworkEdgeSection> Network { get; set; } = [];

    /// <summary>Episodes the agents remember from before the run (backstory).</summary>
    [Description("Episodes agents remember from before the run (backstory): recalled when they meet the actor or target.")]
    public List<EpisodeSection> Episodes { get; set; } = [];
}

/// <summary>Contagion settings.</summary>
[Description("Emotion contagion settings.")]
public sealed class ContagionSection
{
    /// <summary>Neighbour structure.</summary>
    [Description("Whom an agent catches emotions from: agents within \"radius\" (spatial; needs positions), the \"network\" edges, or both.")]
    [AllowedValues("spatial", "network", "both")]
    public string Neighbours { get; set; } = "spatial";

    /// <summary>Spatial radius in scenario units.</summary>
    [Description("Spatial radius in scenario units (more than 0): agents within it are neighbours.")]
    [Bounds(0, 1e6)]
    public float Radius { get; set; } = 1.5f;

    /// <summary>Emotion types that spread.</summary>
    [Description("The emotions that spread (kebab-case names, at most 8); default [\"fear\"].")]
    public List<string>? Channels { get; set; }

    /// <summary>Derive expressiveness and openness from personality.</summary>
    [Description("Derive expressiveness (from E) and openness (from A and N) from each agent's personality (Durupinar et al. 2016 direction) before defaults and overrides.")]
    public bool TraitsFromPersonality { get; set; }

    /// <summary>Trait values for every agent (applied after personality).</summary>
    [Description("ASCRIBE traits for every agent, applied after traitsFromPersonality; unset traits are kept.")]
    public TraitsSection? Defaults { get; set; }

    /// <summary>Per-group and per-agent trait overrides, applied in order (groups first, then agents).</summary>
    [Description("Trait overrides for a group or one agent; group overrides apply before agent overrides.")]
    public List<TraitOverrideSection> Traits { get; set; } = [];
}

/// <summary>ASCRIBE traits (each optional).</summary>
[Description("ASCRIBE traits, each in [0, 1]; unset ones are kept.")]
public sealed class TraitsSection
{
    /// <summary>ε.</summary>
    [Description("ε: how strongly the agent expresses (sends) its emotions.")]
    [Bounds(0, 1)]
    public float? Expressiveness { get; set; }

    /// <summary>δ.</summary>
    [Description("δ: how open the agent is to others' emotions.")]
    [Bounds(0, 1)]
    public float? Openness { get; set; }

    /// <summary>η.</summary>
    [Description("η: amplification (1, a mob) rather than absorption (0, an audience).")]
    [Bounds(0, 1)]
    public float? Amplification { get; set; }

    /// <summary>β.</summary>
    [Description("β: when amplifying, bias upward (1) or downward (0).")]
    [Bounds(0, 1)]
    public float? Bias { get; set; }
}

/// <summary>Traits for a group or an agent.</summary>
[Description("ASCRIBE traits for one agent or every agent of a group.")]
public sealed class TraitOverrideSection
{
    /// <summary>The agent's id.</summary>
    [Description("The agent's id. Use this or \"group\".")]
    public string? Agent { get; set; }

    /// <summary>The group's name.</summary>
    [Description("A group name (agents' \"group\"). Use this or \"agent\".")]
    public string? Group { get; set; }

    /// <summary>ε.</summary>
    [Description("ε: expressiveness.")]
    [Bounds(0, 1)]
    public float? Expressiveness { get; set; }

    /// <summary>δ.</summary>
    [Description("δ: openness.")]
    [Bounds(0, 1)]
    public float? Openness { get; set; }

    /// <summary>η.</summary>
    [Description("η: amplification.")]
    [Bounds(0, 1)]
    public float? Amplification { get; set; }

    /// <summary>β.</summary>
    [Description("β: upward bias.")]
    [Bounds(0, 1)]
    public float? Bias { get; set; }
}

/// <summary>Episodic memory settings.</summary>
[Description("Episodic memory settings; unset values keep the engine's defaults (docs/social.md).")]
public sealed class MemorySection
{
    /// <summary>Episodes per agent.</summary>
    [Description("Episodes kept per agent (default 100; 0 turns memory off). When full, the least salient is forgotten.")]
    [Bounds(0, 4096)]
    public int? Capacity { get; set; }

    /// <summary>Decay exponent d.</summary>
    [Description("Decay exponent d of salience s = s0·(1 + t/τ)^-d (default 0.5, ACT-R).")]
    [Bounds(0, 10)]
    public float? Decay { get; set; }

    /// <summary>Time scale τ.</summary>
    [Description("Time scale τ of forgetting (default \"60s\").")]
    public Duration? TimeScale { get; set; }

    /// <summary>Recall attenuation.</summary>
    [Description("Fraction of the remembered intensity a recall re-elicits, before salience (default 0.5).")]
    [Bounds(0, 1)]
    public float? RecallAttenuation { get; set; }

    /// <summary>Rehearsal gain.</summary>
    [Description("Fraction of lost salience a recall restores (default 0.5).")]
    [Bounds(0, 1)]
    public float? RehearsalGain { get; set; }

    /// <summary>Appraisal bias gain.</summary>
    [Description("How much memories of similar events strengthen their appraisal: a multiplier in [1, 1 + biasGain] (default 0.5).")]
    [Bounds(0, 10)]
    public float? BiasGain { get; set; }
}

/// <summary>Relation update rules.</summary>
[Description("Relation update rules; unset values keep the engine's defaults (docs/social.md).")]
public sealed class RelationRulesSection
{
    /// <summary>Relations per agent.</summary>
    [Description("Relations kept per agent (default 50).")]
    [Bounds(0, 4096)]
    public int? Capacity { get; set; }

    /// <summary>Liking rate k.</summary>
    [Description("Rate k of the liking update: gratitude/admiration ΔL = k·I·(1 − L), anger/reproach ΔL = −k·I·(1 + L) (default 0.1).")]
    [Bounds(0, 1)]
    public float? LikingRate { get; set; }

    /// <summary>Familiarity rate.</summary>
    [Description("Rate of familiarity growth per encounter or shared episode (default 0.05).")]
    [Bounds(0, 1)]
    public float? FamiliarityRate { get; set; }
}

/// <summary>A network edge, or a group clique.</summary>
[Description("A contagion edge (\"to\" perceives \"from\"), every pair of a group (\"group\"), or a generated graph (\"generator\").")]
public sealed class NetworkEdgeSection
{
    /// <summary>Sender.</summary>
    [Description("The sender's id.")]
    public string? From { get; set; }

    /// <summary>Receiver.</summary>
    [Description("The receiver's id.")]
    public string? To { get; set; }

    /// <summary>A group whose members all perceive each other.</summary>
    [Description("A group: every member perceives every other member (at most 4096 members). Use this or \"from\"/\"to\".")]
    public string? Group { get; set; }

    /// <summary>Channel strength α.</summary>
    [Description("Channel strength α in [0, 1].")]
    [Bounds(0, 1)]
    public float Weight { get; set; } = 1f;

    /// <summary>Also the reverse edge.</summary>
    [Description("Also add the reverse edge (default true).")]
    public bool Mutual { get; set; } = true;

    /// <summary>A seeded random graph over the agents (or over "group"), instead of one edge.</summary>
    [Description("Generate a seeded graph instead of one edge: \"watts-strogatz\" small world (k, p), \"barabasi-albert\" scale free (m), \"erdos-renyi\" (p, or mean degree k), \"lattice\" (k = 4 or 8). Over every agent in file order, or the members of \"group\"; edges are mutual; drawn from the run seed.")]
    [AllowedValues("watts-strogatz", "barabasi-albert", "erdos-renyi", "lattice")]
    public string? Generator { get; set; }

    /// <summary>Generator: neighbours (Watts–Strogatz ring, even; lattice 4 or 8) or mean degree (Erdős–Rényi).</summary>
    [Description("Generator: ring neighbours for watts-strogatz (even, default 4), 4 or 8 for lattice (default 4), mean degree for erdos-renyi (instead of p).")]
    [Bounds(1, 1e6)]
    public int? K { get; set; }

    /// <summary>Generator: rewiring probability (Watts–Strogatz) or edge probability (Erdős–Rényi).</summary>
    [Description("Generator: rewiring probability for watts-strogatz (default 0.1); edge probability for erdos-renyi.")]
    [Bounds(0, 1)]
    public float? P { get; set; }

    /// <summary>Generator: edges of each new node (Barabási–Albert).</summary>
    [Description("Generator: edges each new node makes for barabasi-albert (default 2).")]
    [Bounds(1, 1e6)]
    public int? M { get; set; }
}

/// <summary>A remembered episode.</summary>
[Description("An episode an agent remembers from before the run.")]
public sealed class EpisodeSection
{
    /// <summary>Whose memory.</summary>
    [Description("Whose memory (agent id).")]
    public string Owner { get; set; } = "";

    /// <summary>What happened: an action name, as events name it.</summary>
    [Description("What happened: an action name, as events name it (recall by kind and appraisal bias match it).")]
    public string Kind { get; set; } = "";

    /// <summary>Who acted.</summary>
    [Description("Who acted (agent id), if anyone.")]
    public string? Actor { get; set; }

    /// <summary>Who was acted on.</summary>
    [Description("Who was acted on (agent id), if anyone.")]
    public string? Target { get; set; }

    /// <summary>The object involved, as events name objects.</summary>
    [Description("The object involved, if any, as events name objects (a later cue by that object recalls the episode).")]
    public string? Object { get; set; }

    /// <summary>What it made the owner feel.</summary>
    [Description("What it made the owner feel: emotion name → intensity in [0, 1] (the three strongest are kept).")]
    public Dictionary<string, float> Emotions { get; set; } = [];
}

/// <summary>An encounter.</summary>
[Description("An agent meets another agent, or notices an object.")]
public sealed class EncounterSpec
{
    /// <summary>The agent who notices.</summary>
    [Description("The agent who notices the other (or the object).")]
    public string Agent { get; set; } = "";

    /// <summary>The other agent (empty when an object is noticed).</summary>
    [Description("The agent noticed (the recall cue). Give this or \"object\".")]
    public string Other { get; set; } = "";

    /// <summary>An object noticed instead of an agent.</summary>
    [Description("An object noticed (the recall cue: episodes that involved it come back), as events and episodes name objects. Give this or \"other\".")]
    public string? Object { get; set; }

    /// <summary>Both notice each other.</summary>
    [Description("Both notice each other (default true; agents only).")]
    public bool Mutual { get; set; } = true;
}
