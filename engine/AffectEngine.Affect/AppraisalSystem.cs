using System;
#if NET
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
#endif
using AffectEngine.Appraisal;
using AffectEngine.Core;
using AffectEngine.Perception;

namespace AffectEngine.Affect;

/// <summary>
/// Sees appraisal from outside the affect model (the social layer): weights each impulse before it is
/// felt (memory of similar events) and receives what each event made each perceiver feel (episodes,
/// relation updates). Called on the tick thread, in canonical event order; must not allocate per call.
/// </summary>
public interface IAppraisalObserver
{
    /// <summary>A multiplier (≥ 0) for the raw impulse of <paramref name="type"/> that <paramref name="perceiver"/> is about to feel from <paramref name="appraisalEvent"/>.</summary>
    float Weight(AppraisalEvent appraisalEvent, AgentId perceiver, EmotionType type);

    /// <summary>What the event made each perceiver feel, after modulation (only impulses above threshold), in the model's order.</summary>
    void Appraised(AppraisalEvent appraisalEvent, ReadOnlySpan<EmotionImpulse> felt);
}

/// <summary>
/// The Appraise stage: for each <see cref="AppraisalEvent"/> of this tick's batch (in canonical
/// order) it gathers the perceivers (actor, targets, witnesses, goal owners; live, sorted,
/// distinct), asks the model for impulses, modulates them and folds them into the emotion
/// intensities with <see cref="AffectModule.Combine"/>. Runs on the tick thread; buffers grow only
/// when an event larger than any before arrives.
/// </summary>
internal sealed class AppraisalSystem : IWorldSystem
{
    private readonly World _world;
    private readonly AffectFields _fields;
    private readonly AppraisalStore _store;
    private readonly IAppraisalModel _model;
    private readonly AppraisalSettings _settings;
    private readonly PerceptionAttention _attention;
    private readonly PerceiveSystem _perceived;
    private AgentId[] _perceivers = new AgentId[16];
    private EmotionImpulse[] _impulses = new EmotionImpulse[64];
    private EmotionImpulse[] _felt = new EmotionImpulse[64];

    // The OCC model when it is the one in use (the unsorted perceiver path below is written for it).
    private readonly OccAppraisalModel? _occ;

    // Per slot, the number of the last event that listed the agent as a perceiver: duplicates are
    // dropped in O(1) without sorting the perceivers.
    private int[] _seen = new int[64];
    private int _eventStamp;

    // The liking-filter bits of the current event's owners (see AppraiseOcc).
    private ulong[] _ownerBits = new ulong[8];

    // Float offsets, within an agent's block, of the lines Apply reads and writes for a goal owner:
    // traits E and N, mood P, and the prospect and well-being intensities (Joy .. Disappointment).
    private readonly int[] _ownerLines;

    public AppraisalSystem(World world, AffectFields fields, AppraisalStore store, IAppraisalModel model, AppraisalSettings settings, PerceptionAttention attention, PerceiveSystem perceived)
    {
        _attention = attention;
        _perceived = perceived;
        _world = world;
        _fields = fields;
        _store = store;
        _model = model;
        _settings = settings;
        _occ = model as OccAppraisalModel;
        _ownerLines =
        [
            fields.Personality.ComponentOffset(2), fields.Personality.ComponentOffset(4), fields.Mood.Offset,
            fields.Emotion.ComponentOffset((int)EmotionType.Joy), fields.Emotion.ComponentOffset((int)EmotionType.Hope),
            fields.Emotion.ComponentOffset((int)EmotionType.Satisfaction), fields.Emotion.ComponentOffset((int)EmotionType.Relief),
        ];
    }

    public string Name => "affect.appraise";

    public TickStage Stage => TickStage.Appraise;

    /// <summary>Goal effects appraised so far (for throughput measurements).</summary>
    public long GoalEffectsAppraised { get; private set; }

    /// <summary>The observer (memory bias before, episodes and relations after), or null.</summary>
    public IAppraisalObserver? Observer { get; set; }

