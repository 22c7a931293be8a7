using System;

namespace AffectEngine.Appraisal;

/// <summary>
/// An event to appraise (input kind "event"): an action by an actor (or none), its targets and
/// witnesses, its effects on goals with congruence and likelihood, the belief it is evidence for
/// (so that later events update the same belief's likelihood), and optionally an object with its
/// appealingness. All values are range-checked when built; a bad one never reaches the tick.
/// </summary>
public sealed class AppraisalEvent : TickInput
{
    // Owned copies with their used lengths: a pooled event keeps its arrays and refills them.
    private GoalEffect[] _effects = [];
    private AgentId[] _targets = [];
    private AgentId[] _witnesses = [];
    private int _effectCount;
    private int _targetCount;
    private int _witnessCount;
    private float? _controllability;
    private bool _effectControllability;

    /// <summary>Creates an event. Throws <see cref="ArgumentException"/> naming the field and value when a goal effect has no owner or no goal.</summary>
    /// <param name="tick">The tick it applies at.</param>
    /// <param name="source">Who produced it (see <see cref="InputSources"/>).</param>
    /// <param name="sequence">Order among inputs of the same tick and source.</param>
    /// <param name="data">What the event says (see <see cref="AppraisalEventData"/>).</param>
    public AppraisalEvent(long tick, int source, long sequence, in AppraisalEventData data)
        : base(tick, source, sequence)
    {
        Check(data);
        Fill(data);
    }

    /// <summary>Creates an event from its parts, as <see cref="AppraisalEventData"/> names them (a shorthand for the constructor taking that struct).</summary>
    /// <param name="tick">The tick it applies at.</param>
    /// <param name="source">Who produced it (see <see cref="InputSources"/>).</param>
    /// <param name="sequence">Order among inputs of the same tick and source.</param>
    /// <param name="action">The action (none for a plain happening).</param>
    /// <param name="actor">The agent who caused it, or <see cref="AgentId.None"/>.</param>
    /// <param name="effects">Effects on agents' goals.</param>
    /// <param name="belief">The belief the event is evidence for, or none.</param>
    /// <param name="targets">Agents the action is done to.</param>
    /// <param name="witnesses">Other agents who perceive the event.</param>
    /// <param name="obj">An object the event presents, or none.</param>
    /// <param name="appealingness">The object's appealingness for perceivers who hold no attitude toward it.</param>
    public AppraisalEvent(
        long tick,
        int source,
        long sequence,
        ActionId action,
        AgentId actor,
        ReadOnlySpan<GoalEffect> effects,
        BeliefId belief = default,
        ReadOnlySpan<AgentId> targets = default,
        ReadOnlySpan<AgentId> witnesses = default,
        ObjectId obj = default,
        Appealingness? appealingness = null)
        : this(tick, source, sequence, new AppraisalEventData
        {
            Action = action,
            Actor = actor,
            Effects = effects,
            Belief = belief,
            Targets = targets,
            Witnesses = witnesses,
            Object = obj,
            Appealingness = appealingness,
        })
    {
    }

    /// <summary>
    /// Re-stamps and refills a pooled event (the appraisal module's event pool) after its previous tick
    /// is over and no queue or record can see it any more. Validation comes first, so a refused event
    /// leaves the instance as it was. Arrays grow only when a larger event than any before arrives.
    /// </summary>
    internal void Reuse(long tick, int source, long sequence, in AppraisalEventData data)
    {
        Check(data);
        Restamp(tick, source, sequence);
        Fill(data);
    }

    /// <summary>"event".</summary>
    public override string Kind => "event";

    /// <summary>The action.</summary>
    public ActionId Action { get; private set; }

    /// <summary>The agent who caused it, or none.</summary>
    public AgentId Actor { get; private set; }

    /// <summary>The belief it is evidence for, or none.</summary>
    public BeliefId Belief { get; private set; }

    /// <summary>The object presented, or none.</summary>
    public ObjectId Object { get; private set; }

    /// <summary>True when <see cref="Appealingness"/> was given.</summary>
    public bool HasAppealingness { get; private set; }

    /// <summary>The object's appealingness for perceivers without an attitude toward it.</summary>
    public Appealingness Appealingness { get; private set; }

    /// <summary>
    /// How far the agents it hurts can change its outcome, in [0, 1] (EMA's controllability, Marsella &amp;
    /// Gratch 2009), or null when the event does not say. An effect's own
    /// <see cref="GoalEffect.Controllability"/> takes precedence for that effect's owner.
    /// </summary>
    public float? Controllability
    {
        get => _controllability;
        init
        {
            CheckControllability(value, "controllability");
            _controllability = value;
        }
    }

