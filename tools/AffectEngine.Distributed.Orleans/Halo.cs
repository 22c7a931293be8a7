using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AffectEngine.Core;
using AffectEngine.Hosting;
using Orleans;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// The expressed emotion of a source shard's border agents for one receiving shard and tick: per agent
/// the contagion record x, y, expressiveness ε, then one intensity per contagious channel.
/// One batch per (tick, source, target) — the unit of the mid-tick exchange.
/// The first batch of a route after a (re)connect is a key frame: <see cref="Agents"/> (global indices, the
/// route's order) and every record in full (<see cref="Changed"/> null). Later batches send no agents and
/// only the floats whose bits changed since the route's previous batch, with a bitmap over all floats
/// (bit i of word i/32 for float i): positions and expressiveness rarely change, so about half the bytes go.
/// The arrays behind a batch a shard returns (<see cref="Records"/>, <see cref="Changed"/>) are its route's
/// own buffers, written again by a later tick rather than allocated per tick: a batch is valid until the
/// shard starts its next tick. The coordinator starts tick t+1 only after every shard has sealed tick t, so
/// by then every receiver has applied the batch (in process, passed by reference: <c>[Immutable]</c>) or the
/// transport has serialized it; a receiver that keeps values past its tick copies them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HaloBatch(
    [property: Id(0)] long Tick,
    [property: Id(1)] int SourceShard,
    [property: Id(2)] int TargetShard,
    [property: Id(3)] int[] Agents,
    [property: Id(4)] ReadOnlyMemory<float> Records,
    [property: Id(5)] uint[]? Changed = null)
{
    /// <summary>Payload bytes of this batch (indices, values and bitmap; the transport's envelope not counted).</summary>
    public int PayloadBytes => 4 * (Agents.Length + Records.Length + (Changed?.Length ?? 0));
}

/// <summary>Which own agents a shard sends to a target shard every tick (the target's contagion ghosts).</summary>
[GenerateSerializer, Immutable]
public sealed record HaloRoute([property: Id(0)] int Target, [property: Id(1)] int[] Agents);

/// <summary>What a shard reports once built: its own range, the ghosts it needs every tick, and whether its agents' choices are exchanged every tick (<see cref="ShardPlan.Acts"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record ShardInfo([property: Id(0)] int First, [property: Id(1)] int Count, [property: Id(2)] int[] Imports, [property: Id(3)] bool Acts = false);

/// <summary>
/// The mid-tick exchange, as an engine module registered after the social module, which runs its system in
/// the Social stage after the encounters (recall) and just before the contagion capture. It hands this shard's border records to the
/// host (<see cref="Exported"/>), blocks the tick thread until the host delivers the ghosts' records
/// of the same tick, and writes them into the ghosts. Contagion then reads exactly the values a
/// single process reads. Runs only on a dedicated step thread (never on a transport's scheduler).
/// </summary>
internal sealed class HaloExchange : IEngineModule, IWorldSystem
{
    /// <summary>How long the tick thread waits for the ghosts' records before giving up on the run.</summary>
    internal static TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    private readonly int _shard;
    private readonly int[] _channels;
    private readonly SocialEngineModule _social;
    private readonly TickHandoff<IReadOnlyList<HaloBatch>, IReadOnlyList<HaloBatch>> _handoff = new();
    private World? _world;
    private FieldId _position;
    private FieldId _traits;
    private FieldId _emotion;
    private Route[] _exports = [];
    private readonly List<HaloBatch> _incoming = [];
    private Dictionary<int, int> _importSlots = [];
    private readonly Dictionary<int, (int[] Slots, float[] Last)> _fromSource = [];

    public HaloExchange(int shard, IList<Affect.EmotionType> channels, SocialEngineModule social)
    {
        _shard = shard;
        _social = social;
        _channels = new int[channels.Count];
        for (var i = 0; i < _channels.Length; i++)
        {
            _channels[i] = (int)channels[i];
        }
    }

    public string Name => "cluster.halo";

    public TickStage Stage => TickStage.Social;

    /// <summary>Floats per agent record.</summary>
    public int Stride => 3 + _channels.Length;

    /// <summary>True when this shard sends or receives border records.</summary>
    public bool Active => _exports.Length > 0 || _importSlots.Count > 0;

    /// <summary>Completes with this tick's outgoing batches when the tick thread reaches the exchange.</summary>
    public Task<IReadOnlyList<HaloBatch>> Exported => _handoff.Exported;

