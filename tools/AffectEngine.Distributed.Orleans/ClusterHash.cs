using System;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using AffectEngine.Core;
using AffectEngine.Hosting;

namespace AffectEngine.Distributed;

/// <summary>
/// The cluster state hash: xxHash64 over (tick, agent count, field floats per agent) with agents in
/// global order. It does not depend on how agents are grouped into shards, so 1 process without
/// Orleans and 1, 2 or 4 shards give the same value. It covers every hot per-agent field (emotions,
/// mood, personality, position, ...); side stores registered as state contributors (appraisal goals
/// and beliefs) are not per-agent decomposable yet and are left out (docs/scale-out.md).
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

    /// <summary>The cluster hash of a completed tick count over per-agent state already in global order.</summary>
    public static ulong Of(long tick, int agents, ReadOnlySpan<byte> stateInGlobalOrder)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(header, tick);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], agents);
        var hash = new XxHash64();
        hash.Append(header);
        hash.Append(stateInGlobalOrder);
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>The single-process reference: the cluster hash of one runner holding every agent.</summary>
    public static ulong Of(SimulationRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return Of(runner.Tick, runner.World.AgentCount, AgentState(runner.World));
    }
}
