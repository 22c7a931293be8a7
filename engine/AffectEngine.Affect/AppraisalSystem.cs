using System;
using AffectEngine.Appraisal;
using AffectEngine.Core;

namespace AffectEngine.Affect;

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
        }

        var n = _model.Appraise(e, new ReadOnlySpan<AgentId>(_perceivers, 0, count), _store, _impulses);
        GoalEffectsAppraised += e.Effects.Length;
        for (var i = 0; i < n; i++)
        {
            Apply(_impulses[i]);
        }
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

    private void Apply(in EmotionImpulse impulse)
    {
        var agent = impulse.Agent;
        if (!_world.IsAlive(agent) || (uint)impulse.Type >= Emotions.Count)
        {
            return;
        }

        var x = impulse.Intensity;
        if (!(x > 0f))
        {
            return;
        }

        // Personality: traits 2 (E) and 4 (N) of the OCEAN field; mood pleasure from the mood field.
        var e = _world.Value(agent, _fields.Personality, 2);
        var n = _world.Value(agent, _fields.Personality, 4);
        var moodP = _world.Value(agent, _fields.Mood, 0);
        var add = _settings.Modulate(impulse.Type, Math.Min(1f, x), e, n, moodP);
        if (add > 0f)
        {
            ref var i = ref _world.Value(agent, _fields.Emotion, (int)impulse.Type);
            i = AffectModule.Combine(i, add);
        }
    }
}
