using System;
using System.Collections.Generic;

namespace AffectEngine.Affect;

/// <summary>How an emotion type's intensity falls off when nothing renews it.</summary>
public enum DecayKind
{
    /// <summary>I(t+Δt) = max(0, I − Δt / duration): ALMA's configuration (reaches zero after <see cref="DecaySetting.Seconds"/>).</summary>
    Linear = 0,

    /// <summary>I(t+Δt) = I · 0.5^(Δt / half-life).</summary>
    Exponential = 1,
}

/// <summary>Decay of one emotion type.</summary>
/// <param name="Kind">Linear or exponential.</param>
/// <param name="Seconds">Linear: time from 1 to 0. Exponential: half-life.</param>
public readonly record struct DecaySetting(DecayKind Kind, double Seconds);

/// <summary>When the facial action units of the expression output are computed.</summary>
public enum ActionUnitOutput
{
    /// <summary>
    /// Every tick, for every agent, into the <c>express.au.*</c> hot fields (in the state hash, records and snapshots).
    /// The default before record format 3.
    /// </summary>
    PerTick = 0,

    /// <summary>
    /// Only when read (<see cref="Expression.ActionUnit"/>, <see cref="Expression.CopyActionUnits"/>, the C ABI, the
    /// visualizer, exports): the world has no <c>express.au.*</c> fields, so hashes, records and snapshots hold none.
    /// The values read are the same bits the per-tick pass would have stored (a pure function of the agent's emotions
    /// and the expression table). The default: no system of the tick reads them, and a host reads the few faces it
    /// shows (docs/adr/0008-expression-output-per-tick.md).
    /// </summary>
    OnRead = 1,
}

/// <summary>Parameters of emotion dynamics and ALMA mood, in simulated seconds.</summary>
public sealed class AffectSettings
{
    /// <summary>
    /// ALMA's default: emotions decay linearly to zero over 20 s (Gebhard 2005, ALMA configuration;
    /// pinned; docs/models.md section 4).
    /// </summary>
    public const double AlmaEmotionDecaySeconds = 20;

    /// <summary>A full mood change takes 10 minutes (Gebhard 2005; pinned).</summary>
    public const double AlmaMoodChangeSeconds = 600;

    /// <summary>Return to the default mood takes 20 minutes (Gebhard 2005; pinned: the paper's prose and configuration differ).</summary>
    public const double AlmaMoodReturnSeconds = 1200;

    private readonly DecaySetting[] _decay = new DecaySetting[Emotions.Count];

    // Which types a host or scenario set on purpose: an appraisal model's published decay
    // (GAMYGDALA's 0.8 per second) replaces only the defaults, never a choice (ForModel).
    private readonly bool[] _decaySet = new bool[Emotions.Count];
    private float _neuroticismDecaySlowing = DefaultNeuroticismDecaySlowing;
    private bool _neuroticismDecaySlowingSet;

    /// <summary>ALMA defaults for every type.</summary>
    public AffectSettings()
    {
        for (var i = 0; i < _decay.Length; i++)
        {
            _decay[i] = new DecaySetting(DecayKind.Linear, AlmaEmotionDecaySeconds);
        }
    }

    /// <summary>Time for the mood to cross from the origin to an octant corner (distance √3) at full strength.</summary>
    public double MoodChangeSeconds { get; set; } = AlmaMoodChangeSeconds;

    /// <summary>Time for the mood to return from an octant corner to the default mood with no active emotion.</summary>
    public double MoodReturnSeconds { get; set; } = AlmaMoodReturnSeconds;

    /// <summary>The project's slowing of negative-emotion decay by neuroticism (direction: Suls &amp; Martin 2005).</summary>
    public const float DefaultNeuroticismDecaySlowing = 0.5f;

    /// <summary>Citation of the neuroticism decay rule.</summary>
    public const string DecayCitation = "Suls, J., & Martin, R. (2005). The daily life of the garden-variety neurotic: reactivity, stressor exposure, mood spillover, and maladaptive coping. Journal of Personality 73(6), 1485-1510 (negative affect lingers with neuroticism); FAtiMA makes decay rates per-character parameters (Dias & Paiva 2005). Magnitude: project's choice.";