    public void Execute(in TickContext context)
    {
        var inputs = _world.Inputs.Current;
        for (var i = 0; i < inputs.Length; i++)
        {
#if NET
            if (Sse.IsSupported)
            {
                PrefetchAhead(inputs, i);
            }
#endif

            if (inputs[i] is AppraisalEvent e)
            {
                AppraiseOne(e, AgentId.None, 0f);
            }
            else if (inputs[i] is MoveInput m)
            {
                AppraiseOne(m.Event, m.Event.Actor, _perceived.CongruenceOf(m.Person));
            }
            else if (inputs[i] is PerceptInput p)
            {
                ReactTo(p, context.StepSeconds);
            }
        }
    }

#if NET
    /// <summary>
    /// Under a peer load each event touches a few agents' rows scattered over memory, and the stage
    /// was mostly waiting for them. While event i is appraised this asks the cache for what the next
    /// ones need, one level of indirection per event ahead: event i+3's object, event i+2's effect and
    /// witness arrays, and event i+1's goal owners' goal and belief rows and agent-block lines. Hints
    /// only: no value is read for a decision, so results and hashes are those of the plain loop.
    /// </summary>
    private unsafe void PrefetchAhead(ReadOnlySpan<TickInput> inputs, int i)
    {
        if (i + 3 < inputs.Length && inputs[i + 3] is AppraisalEvent e3)
        {
            var o = AddressOf(e3);
            Sse.Prefetch0(o);
            Sse.Prefetch0(o + 64);
        }

        if (i + 2 < inputs.Length && inputs[i + 2] is AppraisalEvent e2)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref MemoryMarshal.GetReference(e2.Effects)));
            Sse.Prefetch0(Unsafe.AsPointer(ref MemoryMarshal.GetReference(e2.Witnesses)));
        }

        if (i + 1 < inputs.Length && inputs[i + 1] is AppraisalEvent e1)
        {
            foreach (ref readonly var fx in e1.Effects)
            {
                var owner = fx.Owner;
                if (!_world.IsAlive(owner))
                {
                    continue;
                }

                _store.PrefetchOwner(owner);

                // Agent blocks live in pinned storage, so the address stays valid.
                var block = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(_world.Block(owner.Slot >> 3)));
                foreach (var line in _ownerLines)
                {
                    Sse.Prefetch0(block + line);
                }
            }
        }
    }

    // An object's address for a cache hint: any object viewed as a box whose one field is its first
    // data byte. A hint needs no pinning: if the GC moves the object meanwhile, it is merely wasted.
    private static unsafe byte* AddressOf(object o) => (byte*)Unsafe.AsPointer(ref Unsafe.As<StrongBox<byte>>(o).Value);
