using System;
using System.Collections.Generic;
using System.Text.Json;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;
using AffectEngine.Social;

namespace AffectEngine.Distributed;

/// <summary>
/// The contagion part of a sharded run (what <see cref="SocialSettings.Contagion"/> and
/// <see cref="SocialSpec"/> say for one process), in a form that travels to every shard. The scenario
/// file has no social section yet, so sharded runs take it beside the scenario, as single-process
/// hosts pass it to <see cref="SocialEngineBuilderExtensions.AddSocial"/> and <see cref="SocialSetup.Apply"/>.
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

    /// <summary>Registers the social module with these contagion settings.</summary>
    public void Configure(AffectEngineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSocial(s =>
        {
            s.Contagion.Neighbours = Neighbours;
            s.Contagion.Radius = Radius;
            s.Contagion.Channels.Clear();
            foreach (var c in Channels)
            {
                s.Contagion.Channels.Add(c);
            }
        });
    }

    /// <summary>Applies traits and network to a runner, keeping only entries whose agents are in its world.</summary>
    public void Apply(SimulationRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var spec = new SocialSpec { TraitsFromPersonality = TraitsFromPersonality };
        foreach (var t in Traits)
        {
            if (runner.TryGetAgent(t.Agent, out _))
            {
                spec.Traits.Add(t);
            }
        }

        foreach (var e in Network)
        {
            if (runner.TryGetAgent(e.From, out _) && runner.TryGetAgent(e.To, out _))
            {
                spec.Network.Add(e);
            }
        }

        SocialSetup.Apply(runner, spec);
    }

    /// <summary>The single-process reference: one runner with every agent, the scenario and this social setup (no Orleans).</summary>
    public static SimulationRunner CreateRunner(Scenario scenario, ClusterSocial? social, RunOverrides? overrides = null, Action<AffectEngineBuilder>? extend = null)
    {
        var runner = ScenarioHost.CreateRunner(scenario, overrides, b =>
        {
            extend?.Invoke(b);
            social?.Configure(b);
        });
        try
        {
            social?.Apply(runner);
        }
        catch
        {
            runner.Dispose();
            throw;
        }

        return runner;
    }

    /// <summary>Serializes for the shard spec.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads what <see cref="ToJson"/> wrote.</summary>
    public static ClusterSocial FromJson(byte[] json) => JsonSerializer.Deserialize<ClusterSocial>(json, Json) ?? throw new ArgumentException("The social part of the shard spec is empty.");
}
