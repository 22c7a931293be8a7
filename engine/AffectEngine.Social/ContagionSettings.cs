using System;
using System.Collections.Generic;
using AffectEngine.Affect;

namespace AffectEngine.Social;

/// <summary>Which neighbours an agent catches emotions from.</summary>
[Flags]
public enum NeighbourKind
{
    /// <summary>No contagion.</summary>
    None = 0,

    /// <summary>Every agent within <see cref="ContagionSettings.Radius"/> (needs the position field).</summary>
    Spatial = 1,

    /// <summary>The explicit network set with <see cref="SocialModule.SetNetwork"/>.</summary>
    Network = 2,

    /// <summary>Both; a pair that is both near and connected is counted in each.</summary>
    Both = Spatial | Network,
}

/// <summary>
/// One agent's ASCRIBE parameters (Bosse, Duell, Memon, Treur &amp; van der Wal 2015, "Agent-based
/// modeling of emotion contagion in groups", Cognitive Computation 7(1):111–136), each in [0, 1].
/// </summary>
/// <param name="Expressiveness">ε: how strongly the agent expresses (sends) its emotions.</param>
/// <param name="Openness">δ: how open the agent is to others' emotions (receiving).</param>
/// <param name="Amplification">η: tendency to amplify (1) rather than absorb (0) the group's emotion.</param>
/// <param name="Bias">β: when amplifying, the bias upward (1) or downward (0).</param>
public readonly record struct ContagionTraits(float Expressiveness, float Openness, float Amplification, float Bias)
{
    /// <summary>
    /// The defaults: ε = δ = 0.5, pure absorption (η = 0), neutral bias β = 0.5. ASCRIBE (Bosse et al.
    /// 2009, PRIMA, LNAI 5925:48–67; 2015, Cognitive Computation 7(1); the crowd study of Bosse,
    /// Hoogendoorn, Klein, Treur, van der Wal &amp; van Wissen 2013, AAMAS journal 27(1):52–84) treats all
    /// four as per-agent scenario parameters in [0, 1] and publishes no universal values; these
    /// mid-range values are this project's choice (docs/social.md, "Parameter values").
    /// </summary>
    public static ContagionTraits Default => new(0.5f, 0.5f, 0f, 0.5f);

    /// <summary>
    /// Traits from personality, following Durupinar, Güdükbay, Aman &amp; Badler (2016, "Psychological
    /// parameters for crowd simulation: from audiences to mobs", IEEE TVCG 22(9)) in direction:
    /// extraverts express more, and agreeable, neurotic agents catch more (their empathy and
    /// susceptibility). Traits map linearly from [-1, 1] to [0, 1]; the linear form and equal weights are
    /// this project's choice, not the paper's coefficients.
    /// </summary>
    public static ContagionTraits FromPersonality(Ocean p) => new(
        Unit(p.E),
        Unit((p.A + p.N) * 0.5f),
        0f,
        0.5f);

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        p.Range(Expressiveness, 0f, 1f, "contagion.expressiveness");
        p.Range(Openness, 0f, 1f, "contagion.openness");
        p.Range(Amplification, 0f, 1f, "contagion.amplification");
        p.Range(Bias, 0f, 1f, "contagion.bias");
        return p.List;
    }

    private static float Unit(float v) => Math.Min(1f, Math.Max(0f, (v + 1f) * 0.5f));
}

/// <summary>Contagion parameters (docs/social.md, "Contagion").</summary>
public sealed class ContagionSettings
{
    /// <summary>Largest number of contagious emotion channels.</summary>
    public const int MaxChannels = 8;

    /// <summary>The neighbour structure; <see cref="NeighbourKind.None"/> turns contagion off.</summary>
    public NeighbourKind Neighbours { get; set; } = NeighbourKind.None;

    /// <summary>Spatial radius r in scenario units: agents within r of each other are neighbours.</summary>
    public float Radius { get; set; } = 1.5f;

    /// <summary>
    /// The emotion types that spread, each an ASCRIBE state q (Bosse et al. 2015 model one emotion
    /// per contagion process; we run one per channel, with the same strengths). Default: fear.
    /// </summary>
    public IList<EmotionType> Channels { get; } = new List<EmotionType> { EmotionType.Fear };

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        p.Require((Neighbours & NeighbourKind.Spatial) == 0 || (Radius > 0f && !float.IsInfinity(Radius)), $"contagion.radius must be a positive finite number; got {Radius}.");
        p.Require(Channels.Count <= MaxChannels, $"contagion.channels has {Channels.Count} entries; at most {MaxChannels} are supported.");
        for (var i = 0; i < Channels.Count; i++)
        {
            if ((uint)Channels[i] >= Emotions.Count)
            {
                p.Add($"contagion.channels[{i}] is not an emotion type.");
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                if (Channels[j] == Channels[i])
                {
                    p.Add($"contagion.channels[{i}] repeats '{Channels[i].Name()}'.");
                    break;
                }
            }
        }

        return p.List;
    }
}

/// <summary>A directed contagion edge: <see cref="To"/> perceives <see cref="From"/>'s expression with channel strength α = <see cref="Weight"/>.</summary>
/// <param name="From">The sender j.</param>
/// <param name="To">The receiver i.</param>
/// <param name="Weight">α_ji in [0, 1] (ASCRIBE's channel strength).</param>
public readonly record struct ContagionEdge(AgentId From, AgentId To, float Weight);

/// <summary>All settings of the social module.</summary>
public sealed class SocialSettings
{
    /// <summary>Episodic memory.</summary>
    public MemorySettings Memory { get; set; } = new();

    /// <summary>Relations.</summary>
    public RelationSettings Relations { get; set; } = new();

    /// <summary>Contagion.</summary>
    public ContagionSettings Contagion { get; set; } = new();

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        if (p.Set(Memory, "social.memory"))
        {
            p.Nested("", Memory.Validate());
        }

        if (p.Set(Relations, "social.relations"))
        {
            p.Nested("", Relations.Validate());
        }

        if (p.Set(Contagion, "social.contagion"))
        {
            p.Nested("", Contagion.Validate());
        }

        return p.List;
    }
}