#endif

    /// <summary>Appraises an event produced during the tick (an agent's action), as an input event of this tick would be.</summary>
    public void AppraiseDerived(AppraisalEvent e) => AppraiseOne(e, AgentId.None, 0f);

    /// <summary>
    /// Attending agents react to a perceived person's fused emotion (fortunes-of-others or reproach).
    /// A steady drive scaled by the step, applied without the event thresholds: percepts arrive every
    /// tick, so a per-event threshold would silence them (docs/perception.md).
    /// </summary>
    private void ReactTo(PerceptInput p, double stepSeconds)
    {
        var attenders = _attention.AttendersOf(p.Person);
        if (attenders.IsEmpty)
        {
            return;
        }

        var personAgent = _attention.AgentOf(p.Person);
        var reading = _attention.ReadingOf(p.Person);
        foreach (var a in attenders)
        {
            if (a == personAgent || !_world.IsAlive(a))
            {
                continue;
            }

            var liking = 0f;
            if (!personAgent.IsNone)
            {
                _store.View(a).TryGetLiking(personAgent, out liking);
            }

            if (!PerceivedPersonRules.TryReaction(reading, p.Category, liking, out var type))
            {
                continue;
            }

            var x = PerceivedPersonRules.ReactionImpulse(reading, p, liking, stepSeconds);
            if (x > 0f)
            {
                ref var v = ref _world.Value(a, _fields.Emotion, (int)type);
                v = AffectModule.Combine(v, x);
            }
        }
    }

    private void AppraiseOne(AppraisalEvent e, AgentId actor, float kappa)
    {
        if (_occ is not null && Observer is null)
        {
            AppraiseOcc(_occ, e, actor, kappa);
            return;
        }

        var count = 0;
        count = AddPerceiver(e.Actor, count);
        foreach (var a in e.Targets)
        {
            count = AddPerceiver(a, count);
        }

        foreach (var a in e.Witnesses)
        {
            count = AddPerceiver(a, count);
        }

        foreach (var fx in e.Effects)
        {
            count = AddPerceiver(fx.Owner, count);
        }

        var need = _model.MaxImpulses(e, count);
        if (need > _impulses.Length)
        {
            _impulses = new EmotionImpulse[Math.Max(need, _impulses.Length * 2)];
            _felt = new EmotionImpulse[_impulses.Length];
        }

        var n = _model.Appraise(e, new ReadOnlySpan<AgentId>(_perceivers, 0, count), _store, _impulses);
        GoalEffectsAppraised += e.Effects.Length;
        var observer = Observer;
        var felt = 0;
        for (var i = 0; i < n; i++)
        {
            var impulse = _impulses[i];
            if (kappa != 0f && impulse.Agent != actor)
            {
                // Expression congruence: the actor's recognized face colours how others take the move.
                var scaled = impulse.Intensity * PerceivedPersonRules.CongruenceFactor(impulse.Type, kappa);
                impulse = new EmotionImpulse(impulse.Agent, impulse.Type, Math.Max(0f, Math.Min(1f, scaled)));
            }

            if (observer is not null && impulse.Intensity > 0f)
            {
                var w = observer.Weight(e, impulse.Agent, impulse.Type);
                impulse = new EmotionImpulse(impulse.Agent, impulse.Type, Math.Min(1f, impulse.Intensity * (w >= 0f ? w : 0f)));
            }

            var add = Apply(impulse);
            if (add > 0f)
            {
                _felt[felt++] = new EmotionImpulse(impulse.Agent, impulse.Type, add);
            }
        }

        observer?.Appraised(e, new ReadOnlySpan<EmotionImpulse>(_felt, 0, felt));
    }

    /// <summary>
    /// The OCC model with the engine's store and no observer: the same impulses, applied to each agent in
    /// the same order, with less work per event. Why the result is identical: an agent's emotions, mood
    /// and beliefs change only through its own impulses and its own belief updates, and every value the
    /// model reads for one perceiver (utilities, likings, standards, attitudes, E, N, mood) is the same
    /// whichever perceiver goes first; so only the order of each agent's own impulses matters, and that
    /// is the model's order for the perceiver within an event, events in tick order, as before. Without
    /// an observer nothing sees the order across perceivers, so they are not sorted, and a perceiver who
    /// would surely feel nothing is not passed at one: a bystander who owns none of the goals, can hold
    /// no standard about the action, sees no object and (by the liking filter) likes none of the owners.
    /// </summary>
    private void AppraiseOcc(OccAppraisalModel occ, AppraisalEvent e, AgentId actor, float kappa)
    {
        var effects = e.Effects;
        if (++_eventStamp == int.MaxValue)
        {
            Array.Clear(_seen, 0, _seen.Length);
            _eventStamp = 1;
        }

        var count = 0;
        foreach (ref readonly var fx in effects)
        {
            count = AddDistinct(fx.Owner, count);
        }

        // Everyone is appraised when anyone may judge the action or see an object; otherwise only a
        // bystander whose liking filter holds an owner of an effect that may happen (a superset of the
        // model's own test, from one filter word per bystander). A liking source outside the store
        // (the social layer) can answer for any pair, so then every bystander is appraised too.
        var everyone = !e.Object.IsNone || (_store.AnyStandards && !e.Actor.IsNone && !e.Action.IsNone) || _store.LikingSource is not null;
        if (_ownerBits.Length < effects.Length)
        {
            _ownerBits = new ulong[Math.Max(effects.Length, _ownerBits.Length * 2)];
        }

        var ownerCount = 0;
        if (!everyone)
        {
            foreach (ref readonly var fx in effects)
            {
                if (fx.Likelihood.Value > 0f)
                {
                    _ownerBits[ownerCount++] = AppraisalStore.LikingBits(fx.Owner);
                }
            }
        }

        var liked = new ReadOnlySpan<ulong>(_ownerBits, 0, ownerCount);
        if (everyone || _store.MayLikeAny(e.Actor, liked))
        {
            count = AddDistinct(e.Actor, count);
        }

        foreach (var a in e.Targets)
        {
            if (everyone || _store.MayLikeAny(a, liked))
            {
                count = AddDistinct(a, count);
            }
        }

        foreach (var a in e.Witnesses)
        {
            if (everyone || _store.MayLikeAny(a, liked))
            {
                count = AddDistinct(a, count);
            }
        }

        var need = count * ((2 * effects.Length) + 3);
        if (need > _impulses.Length)
        {
            _impulses = new EmotionImpulse[Math.Max(need, _impulses.Length * 2)];
            _felt = new EmotionImpulse[_impulses.Length];
        }

        var state = new StoreAccess(_store);
        var n = occ.AppraiseCore(e, new ReadOnlySpan<AgentId>(_perceivers, 0, count), ref state, _impulses);
        GoalEffectsAppraised += effects.Length;
        for (var i = 0; i < n; i++)
        {
            var impulse = _impulses[i];
            if (kappa != 0f && impulse.Agent != actor)
            {
                var scaled = impulse.Intensity * PerceivedPersonRules.CongruenceFactor(impulse.Type, kappa);
                impulse = new EmotionImpulse(impulse.Agent, impulse.Type, Math.Max(0f, Math.Min(1f, scaled)));
            }

            Apply(impulse);
        }
    }

    /// <summary>Appends a live agent not yet listed for this event (see <see cref="_seen"/>).</summary>
    private int AddDistinct(AgentId agent, int count)
    {
        if (agent.IsNone || !_world.IsAlive(agent))
        {
            return count;
        }

        var slot = agent.Slot;
        if (slot >= _seen.Length)
        {
            Array.Resize(ref _seen, Math.Max(slot + 1, _seen.Length * 2));
        }

        if (_seen[slot] == _eventStamp)
        {
            return count;
        }

        _seen[slot] = _eventStamp;
        if (count == _perceivers.Length)
        {
            Array.Resize(ref _perceivers, count * 2);
        }

        _perceivers[count] = agent;
        return count + 1;
    }

    /// <summary>Inserts a live agent in sorted position, skipping duplicates (perceiver lists are short).</summary>
    private int AddPerceiver(AgentId agent, int count)
    {
        if (agent.IsNone || !_world.IsAlive(agent))
        {
            return count;
        }

        var i = count;
        while (i > 0 && _perceivers[i - 1].CompareTo(agent) > 0)
        {
            i--;
        }

        if (i > 0 && _perceivers[i - 1] == agent)
        {
            return count;
        }

        if (count == _perceivers.Length)
        {
            Array.Resize(ref _perceivers, count * 2);
        }

        // A plain loop: the lists are a handful long, where Array.Copy's call costs more than the move.
        var list = _perceivers;
        for (var j = count; j > i; j--)
        {
            list[j] = list[j - 1];
        }

        list[i] = agent;
        return count + 1;
    }

    /// <summary>Folds the impulse in after modulation; returns the modulated impulse (0 when below threshold).</summary>
    private float Apply(in EmotionImpulse impulse)
    {
        var agent = impulse.Agent;
        if (!_world.IsAlive(agent) || (uint)impulse.Type >= Emotions.Count)
        {
            return 0f;
        }

        var x = impulse.Intensity;
        if (!(x > 0f))
        {
            return 0f;
        }

        // One block holds all of the agent's fields: personality traits 2 (E) and 4 (N), mood P, intensities.
        var block = _world.Block(agent.Slot >> 3);
        var lane = agent.Slot & (AgentBlocks.LanesPerBlock - 1);
        var e = block[_fields.Personality.ComponentOffset(2) + lane];
        var n = block[_fields.Personality.ComponentOffset(4) + lane];
        var moodP = block[_fields.Mood.Offset + lane];
        var add = _settings.Modulate(impulse.Type, Math.Min(1f, x), e, n, moodP);
        if (add > 0f)
        {
            ref var i = ref block[_fields.Emotion.ComponentOffset((int)impulse.Type) + lane];
            i = AffectModule.Combine(i, add);
            return add;
        }

        return 0f;
    }
}
