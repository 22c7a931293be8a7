using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;
using Orleans;

namespace AffectEngine.Distributed;

/// <summary>A cross-shard effect: an emotion impulse for an agent on the receiving shard, by global agent index.</summary>
[GenerateSerializer, Immutable]
public sealed record CrossShardImpulse(
    [property: Id(0)] int GlobalAgent,
    [property: Id(1)] EmotionType Emotion,
    [property: Id(2)] float Intensity);

/// <summary>One batch per (tick, source shard) for a receiving shard; the unit of delivery.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardBatch(
    [property: Id(0)] long Tick,
    [property: Id(1)] int SourceShard,
    [property: Id(2)] IReadOnlyList<CrossShardImpulse> Impulses);

/// <summary>
/// What a shard receives for one tick. Slots are keyed by (tick, source shard): the shard sorts them
/// canonically before applying and ignores a repeated slot, so neither the transport's delivery order
/// nor a retried send changes the state.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShardInbox([property: Id(0)] IReadOnlyList<ShardBatch> Batches)
{
    /// <summary>An inbox with no batches.</summary>
    public static ShardInbox Empty { get; } = new(Array.Empty<ShardBatch>());
}

/// <summary>What a shard reports after a tick.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardStepResult(
    [property: Id(0)] long CompletedTick,
    [property: Id(1)] byte[] AgentState,
    [property: Id(2)] IReadOnlyList<ShardBatch> Outbox);

/// <summary>How a shard is made: the whole scenario (every shard slices it by the same rule) and its place in the layout.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardSpec(
    [property: Id(0)] byte[] ScenarioJson,
    [property: Id(1)] int Shards,
    [property: Id(2)] int Shard,
    [property: Id(3)] int Threads);

/// <summary>
/// A transport-neutral shard: Orleans grains wrap it today; an MPI rank could wrap it tomorrow
/// without touching the model. Calls are sequential per shard; the coordinator owns the barrier.
/// </summary>
public interface IShard
{
    /// <summary>Runs tick <paramref name="tick"/> after applying the inbox for it; returns the sealed state (when asked) and the outbox.</summary>
    Task<ShardStepResult> StepAsync(long tick, ShardInbox inbox, bool collectState);

    /// <summary>The shard's canonical per-agent state (see <see cref="ClusterHash.AgentState"/>).</summary>
    Task<byte[]> AgentStateAsync();

    /// <summary>The next tick to run.</summary>
    Task<long> TickAsync();

    /// <summary>Replaces the shard's agents' state with <paramref name="agentState"/> at tick <paramref name="tick"/> (a slice of a cluster snapshot).</summary>
    Task RestoreAsync(long tick, byte[] agentState);
}

/// <summary>The in-process shard: one <see cref="SimulationRunner"/> over a contiguous range of the scenario's agents.</summary>
public sealed class LocalShard : IShard, IDisposable
{
    private readonly Scenario _slice;
    private readonly int _first;
    private SimulationRunner _runner;

    /// <summary>Builds the shard's runner from its slice of the scenario.</summary>
    public LocalShard(ShardSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var scenario = ScenarioLoader.Parse(spec.ScenarioJson, "cluster-scenario.json");
        var (first, count) = ShardLayout.Range(ShardLayout.AgentCount(scenario), spec.Shards, spec.Shard);
        _first = first;
        Index = spec.Shard;
        _slice = ShardLayout.Slice(scenario, first, count);
        _runner = Create(spec.Threads);
    }

    /// <summary>This shard's index.</summary>
    public int Index { get; }

    /// <summary>The runner (for hosts in the same process).</summary>
    public SimulationRunner Runner => _runner;

    /// <inheritdoc />
    public Task<ShardStepResult> StepAsync(long tick, ShardInbox inbox, bool collectState)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        if (tick != _runner.Tick)
        {
            // The barrier guarantees lockstep; a mismatch means a lost or repeated step, never something to paper over.
            throw new InvalidOperationException($"Shard {Index} is at tick {_runner.Tick}; asked to run tick {tick}.");
        }

