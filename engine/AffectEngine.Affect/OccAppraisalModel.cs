using System;
using System.Collections.Generic;
using AffectEngine.Appraisal;

namespace AffectEngine.Affect;

/// <summary>
/// The default appraisal model: the OCC emotion types (Ortony, Clore &amp; Collins 1988) plus ALMA's
/// liking/disliking (Gebhard 2005), from an event's effects on goals, the actor's action judged by
/// standards, and an object judged by attitudes. Event descriptions follow GAMYGDALA's beliefs
/// (Popescu, Broekens &amp; van Someren 2014): likelihood, causal agent, affected goals with
/// congruence; desirability = congruence × utility. Every rule is written up in docs/models.md.
/// Writes raw impulses; thresholds and modulation are applied by the appraisal system.
/// </summary>
public sealed class OccAppraisalModel : IAppraisalModel, IAppraisalModelOptions
{
    /// <summary>Where the two OCC choices below are argued: the book's chapters on compounds and on prospects.</summary>
    public const string ChoicesCitation = "Ortony, Clore & Collins (1988), ch. 7 'Gratitude, Anger and Some Other Compound Emotions' (p. 146ff.: a compound's eliciting conditions are the conjunction of its constituents') and ch. 6 'Some Interrelationships Among Prospect-based Emotions' (p. 127ff.: relief and disappointment are reactions to the (dis)confirmation of a prospect, distinct from joy and distress about an event).";

    /// <summary>The citation of the emotion structure.</summary>
    public const string Citation = "Ortony, A., Clore, G. L., & Collins, A. (1988). The Cognitive Structure of Emotions. Cambridge University Press.";

    /// <summary>The citation of compound intensity (FAtiMA, Dias &amp; Paiva 2005).</summary>
    public const string CompoundCitation = "Dias, J., & Paiva, A. (2005). Feeling and Reasoning: A Computational Model for Emotional Characters. EPIA 2005, LNAI 3808; FAtiMA EmotionalState.GenerateCompoundEmotions: potential = ln(p1^2 + p2^2) on FAtiMA's 0-10 scale.";

    /// <summary>The name scenarios select it by.</summary>
    public const string ModelName = "occ";

    /// <summary>Events with up to this many goal effects keep their per-effect desirabilities on the stack.</summary>
    private const int StackEffects = 32;

    private float[] _scratch = [];

    /// <inheritdoc />
    public string Name => ModelName;

    /// <summary>
    /// Whether a compound (gratification, remorse, gratitude, anger) replaces its constituents
    /// (the attribution emotion and joy/distress about the same event) or accompanies them.
    /// Default <see cref="CompoundMode.Accompany"/>: OCC define a compound's eliciting conditions as
    /// the conjunction of its constituents', so both constituents' conditions still hold (FAtiMA,
    /// Dias &amp; Paiva 2005, adds the compound beside them).
    /// </summary>
    public CompoundMode Compounds { get; set; } = CompoundMode.Accompany;

    /// <summary>
    /// Whether a disconfirmed prospect (l = 0 after 0 &lt; l &lt; 1) also gives joy (undesired outcome
    /// averted) or distress (desired outcome lost) beside relief/disappointment. Default false: OCC
    /// treat relief and disappointment as the reactions to a disconfirmation, while joy and distress
    /// are about an event that happened; GAMYGDALA adds them (the non-occurrence of an undesirable
    /// event is itself desirable).
    /// </summary>
    public bool DisconfirmationWellBeing { get; set; }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> Options =>
    [
        new("compounds", Compounds == CompoundMode.Replace ? "replace" : "accompany"),
        new("disconfirmation", DisconfirmationWellBeing ? "with-well-being" : "prospect-only"),
    ];

    /// <inheritdoc />
    public string? SetOption(string name, string value)
    {
        switch (name)
        {
            case "compounds" when value is "accompany" or "replace":
                Compounds = value == "replace" ? CompoundMode.Replace : CompoundMode.Accompany;
                return null;
            case "compounds":
                return $"expected \"accompany\" or \"replace\", found \"{value}\"";
            case "disconfirmation" when value is "prospect-only" or "with-well-being":
                DisconfirmationWellBeing = value == "with-well-being";
                return null;
            case "disconfirmation":
                return $"expected \"prospect-only\" or \"with-well-being\", found \"{value}\"";
            default:
                return $"expected an option of occ (compounds, disconfirmation), found '{name}'";
        }
    }

