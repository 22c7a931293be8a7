using System;
using System.Collections.Generic;
using System.Globalization;
using AffectEngine.Affect;

namespace AffectEngine.Appraisal.Gamygdala;

/// <summary>
/// GAMYGDALA (Popescu, A., Broekens, J., &amp; van Someren, M. 2014. "GAMYGDALA: An Emotion Engine for
/// Games", IEEE Transactions on Affective Computing 5(1), 32–44): goal likelihood from beliefs,
/// desirability, internal, social and agent-action emotions, and gain. Differences from the
/// original JavaScript are deliberate and listed in docs/models.md: relief and disappointment are
/// reachable (the original never produces them), the goal and liking tables are the engine's, and
/// the engine's combination rule replaces the original's unbounded sum (the gain, off by default as in
/// the original, is applied per impulse when turned on).
/// </summary>
public sealed class GamygdalaModel : IAppraisalModel, IAppraisalModelDefaults, IAppraisalModelOptions
{
    /// <summary>The name scenarios select it by.</summary>
    public const string ModelName = "gamygdala";

    /// <summary>The citation.</summary>
    public const string Citation = "Popescu, A., Broekens, J., & van Someren, M. (2014). GAMYGDALA: An Emotion Engine for Games. IEEE Transactions on Affective Computing 5(1), 32-44.";

    /// <summary>GAMYGDALA's default decay factor per second (exponential: I·f^Δt).</summary>
    public const double DefaultDecayFactor = 0.8;

    private float _gain = 1f;
    private double _decayFactor = DefaultDecayFactor;

    /// <summary>The half-life in seconds equivalent to <see cref="DefaultDecayFactor"/>: ln 0.5 / ln 0.8 ≈ 3.106 s.</summary>
    public static double DecayHalfLifeSeconds => Math.Log(0.5) / Math.Log(DefaultDecayFactor);

    /// <inheritdoc />
    public string Name => ModelName;

    /// <summary>True: GAMYGDALA is reproduced as published, so the engine's thresholds and modulation are off for it.</summary>
    public bool AsPublished => true;

    /// <summary>
    /// Whether impulses pass through the gain. Off by default: GAMYGDALA's emotional state is the raw
    /// sum and the gain is only an optional read-out (<c>getEmotionalState(useGain)</c>), so Listing 1
    /// (utility −0.9, belief likelihood 0.6) gives fear 0.72 as the paper reports.
    /// </summary>
    public bool UseGain { get; set; }

    /// <summary>The decay factor per second f (exponential I·f^Δt), in (0, 1); GAMYGDALA's default 0.8.</summary>
    public double DecayFactor
    {
        get => _decayFactor;
        set
        {
            if (!(value > 0 && value < 1))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"decayFactor must be in (0, 1); got {value}.");
            }