    /// <summary>Effects on goals, in the order given.</summary>
    public ReadOnlySpan<GoalEffect> Effects => new(_effects, 0, _effectCount);

    /// <summary>Agents the action is done to.</summary>
    public ReadOnlySpan<AgentId> Targets => new(_targets, 0, _targetCount);

    /// <summary>Other agents who perceive it.</summary>
    public ReadOnlySpan<AgentId> Witnesses => new(_witnesses, 0, _witnessCount);

    /// <inheritdoc />
    public override void WritePayload(IStateWriter writer)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        writer.WriteInt32(Action.Value);
        WriteAgent(writer, Actor);
        writer.WriteInt32(Belief.Value);
        writer.WriteInt32(Object.Value);
        // Bit 1 flags the controllability extension at the end, so an event without any writes the bytes it always did.
        var extended = _controllability is not null || _effectControllability;
        writer.WriteInt32((HasAppealingness ? 1 : 0) | (extended ? 2 : 0));
        writer.WriteSingle(Appealingness.Value);
        writer.WriteInt32(_effectCount);
        foreach (var e in Effects)
        {
            WriteAgent(writer, e.Owner);
            writer.WriteInt32(e.Goal.Value);
            writer.WriteSingle(e.Congruence.Value);
            writer.WriteSingle(e.Likelihood.Value);
        }

        writer.WriteInt32(_targetCount);
        foreach (var a in Targets)
        {
            WriteAgent(writer, a);
        }

        writer.WriteInt32(_witnessCount);
        foreach (var a in Witnesses)
        {
            WriteAgent(writer, a);
        }

