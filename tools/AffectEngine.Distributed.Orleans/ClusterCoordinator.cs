using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading.Tasks;
using AffectEngine.Scenarios;
using Orleans;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// A cluster-wide snapshot: the tick, every agent's canonical state and its side stores (memory, relations,
/// goal likelihoods, beliefs: <see cref="ClusterHash.SideState"/>) in global order, independent of the shard count.
/// </summary>
public sealed record ClusterSnapshot(long Tick, int Agents, byte[] AgentState, byte[] SideState)
{
    /// <summary>The cluster hash of this state (equal to the live run's hash at the same tick).</summary>
    public ulong Hash => ClusterHash.Of(Tick, Agents, AgentState, SideState);
}

/// <summary>
/// A consistent point to resume a run from after a shard is lost: a <see cref="ClusterSnapshot"/> between
/// ticks plus the cross-shard impulses already routed to the next tick (which a snapshot alone would drop).
/// Restored onto a run with the same shard count, the run continues with the hashes of an undisturbed run.
/// </summary>
public sealed class ClusterCheckpoint
{
    internal ClusterCheckpoint(ClusterSnapshot snapshot, int shards, IReadOnlyList<ShardBatch>[] pending, ulong scenarioDigest)
    {
        Snapshot = snapshot;
        Shards = shards;
        Pending = pending;
        ScenarioDigest = scenarioDigest;
    }

    /// <summary>
    /// XXH64 of the scenario (and contagion setup) the run was started with, as the shards received it:
    /// <see cref="ClusterCoordinator.ResumeAsync"/> refuses a checkpoint of another scenario or seed.
    /// </summary>
    public ulong ScenarioDigest { get; }

    /// <summary>Every agent's state and side stores at <see cref="Tick"/>.</summary>
    public ClusterSnapshot Snapshot { get; }

    /// <summary>The tick the run continues from.</summary>
    public long Tick => Snapshot.Tick;

    /// <summary>The shard count the checkpoint was taken on (the in-flight impulses are addressed by it).</summary>
    public int Shards { get; }

    /// <summary>Cross-shard impulse batches routed to each shard for tick <see cref="Tick"/>.</summary>
    internal IReadOnlyList<ShardBatch>[] Pending { get; }

    /// <summary>Impulse batches in flight at the checkpoint (summed over shards).</summary>
    public int PendingBatches
    {
        get
        {
            var n = 0;
            foreach (var p in Pending)
            {
                n += p.Count;
            }

            return n;
        }
    }
}

/// <summary>
/// Runs a scenario on shard grains in lockstep: tick t is started on every shard and all of them must
/// finish before tick t+1 starts (the cluster-wide barrier). Outboxes of tick t become the inboxes of
/// tick t+1, one batch per (source, target) pair, keyed by (tick, source shard).
/// </summary>
public sealed class ClusterCoordinator
{
    private readonly IShardGrain[] _shards;
    private readonly int _agents;
    private readonly int[] _firsts;
    private List<ShardBatch>[] _pending;
    private readonly Dictionary<(int, int), int> _keyFrameBytes = [];
    private readonly ActionBuffers _allChoices = new();
    private bool _exchange;
    private bool _acts;
    private ulong _scenarioDigest;

    private ClusterCoordinator(IShardGrain[] shards, int agents, int[] firsts)
    {
        _shards = shards;
        _agents = agents;
        _firsts = firsts;
        _pending = NewPending(shards.Length);
    }

    /// <summary>True when border records cross shards every tick (contagion over a shard border): two barriers per tick.</summary>
    public bool ExchangesBorders => _exchange;

    /// <summary>Border records sent per tick, summed over shard pairs (agents).</summary>
    public int BorderAgentsPerTick { get; private set; }

    /// <summary>True when agents choose actions and the shards exchange their choices every tick (<see cref="ShardInfo.Acts"/>).</summary>
    public bool ExchangesActions => _acts;

    /// <summary>Payload bytes of choice exchange so far: each shard's choices to the coordinator plus every shard's choices broadcast to each shard.</summary>
    public long ActionBytes { get; private set; }

    /// <summary>Choices exchanged so far (actions, coping acts, breaks of every shard).</summary>
    public long ActionChoices { get; private set; }

    /// <summary>Ticks with a choice exchange.</summary>
    public long ActionTicks { get; private set; }

    /// <summary>Border payload bytes sent so far (indices, values, change bitmaps), summed over shard pairs.</summary>
    public long HaloBytes { get; private set; }

