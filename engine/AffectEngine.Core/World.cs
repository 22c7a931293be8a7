using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AffectEngine.Core;

/// <summary>
/// The agents of a simulation: hot state in blocks of 8 agents × fields, slot handles with
/// generations, the pending inputs, and the state that other modules contribute to the hash.
/// Agents are added and removed between ticks only.
/// </summary>
public sealed class World : IAgentStore
{
    private readonly List<IStateContributor> _contributors = [];
    private readonly List<IAgentStateCodec> _agentCodecs = [];
    private readonly List<IAgentLifecycle> _lifecycle = [];
    private float[] _data;
    private int _origin;
    private int[] _generation;
    private byte[] _alive;
    // Lowest free slot first: the reuse order is a function of the alive mask alone, so a restored
    // snapshot reuses slots exactly as the original run would.
    private readonly SortedSet<int> _free = new();
    private int _slotCount;
    private int _capacity;

    /// <summary>Creates an empty world.</summary>
    public World(AgentSchema schema, WorldOptions options)
    {
        Guard.NotNull(schema);
        Guard.NotNull(options);
        options.ThrowIfInvalid();
        Schema = schema;
        Options = options.Clone();
        BlockStride = Math.Max(1, schema.FieldCount) * AgentBlocks.LanesPerBlock;
        _capacity = RoundUpToBlock(Math.Max(AgentBlocks.LanesPerBlock, options.InitialCapacity));
        (_data, _origin) = AllocateBlocks(_capacity / AgentBlocks.LanesPerBlock);
        _generation = new int[_capacity];
        _alive = new byte[_capacity / AgentBlocks.LanesPerBlock];
        Inputs = new InputQueue();
    }

    /// <summary>The hot fields.</summary>
    public AgentSchema Schema { get; }

    /// <summary>The settings this world was made with (a copy).</summary>
    public WorldOptions Options { get; }

    /// <summary>The seed.</summary>
    public ulong Seed => Options.Seed;

    /// <summary>The next tick to run (ticks completed so far).</summary>
    public long Tick { get; internal set; }

    /// <summary>Live agents.</summary>
    public int AgentCount { get; private set; }

    /// <summary>Slots in use or freed (the extent of the blocks walked by a per-agent pass).</summary>
    public int SlotCount => _slotCount;

    /// <inheritdoc />
    public int BlockCount => (_slotCount + AgentBlocks.LanesPerBlock - 1) / AgentBlocks.LanesPerBlock;

    /// <inheritdoc />
    public int BlockStride { get; }

    /// <summary>Inputs waiting for their tick.</summary>
    public InputQueue Inputs { get; }

    /// <summary>The events of the last tick (output for hosts; not state, not hashed).</summary>
    public EventBuffer Events { get; } = new();

    /// <summary>Set while a tick runs; adding or removing agents then is refused.</summary>
    internal bool InTick { get; set; }

    /// <summary>The raw block storage (internal: hashing and snapshots).</summary>
    internal Span<float> Storage => new(_data, _origin, _capacity / AgentBlocks.LanesPerBlock * BlockStride);

    /// <summary>Registers state kept outside the blocks so that it is hashed and saved. Order of the hash is by key.</summary>
    public void AddStateContributor(IStateContributor contributor)
    {
        Guard.NotNull(contributor);
        foreach (var existing in _contributors)
        {
            if (string.Equals(existing.StateKey, contributor.StateKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"State key '{contributor.StateKey}' is registered twice.", nameof(contributor));
            }
        }

        _contributors.Add(contributor);
        _contributors.Sort(static (a, b) => string.CompareOrdinal(a.StateKey, b.StateKey));
    }

    /// <summary>State contributors in canonical (key) order.</summary>
    public IReadOnlyList<IStateContributor> StateContributors => _contributors;