            _decayFactor = value;
        }
    }

    /// <inheritdoc />
    public double? DecayFactorPerSecond => _decayFactor;

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> Options =>
    [
        new("gain", UseGain ? _gain.ToString("R", CultureInfo.InvariantCulture) : "off"),
        new("decayFactor", _decayFactor.ToString("R", CultureInfo.InvariantCulture)),
    ];

    /// <inheritdoc />
    public string? SetOption(string name, string value)
    {
        switch (name)
        {
            case "gain":
                if (value == "off")
                {
                    UseGain = false;
                    return null;
                }

                if (!float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var g) || !(g > 0f && g <= 20f))
                {
                    return $"expected a gain in (0, 20] or \"off\", found {value}";
                }

                Gain = g;
                UseGain = true;
                return null;
            case "decayFactor":
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) || !(f > 0 && f < 1))
                {
                    return $"expected a decay factor per second in (0, 1), found {value}";
                }

                DecayFactor = f;
                return null;
            default:
                return $"expected an option of gamygdala (gain, decayFactor), found '{name}'";
        }
    }

    /// <summary>The gain g in (0, 20]: with <see cref="UseGain"/> an impulse x is reported as g·x / (g·x + 1). Default 1 as in GAMYGDALA.</summary>
    public float Gain
    {
        get => _gain;
        set
        {
            if (!(value > 0f && value <= 20f))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"gain must be in (0, 20]; got {value}.");
            }

            _gain = value;
        }
    }

    /// <inheritdoc />
    public int MaxImpulses(AppraisalEvent appraisalEvent, int perceiverCount)
    {
        if (appraisalEvent is null)
        {
            throw new ArgumentNullException(nameof(appraisalEvent));
        }

        // Per effect: owner's internal emotions (up to 2) and action emotion (1); per perceiver a
        // social emotion and, for the actor, gratification/remorse.
        return appraisalEvent.Effects.Length * (3 + (2 * perceiverCount));
    }

    /// <inheritdoc />
    public int Appraise(AppraisalEvent appraisalEvent, ReadOnlySpan<AgentId> perceivers, IAppraisalState state, Span<EmotionImpulse> output)
    {
        if (appraisalEvent is null)
        {
            throw new ArgumentNullException(nameof(appraisalEvent));
        }

        if (state is null)
        {
            throw new ArgumentNullException(nameof(state));
        }

        var actor = appraisalEvent.Actor;
        var n = 0;
        foreach (var fx in appraisalEvent.Effects)
        {
            var owner = fx.Owner;
            var ownerView = state.View(owner);
            var gi = ownerView.IndexOfGoal(fx.Goal);
            if (gi < 0)
            {
                continue;
            }

            ref var goal = ref ownerView.Goals[gi];
            var hadPrior = goal.HasLikelihood;
            var prior = goal.Likelihood;
            var delta = UpdateLikelihood(ref goal, fx.Congruence.Value, fx.Likelihood.Value);
            var u = goal.Utility;
            var desirability = fx.Congruence.Value * u;
            var magnitude = Math.Abs(u * delta);
            if (magnitude == 0f)
            {
                continue;
            }

            // Internal emotions of the owner.
            n = Internal(output, n, owner, u, delta, goal.Likelihood, hadPrior && prior > 0f && prior < 1f, magnitude);

            // Agent-action emotion of the owner: the event was caused by someone else.
            if (!actor.IsNone && actor != owner)
            {
                n = Emit(output, n, owner, desirability >= 0f ? EmotionType.Gratitude : EmotionType.Anger, magnitude);
            }

            // Social emotions of every perceiver with a relation toward the owner, and
            // gratification/remorse of the actor toward a liked owner.
            foreach (var k in perceivers)
            {
                if (k == owner || !state.View(k).TryGetLiking(owner, out var like))
                {
                    continue;
                }

                var social = desirability >= 0f
                    ? (like >= 0f ? EmotionType.HappyFor : EmotionType.Resentment)
                    : (like >= 0f ? EmotionType.Pity : EmotionType.Gloating);
                n = Emit(output, n, k, social, magnitude * Math.Abs(like));
                if (k == actor && like >= 0f)
                {
                    n = Emit(output, n, k, desirability >= 0f ? EmotionType.Gratification : EmotionType.Remorse, magnitude * like);
                }
            }
        }

        return n;
    }

    /// <summary>
    /// GAMYGDALA's goal likelihood update for an absolute belief: L = (c·l + 1) / 2; ΔL = L − L_old,
    /// or L itself on the goal's first appraisal (pinned). A resolved achievement goal (L = 0 or 1)
    /// no longer changes (ΔL = 0).
    /// </summary>
    public static float UpdateLikelihood(ref GoalState goal, float congruence, float likelihood)
    {
        if (goal.HasLikelihood && goal.Kind == GoalKind.Achievement && (goal.Likelihood <= 0f || goal.Likelihood >= 1f))
        {
            return 0f;
        }

        var next = ((congruence * likelihood) + 1f) / 2f;
        var delta = goal.HasLikelihood ? next - goal.Likelihood : next;
        goal.Likelihood = next;
        goal.HasLikelihood = true;
        return delta;
    }

    /// <inheritdoc />
    public void Describe(IModelDescriber describer)
    {
        if (describer is null)
        {
            throw new ArgumentNullException(nameof(describer));
        }

        describer.Constant("gamygdala.gain", UseGain ? Gain : 0, Citation + " Gain off (0) by default: the emotional state is the raw sum.");
        describer.Constant("gamygdala.decayFactor", _decayFactor, Citation);
        describer.Constant("gamygdala.aggregateScale", GamygdalaPad.AggregateScale, Citation);
        describer.PadTable("gamygdalaToPad", GamygdalaPad.Types, GamygdalaPad.Table, Citation);
    }

    private int Internal(Span<EmotionImpulse> output, int n, AgentId owner, float u, float delta, float l, bool hadProspect, float magnitude)
    {
        // Good for the owner: a desired goal became likelier, or an undesired one less likely.
        var positive = u >= 0f ? delta >= 0f : delta < 0f;
        if (l > 0f && l < 1f)
        {
            return Emit(output, n, owner, positive ? EmotionType.Hope : EmotionType.Fear, magnitude);
        }

        if (l >= 1f)
        {
            // "Had been expected": the likelihood rose by less than half (as in GAMYGDALA).
            if (delta < 0.5f)
            {
                n = Emit(output, n, owner, u >= 0f ? EmotionType.Satisfaction : EmotionType.FearsConfirmed, magnitude);
            }

            return Emit(output, n, owner, u >= 0f ? EmotionType.Joy : EmotionType.Distress, magnitude);
        }

        // L = 0. The original tests ΔL > 0.5, which a fall to 0 never satisfies, so relief and
        // disappointment never arise; here they follow a standing prospect (0 < L_old < 1).
        if (hadProspect)
        {
            n = Emit(output, n, owner, u >= 0f ? EmotionType.Disappointment : EmotionType.Relief, magnitude);
        }

        return Emit(output, n, owner, u >= 0f ? EmotionType.Distress : EmotionType.Joy, magnitude);
    }

    private int Emit(Span<EmotionImpulse> output, int n, AgentId agent, EmotionType type, float x)
    {
        if (!(x > 0f))
        {
            return n;
        }

        if (!UseGain)
        {
            // As published: the raw intensity |U·ΔL| (at most 1, since |U| ≤ 1 and |ΔL| ≤ 1).
            output[n] = new EmotionImpulse(agent, type, Math.Min(1f, x));
            return n + 1;
        }

        // GAMYGDALA's gain: g·x / (g·x + 1), in [0, 1).
        var gx = _gain * x;
        output[n] = new EmotionImpulse(agent, type, gx / (gx + 1f));
        return n + 1;
    }
}
