using System;

namespace AffectEngine.Behaviour;

/// <summary>
/// The behaviour module's per-agent side state (<see cref="IAgentStateCodec"/>), so cluster hashes,
/// cluster snapshots and N → M shard restores carry it like the other modules' state: rule mask i64,
/// provoker as run-wide index i32 (−1 none), threatened goal and belief by name ("" none), next coping
/// tick i64, forced strategy i32, controllability f32 (NaN: from personality), the current threat's
/// controllability f32 (NaN: its event and belief gave none), i32 action count and one
/// cooldown tick i64 per action, then the action chosen last tick and still to be appraised: action
/// index i32 (−1 none) and its target as run-wide index i32. Names, not ids, because vocabularies
/// number symbols per world. The module's world-level state (its <c>IStateContributor</c>) keeps the
/// single-process hash and snapshot format unchanged.
/// </summary>
internal sealed class BehaviourAgentState : IAgentStateCodec
{
    private readonly BehaviourModule _module;

    public BehaviourAgentState(BehaviourModule module) => _module = module;

    /// <summary>Ordinal order puts it before the social ("episodes-relations") and appraisal ("goals-beliefs") parts.</summary>
    public string AgentStateKey => "behaviour";

    public void WriteAgent(AgentId agent, IStateWriter writer, AgentRefMap agents)
    {
        var slot = agent.Slot;
        var vocabulary = _module.Appraisal.Vocabulary;
        writer.WriteInt64((long)_module.RulesOf(slot));
        agents.Write(writer, _module.ProvokerSlot(slot));
        var goal = _module.ThreatGoal(slot);
        writer.WriteString(goal == 0 ? "" : vocabulary.Goals.NameOf(goal));
        var belief = _module.ThreatBelief(slot);
        writer.WriteString(belief == 0 ? "" : vocabulary.Beliefs.NameOf(belief));
        writer.WriteInt64(_module.NextCoping(slot));
        writer.WriteInt32((int)_module.Forced(slot));
        writer.WriteSingle(_module.Controllability(slot));
        writer.WriteSingle(_module.ThreatControllability(slot));
        var actions = _module.Settings.Actions.Count;
        writer.WriteInt32(actions);
        for (var a = 0; a < actions; a++)
        {
            writer.WriteInt64(_module.CooldownOf(slot, a));
        }

        var (action, target) = _module.PendingOf(agent);
        writer.WriteInt32(action);
        agents.Write(writer, target);
    }

    public void ReadAgent(AgentId agent, IStateReader reader, AgentRefMap agents)
    {
        var slot = agent.Slot;
        var vocabulary = _module.Appraisal.Vocabulary;
        var rules = (ulong)reader.ReadInt64();
        var provoker = agents.Read(reader);
        var goal = reader.ReadString();
        var belief = reader.ReadString();
        var nextCoping = reader.ReadInt64();
        var forced = reader.ReadInt32();
        var controllability = reader.ReadSingle();
        var threatControl = reader.ReadSingle();
        var actions = _module.Settings.Actions.Count;
        var count = reader.ReadInt32();
        if (count != actions)
        {
            throw new FormatException($"behaviour: the record of {agent} has cooldowns for {count} actions; this run declares {actions}.");
        }

        if ((uint)forced > (uint)CopingStrategy.ShiftingBlame)
        {
            throw new FormatException($"behaviour: the record of {agent} forces coping strategy {forced}, which does not exist.");
        }

        _module.SetRulesUnchecked(slot, rules);
        _module.ProvokerSlot(slot) = provoker;
        _module.ThreatGoal(slot) = goal.Length == 0 ? 0 : vocabulary.Goal(goal).Value;
        _module.ThreatBelief(slot) = belief.Length == 0 ? 0 : vocabulary.Belief(belief).Value;
        _module.NextCoping(slot) = nextCoping;
        _module.SetForcedUnchecked(slot, (CopingStrategy)forced);
        _module.SetControllabilityUnchecked(slot, controllability);
        _module.SetThreatControllability(slot, threatControl);
        for (var a = 0; a < actions; a++)
        {
            _module.CooldownOf(slot, a) = reader.ReadInt64();
        }

        var action = reader.ReadInt32();
        var target = agents.Read(reader);
        if (action < -1 || action >= actions)
        {
            throw new FormatException($"behaviour: the record of {agent} holds pending action {action}; this run declares {actions}.");
        }

        _module.SetPending(agent, action, target);
    }
}
