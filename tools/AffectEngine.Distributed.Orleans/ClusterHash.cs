using System;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using AffectEngine.Core;
using AffectEngine.Hosting;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// The cluster state hash: xxHash64 over (tick, agent count, field floats per agent, then the side
/// stores per agent) with agents in global order. It does not depend on how agents are grouped into
/// shards, so 1 process without Orleans and 1, 2 or 4 shards give the same value. It covers every hot
/// per-agent field (emotions, mood, personality, position, ...), each agent's episodic memory and
/// relations (with the social module) and its appraisal goals and beliefs, with agent references
/// written as global agent indices and event kinds, goals and beliefs as names (docs/scale-out.md).
/// </summary>
public static class ClusterHash
{
    /// <summary>Floats per agent in the canonical per-agent encoding of a world.</summary>
    public static int FloatsPerAgent(World world) => (world ?? throw new ArgumentNullException(nameof(world))).BlockStride / AgentBlocks.LanesPerBlock;

    /// <summary>
    /// The canonical per-agent state of every live agent of a world, in slot order: for each agent
    /// its field floats in schema order, little-endian. Shards return this; concatenated in shard
    /// order it is the state of the whole run in global agent order.
    /// </summary>
    public static byte[] AgentState(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        var per = FloatsPerAgent(world);
        var values = new float[world.AgentCount * per];
        var n = 0;
        foreach (var agent in world.Agents)
        {
            var block = world.Block(agent.Slot / AgentBlocks.LanesPerBlock);
            var lane = agent.Slot % AgentBlocks.LanesPerBlock;
            for (var f = 0; f < per; f++)
            {
                values[n++] = block[(f * AgentBlocks.LanesPerBlock) + lane];
            }
        }

        return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    /// <summary>Writes per-agent state back into a world whose live agents are, in slot order, the same agents.</summary>
    public static void WriteAgentState(World world, ReadOnlySpan<byte> state)
    {
        ArgumentNullException.ThrowIfNull(world);
        var per = FloatsPerAgent(world);
        var values = MemoryMarshal.Cast<byte, float>(state);
        if (values.Length != world.AgentCount * per)
        {
            throw new ArgumentException($"Agent state holds {values.Length} floats; this shard needs {world.AgentCount} agents × {per}.", nameof(state));
        }

        var n = 0;
        foreach (var agent in world.Agents)
        {
            var block = world.Block(agent.Slot / AgentBlocks.LanesPerBlock);
            var lane = agent.Slot % AgentBlocks.LanesPerBlock;
            for (var f = 0; f < per; f++)
            {
                block[(f * AgentBlocks.LanesPerBlock) + lane] = values[n++];
            }
        }
    }

    /// <summary>The canonical state of the agents in slots [<paramref name="firstSlot"/>, firstSlot + count): a shard's own agents, ghosts left out.</summary>
    public static byte[] AgentState(World world, int firstSlot, int count)
    {
        ArgumentNullException.ThrowIfNull(world);
        var per = FloatsPerAgent(world);
        var values = new float[count * per];
        var n = 0;
        for (var slot = firstSlot; slot < firstSlot + count; slot++)
        {
            var block = world.Block(slot / AgentBlocks.LanesPerBlock);
            var lane = slot % AgentBlocks.LanesPerBlock;
            for (var f = 0; f < per; f++)
            {
                values[n++] = block[(f * AgentBlocks.LanesPerBlock) + lane];
            }
        }

        return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }

    /// <summary>Writes the state of the agents in slots [<paramref name="firstSlot"/>, firstSlot + count).</summary>
    public static void WriteAgentState(World world, int firstSlot, int count, ReadOnlySpan<byte> state)
    {
        ArgumentNullException.ThrowIfNull(world);
        var per = FloatsPerAgent(world);
        var values = MemoryMarshal.Cast<byte, float>(state);
        if (values.Length != count * per)
        {
            throw new ArgumentException($"Agent state holds {values.Length} floats; this shard needs {count} agents × {per}.", nameof(state));
        }

        var n = 0;
        for (var slot = firstSlot; slot < firstSlot + count; slot++)
        {
            var block = world.Block(slot / AgentBlocks.LanesPerBlock);
            var lane = slot % AgentBlocks.LanesPerBlock;
            for (var f = 0; f < per; f++)
            {
                block[(f * AgentBlocks.LanesPerBlock) + lane] = values[n++];
            }
        }
    }

    /// <summary>The cluster hash of a completed tick count over per-agent state already in global order (no side stores).</summary>
    public static ulong Of(long tick, int agents, ReadOnlySpan<byte> stateInGlobalOrder) => Of(tick, agents, stateInGlobalOrder, default);

    /// <summary>
    /// The cluster hash of a completed tick count over per-agent state and side-store state (see
    /// <see cref="SideState"/>), each already in global order: xxHash64(tick i64 | agents i32 | state | side).
    /// </summary>
    public static ulong Of(long tick, int agents, ReadOnlySpan<byte> stateInGlobalOrder, ReadOnlySpan<byte> sideInGlobalOrder)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(header, tick);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], agents);
        var hash = new XxHash64();
        hash.Append(header);
        hash.Append(stateInGlobalOrder);
        hash.Append(sideInGlobalOrder);
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>The single-process reference: the cluster hash of one runner holding every agent (global index = position in the world's agent order).</summary>
    public static ulong Of(SimulationRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var world = runner.World;
        var global = new int[world.SlotCount];
        var n = 0;
        foreach (var agent in world.Agents)
        {
            global[agent.Slot] = n++;
        }

        return Of(runner.Tick, world.AgentCount, AgentState(world), SideState(runner, 0, world.SlotCount, slot => global[slot]));
    }

    /// <summary>
    /// The side stores of the live agents in slots [<paramref name="firstSlot"/>, firstSlot + count), in slot
    /// order: per agent its record's byte length (i32), then the part of every module that registered an
    /// <see cref="IAgentStateCodec"/> with the world, in ordinal order of its key (with the built-in modules:
    /// the social module's episodes and relations, then appraisal's goals and beliefs; each codec documents
    /// its part). Empty when no module keeps per-agent side state. Agent references are global indices:
    /// <paramref name="globalOf"/> maps a slot of this world to its global agent index.
    /// </summary>
    public static byte[] SideState(SimulationRunner runner, int firstSlot, int count, Func<int, int> globalOf)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(globalOf);
        var world = runner.World;
        return AgentSideState.Write(world, firstSlot, count, new AgentRefMap(a => globalOf(a.Slot), g => throw new InvalidOperationException("Writing side state reads no references.")));
    }

    /// <summary>
    /// Replaces the side stores of the agents in slots [<paramref name="firstSlot"/>, firstSlot + count) with
    /// what <see cref="SideState"/> wrote for the same agents (possibly in another world, on another shard
    /// count); <paramref name="slotOf"/> maps a global agent index to this world's slot. Between ticks.
    /// </summary>
    public static void WriteSideState(SimulationRunner runner, int firstSlot, int count, ReadOnlySpan<byte> side, Func<int, int> slotOf)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(slotOf);
        var world = runner.World;
        AgentSideState.Read(world, firstSlot, count, side, new AgentRefMap(a => throw new InvalidOperationException("Reading side state writes no references."), g => world.AgentAt(slotOf(g))));
    }

    /// <summary>
    /// Splits side state written for consecutive agents into the byte ranges of agents [first, first + count)
    /// of it, counted from its start (records are length-prefixed, so no other parsing is needed).
    /// </summary>
    public static byte[] SliceSideState(ReadOnlySpan<byte> side, int first, int count) => AgentSideState.Slice(side, first, count);
}