    /// <inheritdoc />
    public int MaxImpulses(AppraisalEvent appraisalEvent, int perceiverCount)
    {
        if (appraisalEvent is null)
        {
            throw new ArgumentNullException(nameof(appraisalEvent));
        }

        // Per perceiver: up to two per goal effect (well-being or prospect plus confirmation, or
        // disconfirmation plus its well-being, or a fortune-of-others emotion), one attribution, one
        // compound, one attraction emotion.
        return perceiverCount * ((2 * appraisalEvent.Effects.Length) + 3);
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

        // The engine's own store is read directly (no view per lookup); any other state through its views.
        // Both go through the same generic code, specialised by the JIT per state kind.
        if (state is AppraisalStore store)
        {
            var direct = new StoreAccess(store);
            return AppraiseCore(appraisalEvent, perceivers, ref direct, output);
        }

        var viewed = new ViewAccess(state);
        return AppraiseCore(appraisalEvent, perceivers, ref viewed, output);
    }

    /// <summary>The model over any state access; the Appraise stage calls it directly with the engine's store.</summary>
    internal int AppraiseCore<TState>(AppraisalEvent e, ReadOnlySpan<AgentId> perceivers, ref TState state, Span<EmotionImpulse> output)
        where TState : struct, IOccState
    {
        var effects = e.Effects;

        // Desirability for a goal's owner depends on the effect alone, not on who perceives it, so it is
        // looked up once per effect instead of once per (perceiver, effect): one goal scan per effect.
        var desirability = effects.Length <= StackEffects ? stackalloc float[effects.Length] : Scratch(effects.Length);
        for (var k = 0; k < effects.Length; k++)
        {
            var fx = effects[k];

            // Desirability for the goal's owner: congruence × utility (GAMYGDALA's desirability
            // with the belief's own likelihood kept apart, as OCC keeps likelihood a separate
            // variable of the prospect-based emotions). NaN marks a goal the owner does not hold
            // (congruence and utility are range-checked, so a real desirability is never NaN).
            desirability[k] = state.TryGetUtility(fx.Owner, fx.Goal, out var utility) ? fx.Congruence.Value * utility : float.NaN;
        }

        var n = 0;
        foreach (var p in perceivers)
        {
            var wellBeing = 0f;
            var first = n;
            for (var k = 0; k < effects.Length; k++)
            {
                var d = desirability[k];
                if (float.IsNaN(d))
                {
                    continue;
                }

                ref readonly var fx = ref effects[k];
                var l = fx.Likelihood.Value;
                if (fx.Owner == p)
                {
                    n = AppraiseOwnGoal(e, p, in fx, d, l, ref state, output, n, ref wellBeing, DisconfirmationWellBeing);
                }
                else if (d != 0f && l > 0f && state.TryGetLiking(p, fx.Owner, out var like) && like != 0f)
                {
                    // Fortunes of others (OCC): desirability for the other × how much I (dis)like them,
                    // weighted by how likely the event is.
                    var type = d > 0f
                        ? (like > 0f ? EmotionType.HappyFor : EmotionType.Resentment)
                        : (like > 0f ? EmotionType.Pity : EmotionType.Gloating);
                    n = Emit(output, n, p, type, Math.Abs(d) * l * Math.Abs(like));
                }
            }

            if (!e.Actor.IsNone && !e.Action.IsNone && state.TryGetStandard(p, e.Action, out var w) && w != 0f)
            {
                // Attribution (OCC): my own action → pride/shame; another's → admiration/reproach.
                var self = e.Actor == p;
                var attribution = Math.Abs(w);
                var type = self
                    ? (w > 0f ? EmotionType.Pride : EmotionType.Shame)
                    : (w > 0f ? EmotionType.Admiration : EmotionType.Reproach);
                n = Emit(output, n, p, type, attribution);

                // Compounds (OCC): attribution together with well-being about the same event.
                wellBeing = Math.Max(-1f, Math.Min(1f, wellBeing));
                if ((w > 0f && wellBeing > 0f) || (w < 0f && wellBeing < 0f))
                {
                    var compound = w > 0f
                        ? (self ? EmotionType.Gratification : EmotionType.Gratitude)
                        : (self ? EmotionType.Remorse : EmotionType.Anger);
                    var before = n;
                    n = Emit(output, n, p, compound, CompoundIntensity(attribution, Math.Abs(wellBeing)));
                    if (Compounds == CompoundMode.Replace && n > before)
                    {
                        n = DropConstituents(output, first, n, type, w > 0f ? EmotionType.Joy : EmotionType.Distress);
                    }
                }
            }

            if (!e.Object.IsNone)
            {
                // Attraction: a standing attitude toward a familiar object gives love/hate (OCC's
                // attraction emotions, familiarity raising intensity); an object's momentary appeal
                // given by the event gives ALMA's liking/disliking (Gebhard 2005).
                if (state.TryGetAttitude(p, e.Object, out var a) && a != 0f)
                {
                    n = Emit(output, n, p, a > 0f ? EmotionType.Love : EmotionType.Hate, Math.Abs(a));
                }
                else if (e.HasAppealingness && e.Appealingness.Value != 0f)
                {
                    var v = e.Appealingness.Value;
                    n = Emit(output, n, p, v > 0f ? EmotionType.Liking : EmotionType.Disliking, Math.Abs(v));
                }
            }
        }

        return n;
    }

