using System;
using AffectEngine.Appraisal;
using AffectEngine.Core;

namespace AffectEngine.Behaviour;

/// <summary>
/// Appraise stage, after the input events: (1) notes, from this tick's input events, who provoked whom
/// (the actor of an event that hurts one of an agent's goals) and which goal was threatened, for
/// retaliation targets and coping; (2) appraises the actions chosen in the previous tick, in the order
/// they were chosen (agent-slot order), as events with actor, target and the agents within the action's
/// witness radius, so NPCs react to NPCs. Runs on the tick thread.
/// </summary>
internal sealed class ActionAppraisalSystem : IWorldSystem
{
    private readonly BehaviourModule _module;
    // Array-backed buffers handed to the module's event pool as spans (no per-action arrays).
    private readonly AgentId[] _target = new AgentId[1];
    private AgentId[] _witnesses = new AgentId[16];
    private GoalEffect[] _effects = new GoalEffect[4];
    private int _witnessCount;
    private int _effectCount;
    private FieldId _position;

    // Witness searches through the module's grid of the tick when it pays in a world worth indexing.
    private SpatialIndex? _index;
    private int[] _candidates = new int[64];
    private bool _indexed;

    public ActionAppraisalSystem(BehaviourModule module) => _module = module;

    /// <summary>Tests set it to collect witnesses by scanning every slot (the grid must give the same witnesses).</summary>
    internal bool ScanOnly { get; set; }

    /// <summary>True when this tick's witnesses were collected through the grid.</summary>
    internal bool Indexed => _indexed;

    public string Name => "behaviour.appraise-actions";

    public TickStage Stage => TickStage.Appraise;

    public void Execute(in TickContext context)
    {
        var world = _module.World;
        var inputs = world.Inputs.Current;
        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is AppraisalEvent e)
            {
                Note(world, e);
            }
        }

        var pending = _module.Pending;
        if (pending.Count == 0)
        {
            return;
        }

        if (_position == default)
        {
            _position = world.Field("position");
        }

        IndexWitnesses(world, pending, context.Tick);
        var appraisal = _module.Appraisal;
        for (var i = 0; i < pending.Count; i++)
        {
            var p = pending[i];
            if (!world.IsAlive(p.Actor))
            {
                continue;
            }

            var rule = _module.Settings.Actions[p.Action];
            var hasTarget = !p.Target.IsNone && world.IsAlive(p.Target);
            _effectCount = 0;
            for (var k = 0; k < rule.Effects.Count; k++)
            {
                var fx = rule.Effects[k];
                var owner = fx.Owner == EffectOwner.Actor ? p.Actor : (hasTarget ? p.Target : AgentId.None);
                var goal = _module.EffectGoal(p.Action, k);
                if (owner.IsNone || appraisal.View(owner).IndexOfGoal(goal) < 0)
                {
                    continue;
                }

                if (_effectCount == _effects.Length)
                {
                    Array.Resize(ref _effects, _effects.Length * 2);
                }

                _effects[_effectCount++] = new GoalEffect(owner, goal, new Congruence(fx.Congruence), new Likelihood(fx.Likelihood)) { Controllability = fx.Controllability };
            }

            CollectWitnesses(world, p.Actor, p.Target, rule.WitnessRadius);
            var belief = _effectCount > 0 ? _module.EffectBelief(p.Action) : default;
            _target[0] = p.Target;
            var e = appraisal.RentEvent(context.Tick, BehaviourModule.ActionEventSource, i, new AppraisalEventData
            {
                Action = _module.ActionIdOf(p.Action),
                Actor = p.Actor,
                Effects = new ReadOnlySpan<GoalEffect>(_effects, 0, _effectCount),
                Belief = belief,
                Targets = new ReadOnlySpan<AgentId>(_target, 0, hasTarget ? 1 : 0),
                Witnesses = new ReadOnlySpan<AgentId>(_witnesses, 0, _witnessCount),
            });
            appraisal.AppraiseNow(e);
            Note(world, e);
        }

        _module.ClearPending();
    }

    /// <summary>Owners of goals the event hurts were provoked by its actor (a scolding without consequences is not a provocation); the hurt goal is their current threat.</summary>
    private void Note(World world, AppraisalEvent e)
    {
        var actor = e.Actor;
        foreach (var fx in e.Effects)
        {
            if (fx.Congruence.Value < 0f && world.IsAlive(fx.Owner))
            {
                _module.ThreatGoal(fx.Owner.Slot) = fx.Goal.Value;
                _module.ThreatBelief(fx.Owner.Slot) = e.Belief.Value;

                // EMA appraises controllability per event (Marsella & Gratch 2009): the threat's own value, if
                // the belief or the event gives one, replaces the agent's disposition until the next threat.
                _module.SetThreatControllability(fx.Owner.Slot, fx.Controllability ?? e.Controllability ?? float.NaN);
                if (!actor.IsNone && actor != fx.Owner)
                {
                    _module.ProvokerSlot(fx.Owner.Slot) = actor;
                }
            }
        }
    }

    /// <summary>
    /// Takes the module's grid of the tick (built here over this tick's positions, last tick's moves applied,
    /// and reused by the Express pass) in a world of 256 slots or more when some pending action looks for
    /// witnesses and the pass will search through the grid anyway, or when two or more do (one build costs
    /// about one scan).
    /// </summary>
    private void IndexWitnesses(World world, System.Collections.Generic.List<PendingAction> pending, long tick)
    {
        _indexed = false;
        var grid = _module.Grid!;
        if (ScanOnly || world.SlotCount < 256 || !(grid.Cell > 0f))
        {
            return;
        }

        var wanting = 0;
        foreach (var p in pending)
        {
            var radius = _module.Settings.Actions[p.Action].WitnessRadius;
            if (radius > 0f && !float.IsInfinity(radius))
            {
                wanting++;
            }
        }

        if (wanting >= 2 || (wanting == 1 && _module.Pass!.WillIndex))
        {
            _index = grid.For(world, tick);
            _indexed = true;
        }
    }

    /// <summary>Live agents other than actor and target within <paramref name="radius"/> of the actor, in slot order (the grid's candidates or a scan).</summary>
    private void CollectWitnesses(World world, AgentId actor, AgentId target, float radius)
    {
        _witnessCount = 0;
        if (!(radius > 0f))
        {
            return;
        }

        var ax = world.Value(actor, _position, 0);
        var ay = world.Value(actor, _position, 1);
        var r2 = radius * radius;
        var count = _indexed ? _index!.Query(ax, ay, radius, ref _candidates) : -1;
        var scan = count < 0;
        if (scan)
        {
            count = world.SlotCount;
        }

        for (var i = 0; i < count; i++)
        {
            var slot = scan ? i : _candidates[i];
            var other = world.AgentAt(slot);
            if (other.IsNone || other == actor || other == target)
            {
                continue;
            }

            var dx = world.Value(other, _position, 0) - ax;
            var dy = world.Value(other, _position, 1) - ay;
            if ((dx * dx) + (dy * dy) <= r2)
            {
                if (_witnessCount == _witnesses.Length)
                {
                    Array.Resize(ref _witnesses, _witnesses.Length * 2);
                }

                _witnesses[_witnessCount++] = other;
            }
        }
    }
}