    /// <summary>Registered after the social module: by now it is declared, and it will attach this system between its encounters and its contagion capture.</summary>
    public void Declare(AgentSchema.Builder schema) => _social.Social.AddBeforeContagion(this);

    public void Attach(Simulation simulation)
    {
        var w = simulation.World;
        _world = w;
        if (!w.TryGetField("position", out _position) || !w.TryGetField("contagion", out _traits) || !w.TryGetField("emotion", out _emotion))
        {
            throw new InvalidOperationException("The halo exchange needs the position, contagion and emotion fields.");
        }
    }

    /// <summary>Sets what to send and what to expect, by global index; <paramref name="slotOf"/> maps a global index to this world's slot.</summary>
    public void Connect(IReadOnlyList<HaloRoute> exports, IReadOnlyList<int> imports, Func<int, int> slotOf)
    {
        var ex = new Route[exports.Count];
        for (var i = 0; i < ex.Length; i++)
        {
            var globals = exports[i].Agents;
            var slots = new int[globals.Length];
            for (var k = 0; k < slots.Length; k++)
            {
                slots[k] = slotOf(globals[k]);
            }

            // Fresh buffers: a (re)connect starts every route again from a key frame, on both sides.
            ex[i] = new Route(exports[i].Target, globals, slots, Stride);
        }

        Array.Sort(ex, static (a, b) => a.Target.CompareTo(b.Target));
        _exports = ex;
        _fromSource.Clear();
        _importSlots = [];
        foreach (var g in imports)
        {
            _importSlots[g] = slotOf(g);
        }
    }

    /// <summary>Arms the exchange for the next tick (before the tick thread starts).</summary>
    public void Arm() => _handoff.Arm();

    /// <summary>Hands the ghosts' records of the running tick to the blocked tick thread.</summary>
    public void Deliver(IReadOnlyList<HaloBatch> batches) => _handoff.Deliver(batches);

    /// <summary>Releases a tick thread waiting for records that will not come; its tick fails.</summary>
    public void Abort() => _handoff.Abort();

    public void Execute(in TickContext context)
    {
        if (!Active)
        {
            return;
        }

        var w = _world!;
        var stride = Stride;
        var outgoing = new HaloBatch[_exports.Length];
        for (var i = 0; i < _exports.Length; i++)
        {
            var route = _exports[i];
            var slots = route.Slots;
            var records = route.Current;
            for (var k = 0; k < slots.Length; k++)
            {
                var agent = w.AgentAt(slots[k]);
                var r = k * stride;
                records[r] = w.Value(agent, _position, 0);
                records[r + 1] = w.Value(agent, _position, 1);
                records[r + 2] = w.Value(agent, _traits, 0);
                for (var c = 0; c < _channels.Length; c++)
                {
                    records[r + 3 + c] = w.Value(agent, _emotion, _channels[c]);
                }
            }

            outgoing[i] = Encode(context.Tick, route);
        }

        var incoming = _handoff.Export(outgoing, Timeout)
            ?? throw new InvalidOperationException($"Shard {_shard}: the border records of tick {context.Tick} did not arrive (the run was stopped or another shard was lost).");
        Apply(context.Tick, incoming);
    }

    /// <summary>Writes ghosts' records, batches in (tick, source) order, a repeated slot ignored; every expected ghost must be covered.</summary>
    private void Apply(long tick, IReadOnlyList<HaloBatch> incoming)
    {
        var w = _world!;
        var stride = Stride;
        var batches = _incoming;
        batches.Clear();
        batches.AddRange(incoming);
        batches.Sort(static (a, b) => a.Tick != b.Tick ? a.Tick.CompareTo(b.Tick) : a.SourceShard.CompareTo(b.SourceShard));
        var written = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            if (batch.Tick != tick)
            {
                throw new InvalidOperationException($"Shard {_shard} got border records of tick {batch.Tick} while running tick {tick}.");
            }

            if (i > 0 && batches[i - 1].SourceShard == batch.SourceShard)
            {
                continue;
            }

            var (slots, values) = Decode(batch);
            for (var k = 0; k < slots.Length; k++)
            {
                var agent = w.AgentAt(slots[k]);
                var r = k * stride;
                w.Value(agent, _position, 0) = values[r];
                w.Value(agent, _position, 1) = values[r + 1];
                w.Value(agent, _traits, 0) = values[r + 2];
                for (var c = 0; c < _channels.Length; c++)
                {
                    w.Value(agent, _emotion, _channels[c]) = values[r + 3 + c];
                }

                written++;
            }
        }