    /// <summary>What the same ticks would have sent as full records every tick (the key-frame size of each route).</summary>
    public long HaloKeyFrameBytes { get; private set; }

    /// <summary>Ticks with a border exchange so far.</summary>
    public long HaloTicks { get; private set; }

    /// <summary>Shards in this run.</summary>
    public int ShardCount => _shards.Length;

    /// <summary>The next tick to run.</summary>
    public long Tick { get; private set; }

    /// <summary>The cluster hash after the last tick run with state collection.</summary>
    public ulong LastHash { get; private set; }

    /// <summary>Wall time of <see cref="StepAsync"/> summed over ticks (shard work plus barrier and messaging).</summary>
    public TimeSpan TotalStepWall { get; private set; }

    /// <summary>
    /// Creates and initializes <paramref name="shards"/> shard grains for a scenario (and optional contagion
    /// setup) under run id <paramref name="runId"/>, and connects the border exchange between them.
    /// With <paramref name="hashInitialState"/> the initial state is gathered for <see cref="LastHash"/>.
    /// </summary>
    public static async Task<ClusterCoordinator> StartAsync(IGrainFactory grains, Scenario scenario, int shards, string runId, int threadsPerShard = 1, ClusterSocial? social = null, bool hashInitialState = true)
    {
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(scenario);
        if (ShardLayout.Unsupported(scenario) is { } why)
        {
            throw new ArgumentException(why, nameof(scenario));
        }

        _ = ShardLayout.WithSocial(scenario, social); // both a social section and ClusterSocial: refused here, before any shard starts
        var json = ScenarioLoader.ToJson(scenario);
        var socialJson = social?.ToJson();
        var agents = ShardLayout.AgentCount(scenario);
        var refs = new IShardGrain[shards];
        var firsts = new int[shards];
        var init = new Task<ShardInfo>[shards];
        for (var s = 0; s < shards; s++)
        {
            firsts[s] = ShardLayout.Range(agents, shards, s).First;
            refs[s] = grains.GetGrain<IShardGrain>(runId + "/" + s.ToString(System.Globalization.CultureInfo.InvariantCulture));
            init[s] = refs[s].InitializeAsync(new ShardSpec(json, shards, s, threadsPerShard, socialJson));
        }

        var infos = await Task.WhenAll(init).ConfigureAwait(false);
        var coordinator = new ClusterCoordinator(refs, agents, firsts) { _acts = Array.Exists(infos, static i => i.Acts), _scenarioDigest = Digest(json, socialJson) };

        // Exports follow from imports: shard r's ghost g is sent by g's home shard, in one batch per (home, r).
        var exports = new SortedDictionary<int, List<int>>[shards];
        for (var s = 0; s < shards; s++)
        {
            exports[s] = [];
        }

        var border = 0;
        for (var r = 0; r < shards; r++)
        {
            foreach (var g in infos[r].Imports)
            {
                var home = coordinator.ShardOf(g);
                if (!exports[home].TryGetValue(r, out var list))
                {
                    exports[home][r] = list = [];
                }

                list.Add(g);
                border++;
            }
        }

        if (border > 0)
        {
            var connect = new Task[shards];
            for (var s = 0; s < shards; s++)
            {
                var routes = new List<HaloRoute>();
                foreach (var (target, list) in exports[s])
                {
                    routes.Add(new HaloRoute(target, list.ToArray()));
                }

                connect[s] = refs[s].ConnectAsync(routes);
            }

            await Task.WhenAll(connect).ConfigureAwait(false);
            coordinator._exchange = true;
            coordinator.BorderAgentsPerTick = border;
        }

        if (hashInitialState)
        {
            // Gathers every agent's state: cheap for small runs, hundreds of MB at 10^6 agents per shard.
            coordinator.LastHash = await coordinator.HashNowAsync().ConfigureAwait(false);
        }

        return coordinator;
    }

