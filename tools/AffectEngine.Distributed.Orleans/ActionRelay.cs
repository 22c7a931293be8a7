using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AffectEngine.Behaviour;
using Orleans;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// The behaviour choices of one tick (actions, coping acts, breaks) made by a shard's own agents, or by every
/// shard (the coordinator concatenates the shards' batches in shard order, which is run-wide agent order).
/// One entry per choice, as parallel arrays: chooser and other agent as run-wide indices (−1: none), the
/// choice's kind, value (action or strategy) and index (goal or belief), and the chooser's position and
/// arousal at decision time (what its move reads).
/// The memory behind a batch a shard or the coordinator makes is reused for a later tick's choices rather
/// than allocated per tick: a shard's batch is valid until the shard starts its next tick, the coordinator's
/// (every shard's choices) until it starts the next tick. Both are read within the tick (the coordinator
/// concatenates the shards' batches before it sends the whole; a shard turns the whole into its own list
/// before its tick ends), in process by reference (<c>[Immutable]</c>), else after serialization.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ActionBatch(
    [property: Id(0)] long Tick,
    [property: Id(1)] ReadOnlyMemory<int> Agents,
    [property: Id(2)] ReadOnlyMemory<byte> Kinds,
    [property: Id(3)] ReadOnlyMemory<int> Values,
    [property: Id(4)] ReadOnlyMemory<int> Others,
    [property: Id(5)] ReadOnlyMemory<int> Indices,
    [property: Id(6)] ReadOnlyMemory<float> Floats)
{
    /// <summary>Choices in the batch.</summary>
    public int Count => Agents.Length;

    /// <summary>Payload bytes (the transport's envelope not counted): 29 per choice.</summary>
    public int PayloadBytes => Kinds.Length + (4 * (Agents.Length + Values.Length + Others.Length + Indices.Length + Floats.Length));

    /// <summary>The batches of every shard of a tick, in shard order, as one.</summary>
    public static ActionBatch Concat(long tick, IReadOnlyList<ActionBatch> parts) => Concat(tick, parts, new ActionBuffers());

    /// <summary>As <see cref="Concat(long, IReadOnlyList{ActionBatch})"/>, into <paramref name="into"/>'s buffers (valid until they are written again).</summary>
    internal static ActionBatch Concat(long tick, IReadOnlyList<ActionBatch> parts, ActionBuffers into)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var n = 0;
        foreach (var p in parts)
        {
            if (p.Tick != tick)
            {
                throw new InvalidOperationException($"A shard reported the choices of tick {p.Tick} while the run is at tick {tick}.");
            }

            n += p.Count;
        }

        into.Reserve(n);
        var at = 0;
        foreach (var p in parts)
        {
            p.Agents.Span.CopyTo(into.Agents.AsSpan(at));
            p.Kinds.Span.CopyTo(into.Kinds.AsSpan(at));
            p.Values.Span.CopyTo(into.Values.AsSpan(at));
            p.Others.Span.CopyTo(into.Others.AsSpan(at));
            p.Indices.Span.CopyTo(into.Indices.AsSpan(at));
            p.Floats.Span.CopyTo(into.Floats.AsSpan(3 * at));
            at += p.Count;
        }

        var agents = into.Agents;
        for (var i = 1; i < n; i++)
        {
            if (agents[i] < agents[i - 1])
            {
                // Choices are applied in run-wide agent order, as a single process applies them; out of order means a wrong concatenation.
                throw new InvalidOperationException($"The choices of tick {tick} are not in agent order (agent {agents[i]} after {agents[i - 1]}).");
            }
        }

        return into.Batch(tick, n);
    }
}

/// <summary>
/// Buffers for the choices of a tick, grown as needed and reused tick after tick: an <see cref="ActionBatch"/>
/// made from them views their first entries, so it is valid until they are written again.
/// </summary>
internal sealed class ActionBuffers
{
    public int[] Agents { get; private set; } = [];

    public byte[] Kinds { get; private set; } = [];

    public int[] Values { get; private set; } = [];

    public int[] Others { get; private set; } = [];

    public int[] Indices { get; private set; } = [];

    /// <summary>Three per choice: x, y, arousal.</summary>
    public float[] Floats { get; private set; } = [];