    /// <summary>
    /// Registers a module's per-agent side state so that hosts that split or move agents (cluster hash,
    /// shard snapshots) carry it without knowing the module (<see cref="AgentSideState"/>). Order is by key.
    /// </summary>
    public void AddAgentStateCodec(IAgentStateCodec codec)
    {
        Guard.NotNull(codec);
        foreach (var existing in _agentCodecs)
        {
            if (string.Equals(existing.AgentStateKey, codec.AgentStateKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Agent state key '{codec.AgentStateKey}' is registered twice.", nameof(codec));
            }
        }

        _agentCodecs.Add(codec);
        _agentCodecs.Sort(static (a, b) => string.CompareOrdinal(a.AgentStateKey, b.AgentStateKey));
    }

    /// <summary>Per-agent state codecs in canonical (key) order.</summary>
    public IReadOnlyList<IAgentStateCodec> AgentStateCodecs => _agentCodecs;

    /// <summary>Registers a listener for agents added and removed.</summary>
    public void AddLifecycleListener(IAgentLifecycle listener)
    {
        Guard.NotNull(listener);
        _lifecycle.Add(listener);
    }

    /// <summary>Adds an agent with all hot fields zero; reuses the lowest free slot first.</summary>
    public AgentId AddAgent()
    {
        ThrowIfInTick("add an agent");
        int slot;
        if (_free.Count > 0)
        {
            slot = _free.Min;
            _free.Remove(slot);
        }
        else
        {
            if (_slotCount == _capacity)
            {
                Grow(Math.Max(_capacity * 2, AgentBlocks.LanesPerBlock));
            }

            slot = _slotCount++;
        }

        _generation[slot]++;
        _alive[slot >> 3] |= (byte)(1 << (slot & 7));
        AgentCount++;
        var id = new AgentId(slot, _generation[slot]);
        foreach (var listener in _lifecycle)
        {
            listener.OnAgentAdded(id);
        }

        return id;
    }

    /// <summary>Makes room for <paramref name="agents"/> slots, so adding that many never reallocates.</summary>
    public void EnsureCapacity(int agents)
    {
        if (agents > _capacity)
        {
            Grow(RoundUpToBlock(agents));
        }
    }

    /// <summary>Removes an agent; its slot's hot fields are cleared. Returns false when the handle is stale.</summary>
    public bool RemoveAgent(AgentId agent)
    {
        ThrowIfInTick("remove an agent");
        if (!IsAlive(agent))
        {
            return false;
        }

        foreach (var listener in _lifecycle)
        {
            listener.OnAgentRemoved(agent);
        }

        var slot = agent.Slot;
        var block = slot >> 3;
        var lane = slot & 7;
        var baseIndex = (long)block * BlockStride;
        for (var f = 0; f < Schema.FieldCount; f++)
        {
            _data[_origin + baseIndex + (f * AgentBlocks.LanesPerBlock) + lane] = 0f;
        }

        _alive[block] &= (byte)~(1 << lane);
        _free.Add(slot);
        AgentCount--;
        return true;
    }

    /// <summary>True when the handle addresses a live agent.</summary>
    public bool IsAlive(AgentId agent) =>
        agent.Generation != 0 && (uint)agent.Slot < (uint)_slotCount && _generation[agent.Slot] == agent.Generation
        && (_alive[agent.Slot >> 3] & (1 << (agent.Slot & 7))) != 0;

    /// <summary>The handle of the live agent in a slot, or <see cref="AgentId.None"/>.</summary>
    public AgentId AgentAt(int slot)
    {
        if ((uint)slot >= (uint)_slotCount || (_alive[slot >> 3] & (1 << (slot & 7))) == 0)
        {
            return AgentId.None;
        }

        return new AgentId(slot, _generation[slot]);
    }

    /// <summary>Live agents in slot order (allocates an enumerator; not for the tick's hot path).</summary>
    public IEnumerable<AgentId> Agents
    {
        get
        {
            for (var slot = 0; slot < _slotCount; slot++)
            {
                var id = AgentAt(slot);
                if (!id.IsNone)
                {
                    yield return id;
                }
            }
        }
    }

    /// <inheritdoc />
    public FieldId Field(string name)
    {
        if (!Schema.TryGetField(name, out var field))
        {
            throw new ArgumentException($"No agent field named '{name}' is registered.", nameof(name));
        }

        return field;
    }

    /// <inheritdoc />
    public bool TryGetField(string name, out FieldId field) => Schema.TryGetField(name, out field);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<float> Block(int block) => new(_data, _origin + (block * BlockStride), BlockStride);

    /// <summary>
    /// Blocks [<paramref name="first"/>, <paramref name="end"/>) as one span (block b starts at
    /// (b − first) × <see cref="BlockStride"/>). Per-agent passes take it once per partition so the
    /// inner loop has no per-block call. On .NET the storage is pinned and 32-byte aligned, so every
    /// field's 8 lanes are one aligned 256-bit vector.
    /// </summary>
    public Span<float> Blocks(int first, int end) => new(_data, _origin + (first * BlockStride), (end - first) * BlockStride);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<float> Lanes(int block, FieldId field) =>
        new(_data, _origin + (block * BlockStride) + field.Offset, field.Width * AgentBlocks.LanesPerBlock);

    /// <inheritdoc />
    public ref float Value(AgentId agent, FieldId field, int component = 0)
    {
        if (!IsAlive(agent))
        {
            throw new ArgumentException($"{agent} is not a live agent of this world.", nameof(agent));
        }

        return ref _data[_origin + ((agent.Slot >> 3) * BlockStride) + field.ComponentOffset(component) + (agent.Slot & 7)];
    }

    /// <inheritdoc />
    public byte AliveMask(int block) => _alive[block];

    internal int[] Generations => _generation;

    internal byte[] AliveMasks => _alive;

    /// <summary>Restores slot bookkeeping from a snapshot.</summary>
    internal void RestoreSlots(long tick, int slotCount, ReadOnlySpan<int> generations, ReadOnlySpan<byte> alive)
    {
        if (slotCount > _capacity)
        {
            Grow(RoundUpToBlock(slotCount));
        }

        Array.Clear(_generation, 0, _generation.Length);
        Array.Clear(_alive, 0, _alive.Length);
        generations.CopyTo(_generation);
        alive.CopyTo(_alive);
        _slotCount = slotCount;
        Tick = tick;
        _free.Clear();
        var count = 0;
        for (var slot = slotCount - 1; slot >= 0; slot--)
        {
            if ((_alive[slot >> 3] & (1 << (slot & 7))) != 0)
            {
                count++;
            }
        }

        for (var slot = 0; slot < slotCount; slot++)
        {
            if ((_alive[slot >> 3] & (1 << (slot & 7))) == 0)
            {
                _free.Add(slot);
            }
        }

        AgentCount = count;
    }

    private void Grow(int newCapacity)
    {
        var blocks = newCapacity / AgentBlocks.LanesPerBlock;
        var (data, origin) = AllocateBlocks(blocks);
        Array.Copy(_data, _origin, data, origin, _capacity / AgentBlocks.LanesPerBlock * BlockStride);
        _data = data;
        _origin = origin;
        Array.Resize(ref _generation, newCapacity);
        Array.Resize(ref _alive, blocks);
        _capacity = newCapacity;
    }

    /// <summary>
    /// Block storage with 16 floats of slack so the first block starts on a 64-byte (cache-line)
    /// boundary: a block's hot fields then cover whole lines (the affect pass reads 16 lines per block
    /// instead of 17 and dirties 14 instead of 15 at 32-byte alignment), and every vector load stays
    /// inside one line. Values never depend on the origin.
    /// </summary>
    private (float[] Data, int Origin) AllocateBlocks(int blocks)
    {
        const int lineFloats = 64 / sizeof(float);
        var length = checked((blocks * BlockStride) + lineFloats);
#if NET
        // Pinned (pinned object heap): the address never moves, so the aligned origin stays aligned.
        var data = GC.AllocateArray<float>(length, pinned: true);
        unsafe
        {
            fixed (float* p = data)
            {
                var misalignment = (int)((ulong)p % 64) / sizeof(float);
                return (data, (lineFloats - misalignment) % lineFloats);
            }
        }
#else
        return (new float[length], 0);
#endif
    }

    private void ThrowIfInTick(string what)
    {
        if (InTick)
        {
            throw new InvalidOperationException($"Cannot {what} while a tick runs; send a command for a later tick instead.");
        }
    }

    private static int RoundUpToBlock(int n) => (n + AgentBlocks.LanesPerBlock - 1) / AgentBlocks.LanesPerBlock * AgentBlocks.LanesPerBlock;
}
