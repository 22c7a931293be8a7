using System.Collections.Generic;
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
    private readonly List<AgentId> _witnesses = [];
    private readonly List<GoalEffect> _effects = [];
    private FieldId _position;

    public ActionAppraisalSystem(BehaviourModule module) => _module = module;

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
            _effects.Clear();
            for (var k = 0; k < rule.Effects.Count; k++)
            {
                var fx = rule.Effects[k];
                var owner = fx.Owner == EffectOwner.Actor ? p.Actor : (hasTarget ? p.Target : AgentId.None);
                var goal = _module.EffectGoal(p.Action, k);
                if (owner.IsNone || appraisal.View(owner).IndexOfGoal(goal) < 0)
                {
                    continue;
                }

                _effects.Add(new GoalEffect(owner, goal, new Congruence(fx.Congruence), new Likelihood(fx.Likelihood)));
            }

            CollectWitnesses(world, p.Actor, p.Target, rule.WitnessRadius);
            var belief = _effects.Count > 0 ? _module.EffectBelief(p.Action) : default;
            var targets = hasTarget ? new[] { p.Target } : [];
            var e = new AppraisalEvent(context.Tick, BehaviourModule.ActionEventSource, i, _module.ActionIdOf(p.Action), p.Actor, _effects.ToArray(), belief, targets, _witnesses.ToArray());
            appraisal.AppraiseNow(e);
            Note(world, e);
        }

        pending.Clear();
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
                if (!actor.IsNone && actor != fx.Owner)
                {
                    _module.ProvokerSlot(fx.Owner.Slot) = actor;
                }
            }
        }
    }

    /// <summary>Live agents other than actor and target within <paramref name="radius"/> of the actor, in slot order (a scan: witness radii are for small scenes).</summary>
    private void CollectWitnesses(World world, AgentId actor, AgentId target, float radius)
    {
        _witnesses.Clear();
        if (!(radius > 0f))
        {
            return;
        }

        var ax = world.Value(actor, _position, 0);
        var ay = world.Value(actor, _position, 1);
        var r2 = radius * radius;
        for (var slot = 0; slot < world.SlotCount; slot++)
        {
            var other = world.AgentAt(slot);
            if (other.IsNone || other == actor || other == target)
            {
                continue;
            }

            var dx = world.Value(other, _position, 0) - ax;
            var dy = world.Value(other, _position, 1) - ay;
            if ((dx * dx) + (dy * dy) <= r2)
            {
                _witnesses.Add(other);
            }
        }
    }
}