    /// <summary>Makes room for <paramref name="n"/> choices (contents not kept).</summary>
    public void Reserve(int n)
    {
        if (Agents.Length >= n)
        {
            return;
        }

        var size = Math.Max(n, 2 * Agents.Length);
        Agents = new int[size];
        Kinds = new byte[size];
        Values = new int[size];
        Others = new int[size];
        Indices = new int[size];
        Floats = new float[3 * size];
    }

    /// <summary>The first <paramref name="n"/> choices as a batch of tick <paramref name="tick"/>.</summary>
    public ActionBatch Batch(long tick, int n) => new(
        tick,
        new ReadOnlyMemory<int>(Agents, 0, n),
        new ReadOnlyMemory<byte>(Kinds, 0, n),
        new ReadOnlyMemory<int>(Values, 0, n),
        new ReadOnlyMemory<int>(Others, 0, n),
        new ReadOnlyMemory<int>(Indices, 0, n),
        new ReadOnlyMemory<float>(Floats, 0, 3 * n));
}

/// <summary>
/// The behaviour exchange of a shard: set as the behaviour module's <see cref="ShardActions"/>, it is called
/// on the tick thread at the end of the Express-stage pass with the own agents' choices, hands them to the
/// host (<see cref="Exported"/>), blocks until the host delivers every shard's choices of the tick
/// (<see cref="Deliver"/>) and returns them in this world's slots. Like the border exchange, it runs only on
/// the shard's dedicated tick thread.
/// </summary>
internal sealed class ActionRelay
{
    private readonly int _shard;
    private readonly int[] _world;
    private readonly Func<int, int> _slotOf;
    private readonly TickHandoff<ActionBatch, ActionBatch> _handoff = new();
    private readonly List<SharedChoice> _incoming = [];
    private readonly ActionBuffers _own = new();

    public ActionRelay(int shard, int[] world, Func<int, int> slotOf)
    {
        _shard = shard;
        _world = world;
        _slotOf = slotOf;
    }

    /// <summary>Completes with this tick's own choices when the tick thread reaches the exchange.</summary>
    public Task<ActionBatch> Exported => _handoff.Exported;

    /// <summary>Arms the exchange for the next tick (before the tick thread starts).</summary>
    public void Arm() => _handoff.Arm();

    /// <summary>Hands every shard's choices of the running tick to the blocked tick thread.</summary>
    public void Deliver(ActionBatch all) => _handoff.Deliver(all);

    /// <summary>Releases a tick thread waiting for choices that will not come; its tick fails.</summary>
    public void Abort() => _handoff.Abort();

    /// <summary>The <see cref="ShardActions.Exchange"/> of this shard (tick thread).</summary>
    public IReadOnlyList<SharedChoice> Exchange(long tick, IReadOnlyList<SharedChoice> own)
    {
        // Into the relay's buffers: the coordinator has read them before any shard starts the next tick.
        var n = own.Count;
        var b = _own;
        b.Reserve(n);
        for (var i = 0; i < n; i++)
        {
            var c = own[i];
            b.Agents[i] = _world[c.Slot];
            b.Kinds[i] = c.Kind;
            b.Values[i] = c.Value;
            b.Others[i] = c.Other < 0 ? -1 : _world[c.Other];
            b.Indices[i] = c.Index;
            b.Floats[3 * i] = c.X;
            b.Floats[(3 * i) + 1] = c.Y;
            b.Floats[(3 * i) + 2] = c.Arousal;
        }

        var all = _handoff.Export(b.Batch(tick, n), HaloExchange.Timeout)
            ?? throw new InvalidOperationException($"Shard {_shard}: the other shards' choices of tick {tick} did not arrive (the run was stopped or another shard was lost).");
        if (all.Tick != tick)
        {
            throw new InvalidOperationException($"Shard {_shard} got the choices of tick {all.Tick} while running tick {tick}.");
        }

        // Read into this shard's own list now: the batch's memory is the coordinator's, reused next tick.
        _incoming.Clear();
        var agents = all.Agents.Span;
        var kinds = all.Kinds.Span;
        var values = all.Values.Span;
        var others = all.Others.Span;
        var indices = all.Indices.Span;
        var floats = all.Floats.Span;
        for (var i = 0; i < agents.Length; i++)
        {
            var other = others[i];
            _incoming.Add(new SharedChoice(
                kinds[i], _slotOf(agents[i]), values[i], other < 0 ? -1 : _slotOf(other), indices[i],
                floats[3 * i], floats[(3 * i) + 1], floats[(3 * i) + 2]));
        }

        return _incoming;
    }
}
