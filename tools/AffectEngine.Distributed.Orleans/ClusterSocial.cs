using System;
using System.Collections.Generic;
using System.Text.Json;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;
using AffectEngine.Social;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// Contagion for a sharded run given through the API beside a scenario without a social section (what
/// <see cref="SocialSettings.Contagion"/> and <see cref="SocialSpec"/> say for one process). It is turned
/// into the scenario's social section (<see cref="ToSection"/>, <see cref="ShardLayout.WithSocial"/>),
/// so the single-process reference and the shards run exactly what the same scenario file would run.
/// Scenario files say the same in their "social" section; use one or the other.
/// </summary>
public sealed class ClusterSocial
{
    private static readonly JsonSerializerOptions Json = new() { IncludeFields = false };

    /// <summary>The neighbour structure.</summary>
    public NeighbourKind Neighbours { get; set; }

    /// <summary>Spatial radius in scenario units.</summary>
    public float Radius { get; set; } = 1.5f;

    /// <summary>The contagious emotions.</summary>
    public List<EmotionType> Channels { get; set; } = [EmotionType.Fear];

    /// <summary>Derive traits from personality first.</summary>
    public bool TraitsFromPersonality { get; set; }

    /// <summary>Per-agent traits, by id.</summary>
    public List<ContagionTraitsSpec> Traits { get; set; } = [];

    /// <summary>Network edges, by id.</summary>
    public List<NetworkEdgeSpec> Network { get; set; } = [];

    /// <summary>True when contagion runs at all.</summary>
    public bool Contagion => Neighbours != NeighbourKind.None && Channels.Count > 0;

    /// <summary>True with spatial neighbours.</summary>
    public bool Spatial => (Neighbours & NeighbourKind.Spatial) != 0;

    /// <summary>True with network neighbours.</summary>
    public bool NetworkEnabled => (Neighbours & NeighbourKind.Network) != 0;

    /// <summary>The scenario's social section that says the same: contagion settings, per-agent trait overrides, network edges.</summary>
    public SocialSection ToSection()
    {
        var contagion = new ContagionSection
        {
            Neighbours = Neighbours switch
            {
                NeighbourKind.Network => "network",
                NeighbourKind.Both => "both",
                _ => "spatial",
            },
            Radius = Radius,

            // No neighbours: no channel, so contagion stays off while the traits are still set, as SocialSetup does.
            Channels = Contagion ? Channels.ConvertAll(c => c.Name()) : [],
            TraitsFromPersonality = TraitsFromPersonality,
        };
        foreach (var t in Traits)
        {
            contagion.Traits.Add(new TraitOverrideSection { Agent = t.Agent, Expressiveness = t.Expressiveness, Openness = t.Openness, Amplification = t.Amplification, Bias = t.Bias });
        }

        var section = new SocialSection { Contagion = contagion };
        foreach (var e in Network)
        {
            section.Network.Add(new NetworkEdgeSection { From = e.From, To = e.To, Weight = e.Weight, Mutual = e.Mutual });
        }

        return section;
    }

    /// <summary>
    /// The single-process reference: one runner with every agent, built from the scenario and this contagion
    /// setup as <see cref="ShardLayout.WithSocial"/> merges them (no Orleans). With <paramref name="social"/>
    /// null it is <see cref="ScenarioHost.CreateRunner"/> of the scenario itself, social section included.
    /// </summary>
    public static SimulationRunner CreateRunner(Scenario scenario, ClusterSocial? social, RunOverrides? overrides = null, Action<AffectEngineBuilder>? extend = null) =>
        ScenarioHost.CreateRunner(ShardLayout.WithSocial(scenario, social), overrides, extend);

    /// <summary>Serializes for the shard spec.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    public static ClusterSocial FromJson(byte[] json) => JsonSerializer.Deserialize<ClusterSocial>(json, Json) ?? throw new ArgumentException("The social part of the shard spec is empty.");
}
