using System;

namespace AffectEngine;

/// <summary>
/// How agent references travel in per-agent state: as an index that means the same agent in every
/// world of a run (a shard's global agent index; the slot in a single process), so state written on
/// one shard layout can be read on another (N → M shard restores). −1 stands for no agent.
/// </summary>
public sealed class AgentRefMap
{
    private readonly Func<AgentId, int> _indexOf;
    private readonly Func<int, AgentId> _agentAt;

    /// <summary>Creates a map from <paramref name="indexOf"/> (a live agent → its run-wide index) and <paramref name="agentAt"/> (the inverse).</summary>
    public AgentRefMap(Func<AgentId, int> indexOf, Func<int, AgentId> agentAt)
    {
        _indexOf = indexOf ?? throw new ArgumentNullException(nameof(indexOf));
        _agentAt = agentAt ?? throw new ArgumentNullException(nameof(agentAt));
    }

    /// <summary>The run-wide index of <paramref name="agent"/>; −1 for <see cref="AgentId.None"/>.</summary>
    public int IndexOf(AgentId agent) => agent.IsNone ? -1 : _indexOf(agent);

    /// <summary>The agent of a run-wide index in this world; <see cref="AgentId.None"/> for −1.</summary>
    public AgentId AgentAt(int index) => index < 0 ? AgentId.None : _agentAt(index);

    /// <summary>Writes a reference to <paramref name="agent"/> (i32 index).</summary>
    public void Write(IStateWriter writer, AgentId agent)
    {
        if (writer is null)
        {
            throw new ArgumentNullException(nameof(writer));
        }

        writer.WriteInt32(IndexOf(agent));
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public AgentId Read(IStateReader reader)
    {
        if (reader is null)
        {
            throw new ArgumentNullException(nameof(reader));
        }

        return AgentAt(reader.ReadInt32());
    }
}

/// <summary>
/// A module's side state (outside the agent blocks: memories, relations, goals, a new module's own
/// store) encoded one agent at a time, so a distributed run can hash it in global agent order and move
/// it between shard layouts. A module registers it with <c>World.AddAgentStateCodec</c> when it
/// attaches; hosts (cluster hash, cluster snapshots) call every registered codec, in ordinal order of
/// <see cref="AgentStateKey"/>, without knowing the module. Agent references go through the
/// <see cref="AgentRefMap"/>, names rather than ids where ids are per-world (vocabularies).
/// The world-level <see cref="IStateContributor"/> still covers the single-process hash and snapshot;
/// <c>AgentStateContributor</c> (AffectEngine.Core) derives one from a codec for modules without their own.
/// </summary>
public interface IAgentStateCodec
{
    /// <summary>A unique, stable key; codecs are visited in its ordinal order (part of the cluster hash's definition).</summary>
    string AgentStateKey { get; }

    /// <summary>Writes <paramref name="agent"/>'s side state. A pure function of the state.</summary>
    void WriteAgent(AgentId agent, IStateWriter writer, AgentRefMap agents);

    /// <summary>Replaces <paramref name="agent"/>'s side state with what <see cref="WriteAgent"/> wrote (possibly in another world). Between ticks.</summary>
    void ReadAgent(AgentId agent, IStateReader reader, AgentRefMap agents);
}