    /// <summary>
    /// Starts a new run (fresh shard grains under <paramref name="runId"/>, placed on the silos active now)
    /// and restores <paramref name="checkpoint"/> onto it: how a run goes on after a shard was lost.
    /// </summary>
    public static async Task<ClusterCoordinator> ResumeAsync(IGrainFactory grains, Scenario scenario, ClusterCheckpoint checkpoint, string runId, int threadsPerShard = 1, ClusterSocial? social = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(scenario);

        // Checked before any shard starts: state restored under another scenario would run on silently.
        if (Digest(ScenarioLoader.ToJson(scenario), social?.ToJson()) != checkpoint.ScenarioDigest)
        {
            throw new ArgumentException($"The checkpoint at tick {checkpoint.Tick} was taken on another scenario (its file, seed or contagion setup differs): resume it with the scenario and seed it was started with.", nameof(scenario));
        }

        var run = await StartAsync(grains, scenario, checkpoint.Shards, runId, threadsPerShard, social, hashInitialState: false).ConfigureAwait(false);
        await run.RestoreAsync(checkpoint).ConfigureAwait(false);
        return run;
    }

    /// <summary>
    /// Runs one tick on every shard behind a barrier; with <paramref name="collectState"/> also computes the
    /// cluster hash. With border exchange the tick has two barriers: every shard runs to the exchange point
    /// and hands over its border records; once all have, each gets the records of its ghosts and finishes.
    /// </summary>
    public async Task<ulong> StepAsync(bool collectState = true)
    {
        var started = Stopwatch.GetTimestamp();
        var tick = Tick;
        ShardStepResult[] results;
        try
        {
            results = _acts ? await StepWithActionsAsync(tick, collectState).ConfigureAwait(false)
                : _exchange ? await StepWithExchangeAsync(tick, collectState).ConfigureAwait(false)
                : await StepPlainAsync(tick, collectState).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A shard lost with its silo comes back (if at all) as a fresh, uninitialized activation, or
            // the call fails outright. Either way the tick is not sealed on every shard: stop the run
            // rather than continue on partial state. Resuming means restoring the last ClusterSnapshot.
            _ = AbortQuietlyAsync();
            throw new ShardLostException(tick, e);
        }

        _pending = NewPending(_shards.Length);
        foreach (var r in results)
        {
            foreach (var batch in r.Outbox)
            {
                Route(batch);
            }
        }

        Tick = tick + 1;
        if (collectState)
        {
            LastHash = ClusterHash.Of(Tick, _agents, Concat(results, static r => r.AgentState), Concat(results, static r => r.SideState ?? []));
        }

        TotalStepWall += Stopwatch.GetElapsedTime(started);
        return LastHash;
    }

    /// <summary>Stops every shard of the run (best effort: a lost shard is skipped) so silos free their memory.</summary>
    public async Task StopAsync()
    {
        var calls = new Task[_shards.Length];
        for (var s = 0; s < _shards.Length; s++)
        {
            calls[s] = _shards[s].StopAsync();
        }

        try
        {
            await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Stopping is cleanup; a shard already gone with its silo has nothing to free.
        }
    }

    private async Task<ShardStepResult[]> StepPlainAsync(long tick, bool collectState)
    {
        var calls = new Task<ShardStepResult>[_shards.Length];
        for (var s = 0; s < _shards.Length; s++)
        {
            calls[s] = _shards[s].StepAsync(tick, new ShardInbox(_pending[s]), collectState);
        }

        // The barrier: no shard sees tick t+1 before every shard has sealed tick t.
        return await Task.WhenAll(calls).ConfigureAwait(false);
    }

    private async Task<ShardStepResult[]> StepWithExchangeAsync(long tick, bool collectState)
    {
        var incoming = await ExchangeBordersAsync(tick).ConfigureAwait(false);
        var end = new Task<ShardStepResult>[_shards.Length];
        for (var s = 0; s < _shards.Length; s++)
        {
            end[s] = _shards[s].EndStepAsync(tick, incoming[s], collectState);
        }

        // Second barrier: every shard has sealed tick t.
        return await Task.WhenAll(end).ConfigureAwait(false);
    }