    /// <summary>
    /// Negative-valence emotions of an agent with neuroticism N decay at rate × (1 − k·N), so they
    /// linger for high N (set per agent by <see cref="AffectModule.SetPersonality"/>). 0 turns it off.
    /// </summary>
    public float NeuroticismDecaySlowing
    {
        get => _neuroticismDecaySlowing;
        set
        {
            _neuroticismDecaySlowing = value;
            _neuroticismDecaySlowingSet = true;
        }
    }

    /// <summary>The expression data (EMFACS prototypes and the OCC → expression mapping).</summary>
    public ExpressionTable Expression { get; set; } = ExpressionTable.Emfacs();

    /// <summary>Which affect changes are reported as engine events (off by default).</summary>
    public EventSettings Events { get; set; } = new();

    /// <summary>When the action units are computed: only when read (default) or every tick.</summary>
    public ActionUnitOutput ActionUnits { get; set; } = ActionUnitOutput.OnRead;

    /// <summary>The decay of one type.</summary>
    public DecaySetting Decay(EmotionType type) => _decay[(int)type];

    /// <summary>Sets the decay of one type.</summary>
    public AffectSettings SetDecay(EmotionType type, DecaySetting setting)
    {
        if (!(setting.Seconds > 0) || double.IsInfinity(setting.Seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(setting), setting.Seconds, $"Decay seconds of '{type.Name()}' must be a positive finite number.");
        }

        _decay[(int)type] = setting;
        _decaySet[(int)type] = true;
        return this;
    }

    /// <summary>True when <see cref="SetDecay"/> chose this type's decay (it is not the ALMA default).</summary>
    public bool IsDecaySet(EmotionType type) => _decaySet[(int)type];

    /// <summary>
    /// The settings to run with an appraisal model: a fresh copy on which <paramref name="modelDefaults"/>
    /// (the model's published dynamics, e.g. GAMYGDALA's exponential decay) is applied first, then every
    /// decay and neuroticism slowing this instance set explicitly, so a host's or scenario's choice wins.
    /// </summary>
    public AffectSettings ForModel(Action<AffectSettings>? modelDefaults)
    {
        var c = new AffectSettings();
        modelDefaults?.Invoke(c);
        Array.Clear(c._decaySet, 0, c._decaySet.Length);
        c._neuroticismDecaySlowingSet = false;
        for (var i = 0; i < _decay.Length; i++)
        {
            if (_decaySet[i])
            {
                c._decay[i] = _decay[i];
                c._decaySet[i] = true;
            }
        }

        if (_neuroticismDecaySlowingSet)
        {
            c.NeuroticismDecaySlowing = _neuroticismDecaySlowing;
        }

        c.MoodChangeSeconds = MoodChangeSeconds;
        c.MoodReturnSeconds = MoodReturnSeconds;
        c.Expression = Expression;
        c.ActionUnits = ActionUnits;

        // Which changes become engine events is the host's choice, never a model's default.
        c.Events = Events;
        return c;
    }

    /// <summary>Sets the decay of every type.</summary>
    public AffectSettings SetDecayAll(DecaySetting setting)
    {
        for (var i = 0; i < Emotions.Count; i++)
        {
            SetDecay((EmotionType)i, setting);
        }

        return this;
    }

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        p.Positive(MoodChangeSeconds, nameof(MoodChangeSeconds));
        p.Positive(MoodReturnSeconds, nameof(MoodReturnSeconds));
        p.Set(Expression, nameof(Expression));
        p.Set(Events, nameof(Events));
        p.Require(ActionUnits is ActionUnitOutput.PerTick or ActionUnitOutput.OnRead, $"ActionUnits must be PerTick or OnRead; got {(int)ActionUnits}.");
        p.Require(NeuroticismDecaySlowing >= 0f && NeuroticismDecaySlowing < 1f, $"NeuroticismDecaySlowing must be in [0, 1); got {NeuroticismDecaySlowing}.");
        return p.List;
    }
}