    /// <summary>
    /// FAtiMA's compound potential ln(p1² + p2²) on its 0–10 scale, mapped to [0, 1]:
    /// ln((10a)² + (10b)²) / 10, clamped (Dias &amp; Paiva 2005).
    /// </summary>
    public static float CompoundIntensity(float a, float b)
    {
        var x = (100f * a * a) + (100f * b * b);
        if (x <= 1f)
        {
            return 0f;
        }

        return Math.Min(1f, (float)Math.Log(x) / 10f);
    }

    /// <inheritdoc />
    public void Describe(IModelDescriber describer)
    {
        if (describer is null)
        {
            throw new ArgumentNullException(nameof(describer));
        }

        describer.Constant("compound.scale", 10, CompoundCitation);
    }

    // Removes this perceiver's attribution and same-valence well-being impulses of the event (they start
    // at index first), keeping the compound just written; order of the rest is kept.
    private static int DropConstituents(Span<EmotionImpulse> output, int first, int n, EmotionType attribution, EmotionType wellBeing)
    {
        var w = first;
        for (var i = first; i < n; i++)
        {
            var t = output[i].Type;
            if (i < n - 1 && (t == attribution || t == wellBeing))
            {
                continue;
            }

            output[w++] = output[i];
        }

        return w;
    }

    private static int AppraiseOwnGoal<TState>(AppraisalEvent e, AgentId p, in GoalEffect fx, float d, float l, ref TState state, Span<EmotionImpulse> output, int n, ref float wellBeing, bool disconfirmationWellBeing)
        where TState : struct, IOccState
    {
        float priorL = 0f, priorD = 0f;
        var hadProspect = false;
        if (!e.Belief.IsNone)
        {
            // Remembers the prospect while it is open (0 < l < 1) and forgets it once it resolves.
            var existed = state.UpdateBelief(p, e.Belief, fx.Goal, l, d, out priorL, out priorD);
            hadProspect = existed && priorL > 0f && priorL < 1f;
        }

        if (l >= 1f)
        {
            // Well-being (OCC): the event happened.
            if (d != 0f)
            {
                n = Emit(output, n, p, d > 0f ? EmotionType.Joy : EmotionType.Distress, Math.Abs(d));
                wellBeing += d;
            }

            if (hadProspect && priorD != 0f)
            {
                // Confirmation of a prospect (OCC): its intensity is that of the attendant hope or fear.
                n = Emit(output, n, p, priorD > 0f ? EmotionType.Satisfaction : EmotionType.FearsConfirmed, Math.Abs(priorD) * priorL);
            }
        }
        else if (l <= 0f)
        {
            // Disconfirmation (OCC): the prospect did not come about. Without a prior prospect a
            // non-event means nothing to the agent.
            if (hadProspect && priorD != 0f)
            {
                n = Emit(output, n, p, priorD > 0f ? EmotionType.Disappointment : EmotionType.Relief, Math.Abs(priorD) * priorL);
                if (disconfirmationWellBeing)
                {
                    // GAMYGDALA's reading: the desired outcome is lost (distress) or the feared one
                    // averted (joy), with the prospect's intensity.
                    n = Emit(output, n, p, priorD > 0f ? EmotionType.Distress : EmotionType.Joy, Math.Abs(priorD) * priorL);
                }
            }
        }
        else if (d != 0f)
        {
            // Prospect (OCC): intensity grows with desirability and likelihood.
            n = Emit(output, n, p, d > 0f ? EmotionType.Hope : EmotionType.Fear, Math.Abs(d) * l);
        }

        return n;
    }

    /// <summary>Per-effect desirabilities of an event larger than <see cref="StackEffects"/>; grows only when a larger event arrives.</summary>
    private Span<float> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new float[length];
        }

        return _scratch.AsSpan(0, length);
    }

    private static int Emit(Span<EmotionImpulse> output, int n, AgentId agent, EmotionType type, float intensity)
    {
        if (intensity <= 0f)
        {
            return n;
        }

        output[n] = new EmotionImpulse(agent, type, Math.Min(1f, intensity));
        return n + 1;
    }
}

/// <summary>How the OCC model's compound emotions relate to their constituents (<see cref="OccAppraisalModel.Compounds"/>).</summary>
public enum CompoundMode
{
    /// <summary>The compound arises beside the attribution emotion and joy/distress (default; FAtiMA).</summary>
    Accompany = 0,

    /// <summary>The compound replaces the attribution emotion and the same-valence joy/distress of that event.</summary>
    Replace = 1,
}