        Apply(tick, inbox);
        _runner.Step();
        var state = collectState ? ClusterHash.AgentState(_runner.World) : Array.Empty<byte>();

        // The current model has no cross-agent systems (contagion and relations arrive with the social
        // issue), so no shard produces impulses for another one yet; the outbox is the seam for them.
        return Task.FromResult(new ShardStepResult(tick, state, Array.Empty<ShardBatch>()));
    }

    /// <inheritdoc />
    public Task<byte[]> AgentStateAsync() => Task.FromResult(ClusterHash.AgentState(_runner.World));

    /// <inheritdoc />
    public Task<long> TickAsync() => Task.FromResult(_runner.Tick);

    /// <inheritdoc />
    public Task RestoreAsync(long tick, byte[] agentState)
    {
        ArgumentNullException.ThrowIfNull(agentState);

        // Rebuild from the scenario so side stores and slots are exactly what a fresh run has, then
        // move the world to the snapshot's tick through the engine's own snapshot path and overwrite
        // the agents' fields. LoadSnapshot drops pending inputs, so the scenario's later events are
        // scheduled again.
        var threads = _runner.Options.Threads;
        _runner.Dispose();
        _runner = Create(threads);
        var snapshot = _runner.Simulation.SaveSnapshot();
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(snapshot.AsSpan(4, 8), tick);
        _runner.Simulation.LoadSnapshot(snapshot);
        ClusterHash.WriteAgentState(_runner.World, agentState);
        Reschedule(tick);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _runner.Dispose();

    private SimulationRunner Create(int threads) =>
        ScenarioHost.CreateRunner(_slice, new RunOverrides { Threads = threads, AgentIndexOffset = _first });

    private void Apply(long tick, ShardInbox inbox)
    {
        var batches = new List<ShardBatch>(inbox.Batches);
        batches.Sort(static (a, b) => a.Tick != b.Tick ? a.Tick.CompareTo(b.Tick) : a.SourceShard.CompareTo(b.SourceShard));
        long sequence = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            var batch = batches[i];
            if (batch.Tick != tick)
            {
                throw new InvalidOperationException($"Shard {Index} got a batch for tick {batch.Tick} while running tick {tick}.");
            }

            if (i > 0 && batches[i - 1].SourceShard == batch.SourceShard)
            {
                continue; // a retried delivery of the same (tick, source) slot
            }

            foreach (var impulse in batch.Impulses)
            {
                var slot = impulse.GlobalAgent - _first;
                var agent = _runner.World.AgentAt(slot);
                if (agent.IsNone)
                {
                    throw new InvalidOperationException($"Shard {Index} holds no agent with global index {impulse.GlobalAgent}.");
                }

                // Source id above the engine's own (scenario, host, perception) keeps the order canonical: (tick, source shard, position in batch).
                _runner.Enqueue(new ElicitCommand(tick, CrossShardSource + batch.SourceShard, sequence++, agent, impulse.Emotion, impulse.Intensity));
            }
        }
    }

    private void Reschedule(long fromTick)
    {
        var step = _slice.Run.Step.Seconds;
        for (var i = 0; i < _slice.Events.Count; i++)
        {
            var e = _slice.Events[i];
            var tick = e.Tick ?? (long)Math.Round(e.At!.Value.Seconds / step);
            if (tick < fromTick || e.Elicit is not { } el)
            {
                continue;
            }

            Emotions.TryParse(el.Emotion, out var type);
            if (_runner.TryGetAgent(el.Agent, out var agent))
            {
                _runner.Enqueue(new ElicitCommand(tick, InputSources.Scenario, i, agent, type, el.Intensity));
            }
        }
    }

    /// <summary>Input source ids for cross-shard impulses start here (one id per source shard).</summary>
    public const int CrossShardSource = 1024;
}
