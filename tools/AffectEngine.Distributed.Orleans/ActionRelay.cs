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
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ActionBatch(
    [property: Id(0)] long Tick,
    [property: Id(1)] int[] Agents,
    [property: Id(2)] byte[] Kinds,
    [property: Id(3)] int[] Values,
    [property: Id(4)] int[] Others,
    [property: Id(5)] int[] Indices,
    [property: Id(6)] float[] Floats)
{
    /// <summary>Choices in the batch.</summary>
    public int Count => Agents.Length;

    /// <summary>Payload bytes (the transport's envelope not counted): 29 per choice.</summary>
    public int PayloadBytes => Kinds.Length + (4 * (Agents.Length + Values.Length + Others.Length + Indices.Length + Floats.Length));

    /// <summary>The batches of every shard of a tick, in shard order, as one.</summary>
    public static ActionBatch Concat(long tick, IReadOnlyList<ActionBatch> parts)
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

        var all = new ActionBatch(tick, new int[n], new byte[n], new int[n], new int[n], new int[n], new float[3 * n]);
        var at = 0;
        foreach (var p in parts)
        {
            p.Agents.CopyTo(all.Agents, at);
            p.Kinds.CopyTo(all.Kinds, at);
            p.Values.CopyTo(all.Values, at);
            p.Others.CopyTo(all.Others, at);
            p.Indices.CopyTo(all.Indices, at);
            p.Floats.CopyTo(all.Floats, 3 * at);
            at += p.Count;
        }

        for (var i = 1; i < n; i++)
        {
            if (all.Agents[i] < all.Agents[i - 1])
            {
                // Choices are applied in run-wide agent order, as a single process applies them; out of order means a wrong concatenation.
                throw new InvalidOperationException($"The choices of tick {tick} are not in agent order (agent {all.Agents[i]} after {all.Agents[i - 1]}).");
            }
        }

        return all;
    }
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
        var n = own.Count;
        var batch = new ActionBatch(tick, new int[n], new byte[n], new int[n], new int[n], new int[n], new float[3 * n]);
        for (var i = 0; i < n; i++)
        {
            var c = own[i];
            batch.Agents[i] = _world[c.Slot];
            batch.Kinds[i] = c.Kind;
            batch.Values[i] = c.Value;
            batch.Others[i] = c.Other < 0 ? -1 : _world[c.Other];
            batch.Indices[i] = c.Index;
            batch.Floats[3 * i] = c.X;
            batch.Floats[(3 * i) + 1] = c.Y;
            batch.Floats[(3 * i) + 2] = c.Arousal;
        }

        var all = _handoff.Export(batch, HaloExchange.Timeout)
            ?? throw new InvalidOperationException($"Shard {_shard}: the other shards' choices of tick {tick} did not arrive (the run was stopped or another shard was lost).");
        if (all.Tick != tick)
        {
            throw new InvalidOperationException($"Shard {_shard} got the choices of tick {all.Tick} while running tick {tick}.");
        }

        _incoming.Clear();
        for (var i = 0; i < all.Count; i++)
        {
            var other = all.Others[i];
            _incoming.Add(new SharedChoice(
                all.Kinds[i], _slotOf(all.Agents[i]), all.Values[i], other < 0 ? -1 : _slotOf(other), all.Indices[i],
                all.Floats[3 * i], all.Floats[(3 * i) + 1], all.Floats[(3 * i) + 2]));
        }

        return _incoming;
    }
}