        if (extended)
        {
            // NaN stands for "not given": controllabilities are never NaN (checked).
            writer.WriteSingle(_controllability ?? float.NaN);
            foreach (var e in Effects)
            {
                writer.WriteSingle(e.Controllability ?? float.NaN);
            }
        }
    }

    /// <summary>
    /// Reads a payload written by <see cref="WritePayload"/> (replay). Counts are bounded by the bytes
    /// left, and values are range-checked again, so a damaged record gives a typed exception.
    /// </summary>
    public static AppraisalEvent ReadPayload(long tick, int source, long sequence, IStateReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        var action = new ActionId(reader.ReadInt32());
        var actor = ReadAgent(reader);
        var belief = new BeliefId(reader.ReadInt32());
        var obj = new ObjectId(reader.ReadInt32());
        var flags = reader.ReadInt32();
        if ((flags & ~3) != 0)
        {
            throw new FormatException($"event payload: flags {flags} are not known.");
        }

        var hasAppeal = (flags & 1) != 0;
        var appeal = reader.ReadSingle();
        var effects = new GoalEffect[ReadCount(reader, "affects")];
        for (var i = 0; i < effects.Length; i++)
        {
            var owner = ReadAgent(reader);
            var goal = new GoalId(reader.ReadInt32());
            effects[i] = new GoalEffect(owner, goal, new Congruence(reader.ReadSingle(), $"affects[{i}].congruence"), new Likelihood(reader.ReadSingle(), $"affects[{i}].likelihood"));
        }

        var targets = new AgentId[ReadCount(reader, "targets")];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = ReadAgent(reader);
        }

        var witnesses = new AgentId[ReadCount(reader, "witnesses")];
        for (var i = 0; i < witnesses.Length; i++)
        {
            witnesses[i] = ReadAgent(reader);
        }

        float? controllability = null;
        if ((flags & 2) != 0)
        {
            controllability = Given(reader.ReadSingle());
            for (var i = 0; i < effects.Length; i++)
            {
                effects[i] = effects[i] with { Controllability = Given(reader.ReadSingle()) };
            }
        }

        return new AppraisalEvent(tick, source, sequence, action, actor, effects, belief, targets, witnesses, obj, hasAppeal ? new Appealingness(appeal) : null)
        {
            Controllability = controllability,
        };
    }

    private static float? Given(float value) => float.IsNaN(value) ? null : value;

    private static void CheckControllability(float? value, string field)
    {
        if (value is { } c && !(c >= 0f && c <= 1f))
        {
            throw new ArgumentException($"{field} must be in [0, 1]; got {c}.", field);
        }
    }

    private static int ReadCount(IStateReader reader, string field)
    {
        var n = reader.ReadInt32();

        // A real event lists at most a few thousand agents; anything else is damage, refused before allocating.
        if (n < 0 || n > 65536)
        {
            throw new FormatException($"event payload: {field} count {n} is out of range.");
        }

        return n;
    }

    private static AgentId ReadAgent(IStateReader reader)
    {
        var slot = reader.ReadInt32();
        var generation = reader.ReadInt32();
        return new AgentId(slot, generation);
    }

    private static void WriteAgent(IStateWriter writer, AgentId agent)
    {
        writer.WriteInt32(agent.Slot);
        writer.WriteInt32(agent.Generation);
    }

    private static void Check(in AppraisalEventData data)
    {
        var effects = data.Effects;
        for (var i = 0; i < effects.Length; i++)
        {
            if (effects[i].Owner.IsNone)
            {
                throw new ArgumentException($"affects[{i}].owner must be an agent; got {effects[i].Owner}.", nameof(effects));
            }

            if (effects[i].Goal.IsNone)
            {
                throw new ArgumentException($"affects[{i}].goal must name a goal; got {effects[i].Goal.Value}.", nameof(effects));
            }

            // The field name is built only for a value out of range: an interpolated name per effect
            // was all that a pooled event still allocated (80 B per effect on every Enqueue).
            if (effects[i].Controllability is { } c && !(c >= 0f && c <= 1f))
            {
                CheckControllability(c, $"affects[{i}].controllability");
            }
        }

        CheckAgents(data.Targets, "targets");
        CheckAgents(data.Witnesses, "witnesses");
        if (data.Appealingness is { } appealingness && data.Object.IsNone)
        {
            throw new ArgumentException($"appealingness {appealingness.Value} is given without an object.", "appealingness");
        }
    }

    private static int CopyInto<T>(ReadOnlySpan<T> from, ref T[] to)
    {
        if (to.Length < from.Length)
        {
            to = new T[from.Length];
        }

        from.CopyTo(to);
        return from.Length;
    }

    private void Fill(in AppraisalEventData data)
    {
        Action = data.Action;
        Actor = data.Actor;
        Belief = data.Belief;
        Object = data.Object;
        HasAppealingness = data.Appealingness is not null;
        Appealingness = data.Appealingness ?? default;
        _effectCount = CopyInto(data.Effects, ref _effects);
        _targetCount = CopyInto(data.Targets, ref _targets);
        _witnessCount = CopyInto(data.Witnesses, ref _witnesses);
        _controllability = null;
        _effectControllability = false;
        foreach (var e in data.Effects)
        {
            _effectControllability |= e.Controllability is not null;
        }
    }

    private static void CheckAgents(ReadOnlySpan<AgentId> agents, string field)
    {
        for (var i = 0; i < agents.Length; i++)
        {
            if (agents[i].IsNone)
            {
                throw new ArgumentException($"{field}[{i}] must be an agent; got {agents[i]}.", field);
            }
        }
    }
}

/// <summary>
/// What an <see cref="AppraisalEvent"/> says, apart from its stamp (tick, source, sequence): the one
/// place its parts are named, for the constructor, <see cref="AppraisalEventPool.Rent"/> and the
/// appraisal module's <c>RentEvent</c>. Spans are copied when the event is built, so the caller's
/// buffers may be reused at once. Set the parts with an object initializer; unset parts are none/empty.
/// </summary>
public readonly ref struct AppraisalEventData
{
    /// <summary>The action (none for a plain happening).</summary>
    public ActionId Action { get; init; }

    /// <summary>The agent who caused it, or <see cref="AgentId.None"/>.</summary>
    public AgentId Actor { get; init; }

    /// <summary>Effects on agents' goals.</summary>
    public ReadOnlySpan<GoalEffect> Effects { get; init; }

    /// <summary>The belief the event is evidence for, or none.</summary>
    public BeliefId Belief { get; init; }

    /// <summary>Agents the action is done to.</summary>
    public ReadOnlySpan<AgentId> Targets { get; init; }

    /// <summary>Other agents who perceive the event.</summary>
    public ReadOnlySpan<AgentId> Witnesses { get; init; }

    /// <summary>An object the event presents, or none.</summary>
    public ObjectId Object { get; init; }

    /// <summary>The object's appealingness for perceivers who hold no attitude toward it (requires <see cref="Object"/>).</summary>
    public Appealingness? Appealingness { get; init; }
}