        if (written != _importSlots.Count)
        {
            throw new InvalidOperationException($"Shard {_shard} got border records for {written} of its {_importSlots.Count} ghosts at tick {tick}.");
        }

        // The batches' arrays are their senders' buffers: hold none past the tick.
        batches.Clear();
    }

    /// <summary>
    /// A key frame for a new route, else the floats whose bits changed since the route's last batch, from
    /// the route's buffers: the records just read become the route's last ones and the previous last
    /// ones are written next tick, so two record buffers per route alternate and nothing is allocated after the key frame.
    /// </summary>
    private HaloBatch Encode(long tick, Route route)
    {
        var records = route.Current;
        var last = route.Last;
        route.Last = records;
        if (last is null)
        {
            route.Current = new float[records.Length];
            return new HaloBatch(tick, _shard, route.Target, route.Globals, records);
        }

        route.Current = last;
        var changed = route.Changed;
        Array.Clear(changed);
        var values = route.Values;
        var count = 0;
        for (var f = 0; f < records.Length; f++)
        {
            // Bitwise, not ==: -0 vs +0 and NaN payloads must reach the ghost exactly as a single process has them.
            if (BitConverter.SingleToInt32Bits(records[f]) != BitConverter.SingleToInt32Bits(last[f]))
            {
                changed[f >> 5] |= 1u << (f & 31);
                values[count++] = records[f];
            }
        }

        return new HaloBatch(tick, _shard, route.Target, [], new ReadOnlyMemory<float>(values, 0, count), changed);
    }

    /// <summary>The route's ghost slots and the full records after applying <paramref name="batch"/> to the last ones.</summary>
    private (int[] Slots, float[] Values) Decode(HaloBatch batch)
    {
        if (batch.Changed is null)
        {
            var slots = new int[batch.Agents.Length];
            for (var k = 0; k < slots.Length; k++)
            {
                if (!_importSlots.TryGetValue(batch.Agents[k], out slots[k]))
                {
                    throw new InvalidOperationException($"Shard {_shard} got border records for agent {batch.Agents[k]}, which is not one of its ghosts.");
                }
            }

            if (batch.Records.Length != slots.Length * Stride)
            {
                throw new InvalidOperationException($"Shard {_shard} got {batch.Records.Length} border values for {slots.Length} agents from shard {batch.SourceShard}.");
            }

            // A copy, never the sender's buffer: the sender writes that buffer again two ticks on, and in
            // process (no serialization) it would be this route's last records too.
            var keyed = (slots, batch.Records.ToArray());
            _fromSource[batch.SourceShard] = keyed;
            return keyed;
        }

        if (!_fromSource.TryGetValue(batch.SourceShard, out var route))
        {
            throw new InvalidOperationException($"Shard {_shard} got changed border values from shard {batch.SourceShard} before its key frame.");
        }

        var last = route.Last;
        var values = batch.Records.Span;
        var at = 0;
        for (var f = 0; f < last.Length; f++)
        {
            if ((batch.Changed[f >> 5] & (1u << (f & 31))) != 0)
            {
                if (at == values.Length)
                {
                    throw new InvalidOperationException($"Shard {_shard}: a border batch from shard {batch.SourceShard} marks more changed values than it carries.");
                }

                last[f] = values[at++];
            }
        }

        return route;
    }

    /// <summary>One route's agents and buffers, allocated once per (re)connect and reused every tick.</summary>
    private sealed class Route
    {
        public Route(int target, int[] globals, int[] slots, int stride)
        {
            Target = target;
            Globals = globals;
            Slots = slots;
            Current = new float[slots.Length * stride];
            Values = new float[Current.Length];
            Changed = new uint[(Current.Length + 31) / 32];
        }

        public int Target { get; }

        public int[] Globals { get; }

        public int[] Slots { get; }

        /// <summary>Where this tick's records are read into.</summary>
        public float[] Current { get; set; }

        /// <summary>The records of the route's previous batch; null until the key frame.</summary>
        public float[]? Last { get; set; }

        /// <summary>The changed values of a batch (a prefix is sent).</summary>
        public float[] Values { get; }

        /// <summary>The change bitmap of a batch.</summary>
        public uint[] Changed { get; }
    }
}
