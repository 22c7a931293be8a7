using System;
using AffectEngine.Appraisal;
using AffectEngine.Core;

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
    private AgentId[] _perceivers = new AgentId[16];
    private EmotionImpulse[] _impulses = new EmotionImpulse[64];
    private EmotionImpulse[] _felt = new EmotionImpulse[64];

    public AppraisalSystem(World world, AffectFields fields, AppraisalStore store, IAppraisalModel model, AppraisalSettings settings)
    {
        _world = world;
        _fields = fields;
        _store = store;
        _model = model;
        _settings = settings;
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
            if (inputs[i] is AppraisalEvent e)
            {
                AppraiseOne(e);
            }
        }
    }

    private void AppraiseOne(AppraisalEvent e)
    {
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

        Array.Copy(_perceivers, i, _perceivers, i + 1, count - i);
        _perceivers[i] = agent;
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
