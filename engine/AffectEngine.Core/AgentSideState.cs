using System;
using System.Buffers.Binary;

namespace AffectEngine.Core;

/// <summary>
/// The per-agent side state of a world: for each live agent of a slot range, in slot order, one
/// record (i32 byte length, then every registered <see cref="IAgentStateCodec"/>'s part in key order).
/// Empty when no codec is registered. Records are length-prefixed so a host can cut a run-wide
/// sequence into shards' ranges without parsing them (<see cref="Slice"/>).
/// </summary>
public static class AgentSideState
{
    /// <summary>The records of the live agents in slots [<paramref name="firstSlot"/>, firstSlot + count).</summary>
    public static byte[] Write(World world, int firstSlot, int count, AgentRefMap agents)
    {
        Guard.NotNull(world);
        Guard.NotNull(agents);
        var codecs = world.AgentStateCodecs;
        if (codecs.Count == 0)
        {
            return [];
        }

        var all = new BufferStateWriter();
        var record = new BufferStateWriter(256);
        for (var slot = firstSlot; slot < firstSlot + count; slot++)
        {
            var agent = world.AgentAt(slot);
            if (agent.IsNone)
            {
                continue;
            }

            record.Clear();
            foreach (var codec in codecs)
            {
                codec.WriteAgent(agent, record, agents);
            }

            all.WriteInt32(record.Written.Length);
            all.Write(record.Written);
        }

        return all.ToArray();
    }

    /// <summary>
    /// Replaces the side state of the live agents in slots [<paramref name="firstSlot"/>, firstSlot + count)
    /// with records <see cref="Write"/> made for the same agents, possibly in another world. Between
    /// ticks. A short, long or malformed record is an <see cref="ArgumentException"/> naming the agent.
    /// </summary>
    public static void Read(World world, int firstSlot, int count, ReadOnlySpan<byte> side, AgentRefMap agents)
    {
        Guard.NotNull(world);
        Guard.NotNull(agents);
        var codecs = world.AgentStateCodecs;
        if (codecs.Count == 0)
        {
            if (!side.IsEmpty)
            {
                throw new ArgumentException("The snapshot holds per-agent side state; no module of this run keeps any.", nameof(side));
            }

            return;
        }

        var at = 0;
        for (var slot = firstSlot; slot < firstSlot + count; slot++)
        {
            var agent = world.AgentAt(slot);
            if (agent.IsNone)
            {
                continue;
            }

            if (at + 4 > side.Length)
            {
                throw new ArgumentException($"The side state ends before the record of {agent}.", nameof(side));
            }

            var length = BinaryPrimitives.ReadInt32LittleEndian(side.Slice(at));
            if (length < 0 || at + 4 + length > side.Length)
            {
                throw new ArgumentException($"The side state's record of {agent} claims {length} bytes; {side.Length - at - 4} are left.", nameof(side));
            }

            var reader = new BufferStateReader(side.Slice(at + 4, length).ToArray());
            string key = "";
            try
            {
                foreach (var codec in codecs)
                {
                    key = codec.AgentStateKey;
                    codec.ReadAgent(agent, reader, agents);
                }
            }
            catch (FormatException ex)
            {
                throw new ArgumentException($"The side state's record of {agent} is malformed in '{key}': {ex.Message}", nameof(side), ex);
            }

            if (reader.Remaining != 0)
            {
                throw new ArgumentException($"The side state's record of {agent} has {reader.Remaining} bytes no module of this run reads.", nameof(side));
            }

            at += 4 + length;
        }

        if (at != side.Length)
        {
            throw new ArgumentException($"The side state holds more than the {count} agents it was written for.", nameof(side));
        }
    }

    /// <summary>
    /// The byte range of records [<paramref name="first"/>, first + count) of side state written for
    /// consecutive agents, counted from its start (records are length-prefixed, so nothing else is parsed).
    /// </summary>
    public static byte[] Slice(ReadOnlySpan<byte> side, int first, int count)
    {
        if (side.IsEmpty)
        {
            return [];
        }

        var at = 0;
        for (var i = 0; i < first; i++)
        {
            at += 4 + BinaryPrimitives.ReadInt32LittleEndian(side.Slice(at));
        }

        var start = at;
        for (var i = 0; i < count; i++)
        {
            at += 4 + BinaryPrimitives.ReadInt32LittleEndian(side.Slice(at));
        }

        return side.Slice(start, at - start).ToArray();
    }
}

/// <summary>
/// The world-level state (<see cref="IStateContributor"/>: single-process hash and snapshot) of a module
/// that encodes its side state only per agent: every slot's live/dead mark, then the live agents' records
/// in slot order, agent references as slots. One codec serves both hashes, so the module writes its
/// encoding once.
/// </summary>
public sealed class AgentStateContributor : IStateContributor
{
    private readonly World _world;
    private readonly IAgentStateCodec _codec;
    private readonly AgentRefMap _slots;

    /// <summary>Wraps <paramref name="codec"/> for <paramref name="world"/>.</summary>
    public AgentStateContributor(World world, IAgentStateCodec codec)
    {
        Guard.NotNull(world);
        Guard.NotNull(codec);
        _world = world;
        _codec = codec;
        _slots = new AgentRefMap(static a => a.Slot, world.AgentAt);
    }

    /// <inheritdoc />
    public string StateKey => _codec.AgentStateKey;

    /// <inheritdoc />
    public void WriteState(IStateWriter writer)
    {
        Guard.NotNull(writer);
        writer.WriteInt32(_world.AgentCount);
        for (var slot = 0; slot < _world.SlotCount; slot++)
        {
            var agent = _world.AgentAt(slot);
            if (!agent.IsNone)
            {
                writer.WriteInt32(slot);
                _codec.WriteAgent(agent, writer, _slots);
            }
        }
    }

    /// <inheritdoc />
    public void ReadState(IStateReader reader)
    {
        Guard.NotNull(reader);
        var n = reader.ReadInt32();
        for (var i = 0; i < n; i++)
        {
            var agent = _world.AgentAt(reader.ReadInt32());
            if (agent.IsNone)
            {
                throw new FormatException($"The snapshot's '{StateKey}' section names a slot with no live agent.");
            }

            _codec.ReadAgent(agent, reader, _slots);
        }
    }
}