    /// <summary>
    /// A tick whose agents choose actions: (with contagion across borders, the border exchange first, then)
    /// every shard runs to the end of its behaviour pass and returns its own agents' choices; the choices of
    /// all shards, concatenated in shard order (run-wide agent order), go to every shard, which applies them
    /// in that order and finishes the tick. One barrier more than without actions.
    /// </summary>
    private async Task<ShardStepResult[]> StepWithActionsAsync(long tick, bool collectState)
    {
        var halo = _exchange ? await ExchangeBordersAsync(tick).ConfigureAwait(false) : null;
        var act = new Task<ActionBatch>[_shards.Length];
        for (var s = 0; s < _shards.Length; s++)
        {
            // With a border exchange the inbox went with BeginStepAsync.
            act[s] = _shards[s].ActAsync(tick, halo is null ? new ShardInbox(_pending[s]) : ShardInbox.Empty, halo?[s] ?? []);
        }

        // Barrier: every shard has chosen.
        var own = await Task.WhenAll(act).ConfigureAwait(false);
        // Into the run's buffers: every shard has read the last tick's whole batch before its EndActAsync returned.
        var all = ActionBatch.Concat(tick, own, _allChoices);
        foreach (var b in own)
        {
            ActionBytes += b.PayloadBytes;
        }

        ActionBytes += (long)all.PayloadBytes * _shards.Length;
        ActionChoices += all.Count;
        ActionTicks++;
        var end = new Task<ShardStepResult>[_shards.Length];
        for (var s = 0; s < _shards.Length; s++)
        {
            end[s] = _shards[s].EndActAsync(tick, all, collectState);
        }

        return await Task.WhenAll(end).ConfigureAwait(false);
    }

    /// <summary>Starts tick t on every shard up to the border exchange and sorts the border batches by receiving shard.</summary>
    private async Task<List<HaloBatch>[]> ExchangeBordersAsync(long tick)
    {
        var begin = new Task<IReadOnlyList<HaloBatch>>[_shards.Length];
        for (var s = 0; s < _shards.Length; s++)
        {
            begin[s] = _shards[s].BeginStepAsync(tick, new ShardInbox(_pending[s]));
        }

        // First barrier: every shard has reached the exchange point of tick t.
        var outgoing = await Task.WhenAll(begin).ConfigureAwait(false);
        var incoming = new List<HaloBatch>[_shards.Length];
        for (var s = 0; s < _shards.Length; s++)
        {
            incoming[s] = [];
        }

        foreach (var batches in outgoing)
        {
            foreach (var b in batches)
            {
                incoming[b.TargetShard].Add(b);
                HaloBytes += b.PayloadBytes;
                if (b.Changed is null)
                {
                    _keyFrameBytes[(b.SourceShard, b.TargetShard)] = b.PayloadBytes;
                }

                HaloKeyFrameBytes += _keyFrameBytes.TryGetValue((b.SourceShard, b.TargetShard), out var full) ? full : b.PayloadBytes;
            }
        }

        HaloTicks++;
        return incoming;
    }

    private async Task AbortQuietlyAsync()
    {
        // Surviving shards may hold a tick thread at the exchange; release them so their silos are not left blocked.
        if (_exchange || _acts)
        {
            await StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Takes a cluster-wide snapshot between ticks.</summary>
    public async Task<ClusterSnapshot> SnapshotAsync()
    {
        var parts = new Task<byte[]>[_shards.Length];
        var sides = new Task<byte[]>[_shards.Length];
        for (var s = 0; s < _shards.Length; s++)
        {
            parts[s] = _shards[s].AgentStateAsync();
            sides[s] = _shards[s].SideStateAsync();
        }

        var states = await Task.WhenAll(parts).ConfigureAwait(false);
        var side = await Task.WhenAll(sides).ConfigureAwait(false);
        return new ClusterSnapshot(Tick, _agents, Concat(states, static p => p), Concat(side, static p => p));
    }

    /// <summary>Restores a snapshot taken on any number of shards onto this run's shards.</summary>
    public async Task RestoreAsync(ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Agents != _agents)
        {
            throw new ArgumentException($"The snapshot holds {snapshot.Agents} agents; this run has {_agents}.", nameof(snapshot));
        }

        var bytesPerAgent = _agents == 0 ? 0 : snapshot.AgentState.Length / _agents;
        var calls = new Task[_shards.Length];
        for (var s = 0; s < _shards.Length; s++)
        {
            // A shard whose agents act holds every agent (ShardPlan.Acts) and takes the whole snapshot.
            var (first, count) = _acts ? (0, _agents) : ShardLayout.Range(_agents, _shards.Length, s);
            var part = snapshot.AgentState.AsSpan(first * bytesPerAgent, count * bytesPerAgent).ToArray();
            calls[s] = _shards[s].RestoreAsync(snapshot.Tick, part, ClusterHash.SliceSideState(snapshot.SideState, first, count));
        }

        await Task.WhenAll(calls).ConfigureAwait(false);
        Tick = snapshot.Tick;
        _pending = NewPending(_shards.Length);
        LastHash = snapshot.Hash;
    }

    /// <summary>The silo of each shard's activation, in shard order.</summary>
    public async Task<string[]> SilosAsync()
    {
        var calls = new Task<string>[_shards.Length];
        for (var s = 0; s < _shards.Length; s++)
        {
            calls[s] = _shards[s].SiloAsync();
        }

        return await Task.WhenAll(calls).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes a checkpoint between ticks: a snapshot plus the impulses in flight to the next tick. A failure
    /// while gathering (a silo lost) is a <see cref="ShardLostException"/> for the current tick.
    /// </summary>
    public async Task<ClusterCheckpoint> CheckpointAsync()
    {
        ClusterSnapshot snapshot;
        try
        {
            snapshot = await SnapshotAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ShardLostException(Tick, e);
        }

        // Batches are immutable records; the lists are copied because the next step replaces _pending.
        var pending = new IReadOnlyList<ShardBatch>[_pending.Length];
        for (var s = 0; s < _pending.Length; s++)
        {
            pending[s] = _pending[s].ToArray();
        }

        return new ClusterCheckpoint(snapshot, _shards.Length, pending, _scenarioDigest);
    }

    private static ulong Digest(byte[] scenarioJson, byte[]? socialJson)
    {
        var hash = new System.IO.Hashing.XxHash64();
        hash.Append(scenarioJson);
        hash.Append(socialJson ?? []);
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>
    /// Restores a checkpoint onto this run (same shard count, so the in-flight impulses reach the shards
    /// they were routed to and apply in the same canonical order as in the run it was taken from).
    /// </summary>
    public async Task RestoreAsync(ClusterCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Shards != _shards.Length)
        {
            throw new ArgumentException($"The checkpoint was taken on {checkpoint.Shards} shards; this run has {_shards.Length}. Restore its Snapshot instead (in-flight impulses are addressed per shard).", nameof(checkpoint));
        }

        await RestoreAsync(checkpoint.Snapshot).ConfigureAwait(false);
        for (var s = 0; s < _pending.Length; s++)
        {
            _pending[s].AddRange(checkpoint.Pending[s]);
        }
    }

    private async Task<ulong> HashNowAsync() => (await SnapshotAsync().ConfigureAwait(false)).Hash;

    private void Route(ShardBatch batch)
    {
        // A batch is addressed by the global index of its impulses; split per target shard, keeping (tick+1, source) as the slot key.
        var perTarget = new Dictionary<int, List<CrossShardImpulse>>();
        foreach (var impulse in batch.Impulses)
        {
            var target = ShardOf(impulse.GlobalAgent);
            if (!perTarget.TryGetValue(target, out var list))
            {
                perTarget[target] = list = [];
            }

            list.Add(impulse);
        }

        foreach (var (target, impulses) in perTarget)
        {
            _pending[target].Add(new ShardBatch(batch.Tick + 1, batch.SourceShard, impulses));
        }
    }

    private int ShardOf(int globalAgent)
    {
        var s = Array.BinarySearch(_firsts, globalAgent);
        if (s < 0)
        {
            s = ~s - 1;
        }

        // Empty shards share a first index with their successor; take the last shard starting at or before the agent.
        while (s + 1 < _firsts.Length && _firsts[s + 1] <= globalAgent)
        {
            s++;
        }

        return s;
    }

    private static byte[] Concat<T>(T[] parts, Func<T, byte[]> bytes)
    {
        var total = 0;
        foreach (var p in parts)
        {
            total += bytes(p).Length;
        }

        var all = new byte[total];
        var at = 0;
        foreach (var p in parts)
        {
            var b = bytes(p);
            b.CopyTo(all, at);
            at += b.Length;
        }

        return all;
    }

    private static List<ShardBatch>[] NewPending(int shards)
    {
        var pending = new List<ShardBatch>[shards];
        for (var s = 0; s < shards; s++)
        {
            pending[s] = [];
        }

        return pending;
    }
}

/// <summary>A tick could not be sealed on every shard (typically a silo was lost); the run stops at the last sealed tick.</summary>
public sealed class ShardLostException : Exception
{
    /// <summary>Creates the exception for the tick that failed.</summary>
    public ShardLostException(long tick, Exception inner)
        : base($"Tick {tick} could not be completed on every shard ({inner?.Message}). The run stopped at tick {tick}; restore the last cluster snapshot on a new run to resume.", inner) => Tick = tick;

    /// <summary>The tick that failed.</summary>
    public long Tick { get; }
}
