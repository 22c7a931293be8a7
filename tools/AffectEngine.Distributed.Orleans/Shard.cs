using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Affect;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;
using AffectEngine.Social;
using Orleans;

namespace AffectEngine.Distributed.Orleans;

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

/// <summary>What a shard reports after a tick: its own agents' per-agent state and side-store state (<see cref="ClusterHash.SideState"/>) when asked, and its outbox.</summary>
[GenerateSerializer, Immutable]
public sealed record ShardStepResult(
    [property: Id(0)] long CompletedTick,
    [property: Id(1)] byte[] AgentState,
    [property: Id(2)] IReadOnlyList<ShardBatch> Outbox,
    [property: Id(3)] byte[]? SideState = null);

/// <summary>
/// How a shard is made: the whole scenario (every shard plans its part by the same rule, social section
/// included), contagion given through the API if any (<see cref="ClusterSocial"/>), and its place in the layout.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ShardSpec(
    [property: Id(0)] byte[] ScenarioJson,
    [property: Id(1)] int Shards,
    [property: Id(2)] int Shard,
    [property: Id(3)] int Threads,
    [property: Id(4)] byte[]? SocialJson = null);

/// <summary>
/// A transport-neutral shard: Orleans grains wrap it today; an MPI rank could wrap it tomorrow
/// without touching the model. Calls are sequential per shard; the coordinator owns the barriers.
/// A tick is either one <see cref="StepAsync"/> (no contagion crosses the shard's border) or
/// <see cref="BeginStepAsync"/> then <see cref="EndStepAsync"/> with the border exchange between them.
/// </summary>
public interface IShard
{
    /// <summary>What the shard holds and which ghosts it needs every tick.</summary>
    ShardInfo Info { get; }

    /// <summary>Sets which own agents to send to which shard every tick (the coordinator derives it from every shard's <see cref="ShardInfo.Imports"/>).</summary>
    Task ConnectAsync(IReadOnlyList<HaloRoute> exports);

    /// <summary>Runs tick <paramref name="tick"/> after applying the inbox for it; returns the sealed state (when asked) and the outbox.</summary>
    Task<ShardStepResult> StepAsync(long tick, ShardInbox inbox, bool collectState);

    /// <summary>Starts tick <paramref name="tick"/> and returns this shard's border records once it reaches the exchange point.</summary>
    Task<IReadOnlyList<HaloBatch>> BeginStepAsync(long tick, ShardInbox inbox);

    /// <summary>Delivers the ghosts' records for the running tick and finishes it.</summary>
    Task<ShardStepResult> EndStepAsync(long tick, IReadOnlyList<HaloBatch> halo, bool collectState);

    /// <summary>
    /// For a shard whose agents choose actions (<see cref="ShardInfo.Acts"/>): delivers the border records of the
    /// tick started by <see cref="BeginStepAsync"/> (with contagion), or starts tick <paramref name="tick"/>
    /// after applying <paramref name="inbox"/>, and returns the own agents' choices once the tick reaches the
    /// end of the behaviour pass.
    /// </summary>
    Task<ActionBatch> ActAsync(long tick, ShardInbox inbox, IReadOnlyList<HaloBatch> halo);

    /// <summary>Delivers every shard's choices of the running tick (run-wide agent order) and finishes it.</summary>
    Task<ShardStepResult> EndActAsync(long tick, ActionBatch actions, bool collectState);

    /// <summary>The shard's own agents' canonical per-agent state (see <see cref="ClusterHash.AgentState(AffectEngine.Core.World)"/>).</summary>
    Task<byte[]> AgentStateAsync();

    /// <summary>The shard's own agents' side stores (memory, relations, goal likelihoods, beliefs; references as global indices, ids as names; see <see cref="ClusterHash.SideState"/>).</summary>
    Task<byte[]> SideStateAsync();

    /// <summary>The next tick to run.</summary>
    Task<long> TickAsync();

    /// <summary>
    /// Replaces the shard's agents' state with <paramref name="agentState"/> and their side stores (memory,
    /// relations, goal likelihoods, beliefs) with <paramref name="sideState"/> at tick <paramref name="tick"/> (slices of a cluster snapshot).
    /// </summary>
    Task RestoreAsync(long tick, byte[] agentState, byte[] sideState);
}

/// <summary>
/// The in-process shard: one <see cref="SimulationRunner"/> over its own agents and its ghosts (see
/// <see cref="ShardPlan"/>). Ghosts are never reported; their contagion records are overwritten with
/// their home shard's every tick.
/// </summary>
public sealed class LocalShard : IShard, IDisposable
{
    private readonly ShardPlan _plan;
    private readonly Action<AffectEngineBuilder>? _setup;
    private readonly Dictionary<int, int> _slotOfGlobal = [];
    private IReadOnlyList<HaloRoute> _exports = [];
    private SimulationRunner _runner;
    private HaloExchange? _halo;
    private ActionRelay? _relay;
    private readonly Scenario _scenario;
    private readonly HashSet<string> _ownNames = new(StringComparer.Ordinal);
    private ScenarioEventFeed? _generated;
    private Task? _running;
    private TickThread? _ticker;
    private long _runningTick = -1;
    private long _sealedTick = -1;

    /// <summary>Builds the shard's runner from its plan of the scenario; <paramref name="setup"/> adds host registrations (e.g. appraisal models).</summary>
    public LocalShard(ShardSpec spec, Action<AffectEngineBuilder>? setup = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var scenario = ScenarioLoader.Parse(spec.ScenarioJson, "cluster-scenario.json");
        var social = spec.SocialJson is null ? null : ClusterSocial.FromJson(spec.SocialJson);
        _setup = setup;
        _plan = ShardLayout.Plan(scenario, social, spec.Shards, spec.Shard);
        _scenario = ShardLayout.WithSocial(scenario, social);
        for (var i = _plan.LowGhosts; i < _plan.LowGhosts + _plan.Count; i++)
        {
            _ownNames.Add(_plan.Slice.Agents[i].Id);
        }

        for (var i = 0; i < _plan.World.Length; i++)
        {
            _slotOfGlobal[_plan.World[i]] = i;
        }

        Index = spec.Shard;
        Info = new ShardInfo(_plan.First, _plan.Count, _plan.Imports, _plan.Acts);
        _runner = Create(spec.Threads);
    }

    /// <summary>This shard's index.</summary>
    public int Index { get; }

    /// <inheritdoc />
    public ShardInfo Info { get; }

    /// <summary>The plan (own range, ghosts, slice).</summary>
    public ShardPlan Plan => _plan;

    /// <summary>The runner (for hosts in the same process).</summary>
    public SimulationRunner Runner => _runner;

    /// <inheritdoc />
    public Task ConnectAsync(IReadOnlyList<HaloRoute> exports)
    {
        ArgumentNullException.ThrowIfNull(exports);
        _exports = exports;
        _halo?.Connect(exports, _plan.Imports, SlotOf);
        if (_halo is null && (exports.Count > 0 || _plan.Imports.Length > 0))
        {
            throw new InvalidOperationException($"Shard {Index} has no contagion but was asked to exchange border records.");
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ShardStepResult> StepAsync(long tick, ShardInbox inbox, bool collectState)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        CheckTick(tick);
        if (_halo is { Active: true } || _relay is not null)
        {
            throw new InvalidOperationException($"Shard {Index} exchanges {(_relay is null ? "border records" : "choices")} every tick; run it with {(_relay is null ? "BeginStepAsync/EndStepAsync" : "ActAsync/EndActAsync")}.");
        }

        Apply(tick, inbox);
        _runner.Step();
        return Task.FromResult(Result(tick, collectState));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<HaloBatch>> BeginStepAsync(long tick, ShardInbox inbox)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        CheckTick(tick);
        Apply(tick, inbox);
        if (_halo is not { Active: true } halo)
        {
            if (_relay is not null)
            {
                // No border here, but the tick stops at the choice exchange (ActAsync collects it).
                StartTick(tick);
                return Array.Empty<HaloBatch>();
            }

            // A shard with no border in this run (e.g. no network edge reaches it): the whole tick now, nothing to send.
            _runner.Step();
            _sealedTick = tick;
            return Array.Empty<HaloBatch>();
        }

        StartTick(tick);
        var first = await Task.WhenAny(halo.Exported, _running!).ConfigureAwait(false);
        if (first == _running)
        {
            await _running.ConfigureAwait(false); // the tick failed before the exchange: surface its exception
            throw new InvalidOperationException($"Shard {Index} finished tick {tick} without reaching the border exchange.");
        }

        return await halo.Exported.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ShardStepResult> EndStepAsync(long tick, IReadOnlyList<HaloBatch> halo, bool collectState)
    {
        ArgumentNullException.ThrowIfNull(halo);
        if (_sealedTick == tick && _running is null)
        {
            _sealedTick = -1;
            return Result(tick, collectState);
        }

        if (_running is null || _runningTick != tick)
        {
            throw new InvalidOperationException($"Shard {Index} has no tick {tick} waiting for border records.");
        }

        if (_relay is not null)
        {
            throw new InvalidOperationException($"Shard {Index} exchanges choices every tick; finish the tick with ActAsync/EndActAsync.");
        }

        _halo!.Deliver(halo);
        var running = _running;
        _running = null;
        await running.ConfigureAwait(false);
        return Result(tick, collectState);
    }

    /// <inheritdoc />
    public async Task<ActionBatch> ActAsync(long tick, ShardInbox inbox, IReadOnlyList<HaloBatch> halo)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        ArgumentNullException.ThrowIfNull(halo);
        var relay = _relay ?? throw new InvalidOperationException($"Shard {Index}: its agents do not choose actions across shards; run it with StepAsync or BeginStepAsync/EndStepAsync.");
        if (_running is null)
        {
            if (_halo is { Active: true })
            {
                throw new InvalidOperationException($"Shard {Index} exchanges border records; start tick {tick} with BeginStepAsync.");
            }

            CheckTick(tick);
            Apply(tick, inbox);
            StartTick(tick);
        }
        else if (_runningTick != tick)
        {
            throw new InvalidOperationException($"Shard {Index} is running tick {_runningTick}; asked for the choices of tick {tick}.");
        }
        else if (_halo is { Active: true } border)
        {
            border.Deliver(halo);
        }

        var first = await Task.WhenAny(relay.Exported, _running!).ConfigureAwait(false);
        if (first == _running)
        {
            await _running.ConfigureAwait(false);
            throw new InvalidOperationException($"Shard {Index} finished tick {tick} without reaching the choice exchange.");
        }

        return await relay.Exported.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ShardStepResult> EndActAsync(long tick, ActionBatch actions, bool collectState)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (_relay is null || _running is null || _runningTick != tick)
        {
            throw new InvalidOperationException($"Shard {Index} has no tick {tick} waiting for choices.");
        }

        _relay.Deliver(actions);
        var running = _running;
        _running = null;
        await running.ConfigureAwait(false);
        return Result(tick, collectState);
    }

    /// <summary>Starts <paramref name="tick"/> on the shard's tick thread, the exchanges armed.</summary>
    private void StartTick(long tick)
    {
        _halo?.Arm();
        _relay?.Arm();
        _runningTick = tick;

        // The tick thread blocks at the exchanges until the coordinator delivers: it must be a thread of its own,
        // never one of the transport's scheduler or the shared pool (4 blocked shards would starve 2 cores).
        // One persistent thread per shard, woken per tick, rather than a thread started per tick.
        _ticker ??= new TickThread("affect-shard-" + Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _running = _ticker.Run(_runner);
    }

    /// <summary>Fails a tick waiting for border records or choices (the run was stopped or another shard was lost).</summary>
    public void Abort()
    {
        _halo?.Abort();
        _relay?.Abort();
    }

    /// <inheritdoc />
    public Task<byte[]> AgentStateAsync() => Task.FromResult(ClusterHash.AgentState(_runner.World, _plan.LowGhosts, _plan.Count));

    /// <inheritdoc />
    public Task<byte[]> SideStateAsync() => Task.FromResult(SideState());

    /// <inheritdoc />
    public Task<long> TickAsync() => Task.FromResult(_runner.Tick);

    /// <inheritdoc />
    public Task RestoreAsync(long tick, byte[] agentState, byte[] sideState)
    {
        ArgumentNullException.ThrowIfNull(agentState);
        ArgumentNullException.ThrowIfNull(sideState);
        WaitIdle();

        // Rebuild from the scenario so slots and ghosts are exactly what a fresh run has, then move the
        // world to the snapshot's tick through the engine's own snapshot path and overwrite the own agents'
        // fields and side stores (ghosts get their contagion records from their home shards each
        // tick; their other state is never read by own agents). LoadSnapshot drops pending inputs, so the
        // slice's later events are scheduled again.
        var threads = _runner.Options.World.Threads;
        DisposeRunner();
        _runner = Create(threads);
        _generated?.SkipTo(tick);
        _halo?.Connect(_exports, _plan.Imports, SlotOf);
        var snapshot = _runner.Simulation.SaveSnapshot();
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(snapshot.AsSpan(4, 8), tick);
        _runner.Simulation.LoadSnapshot(snapshot);
        // A shard whose agents act holds every agent and gets the whole snapshot: ghosts' positions, pending
        // actions and goals are read here, so they are restored too (their home shard computes the same).
        var (restoreFirst, restoreCount) = _plan.Acts ? (0, _plan.World.Length) : (_plan.LowGhosts, _plan.Count);
        ClusterHash.WriteAgentState(_runner.World, restoreFirst, restoreCount, agentState);
        ClusterHash.WriteSideState(_runner, restoreFirst, restoreCount, sideState, SlotOf);
        Reschedule(tick);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        WaitIdle();
        _ticker?.Dispose();
        DisposeRunner();
    }

    private void WaitIdle()
    {
        if (_running is { IsCompleted: false } running)
        {
            Abort();
            try
            {
                running.Wait(TimeSpan.FromSeconds(30));
            }
            catch (AggregateException)
            {
                // The aborted tick fails by design.
            }
        }

        _running = null;
    }

    private void CheckTick(long tick)
    {
        if (_running is not null)
        {
            throw new InvalidOperationException($"Shard {Index} is still waiting for the border records of tick {_runningTick}.");
        }

        if (tick != _runner.Tick)
        {
            // The barrier guarantees lockstep; a mismatch means a lost or repeated step, never something to paper over.
            throw new InvalidOperationException($"Shard {Index} is at tick {_runner.Tick}; asked to run tick {tick}.");
        }
    }

    private ShardStepResult Result(long tick, bool collectState)
    {
        var state = collectState ? ClusterHash.AgentState(_runner.World, _plan.LowGhosts, _plan.Count) : Array.Empty<byte>();
        var side = collectState ? SideState() : Array.Empty<byte>();

        // Cross-shard effects travel as scheduled events (appraisal, on every shard owning a perceiver) and
        // border records (contagion); nothing model-side writes impulses for other shards today, so the
        // outbox stays the seam for future cross-agent systems.
        return new ShardStepResult(tick, state, Array.Empty<ShardBatch>(), side);
    }

    private byte[] SideState() => ClusterHash.SideState(_runner, _plan.LowGhosts, _plan.Count, slot => _plan.World[slot]);

    private int SlotOf(int global) => _slotOfGlobal.TryGetValue(global, out var slot)
        ? slot
        : throw new InvalidOperationException($"Shard {Index} holds no agent with global index {global}.");

    private void DisposeRunner()
    {
        _generated?.Dispose();
        _generated = null;
        _runner.Dispose();
    }

    private SimulationRunner Create(int threads)
    {
        // The social module is registered here rather than by ScenarioHost (the slice goes in without its
        // social section and encounters) so the border exchange can run inside it, after the encounters'
        // recall and before the contagion capture, exactly where a single process's capture reads.
        var slice = _plan.Slice;
        var section = slice.Social;
        SocialSettings? settings = null;
        if (section is not null)
        {
            settings = new SocialSettings();
            ScenarioSocial.Configure(settings, slice);
            Problems.ThrowIfAny(settings.Validate(), "$.social: ");
        }

        var contagion = settings is { Contagion: { Neighbours: not NeighbourKind.None, Channels.Count: > 0 } };
        HaloExchange? halo = null;
        SocialEngineModule? social = null;
        var runner = ScenarioHost.CreateRunner(WithoutSocial(slice), new RunOverrides { Threads = threads, AgentIndexOffset = _plan.IndexOffset }, b =>
        {
            if (settings is not null)
            {
                b.AddModule(_ => social = new SocialEngineModule(settings));

                // Registered after the social module, as ScenarioHost does in one process: the schema's field order (hashed) follows registration.
                if (ScenarioBehaviour.Uses(slice))
                {
                    b.AddBehaviour(x => ScenarioBehaviour.Configure(x, slice));
                }
            }

            _setup?.Invoke(b);
            if (contagion)
            {
                b.AddModule(_ => halo = new HaloExchange(Index, settings!.Contagion.Channels, social!));
            }
        });
        try
        {
            if (section is not null && ScenarioBehaviour.Uses(slice))
            {
                // The behaviour module was registered here, not by ScenarioHost: its per-agent rules now, as ScenarioHost would.
                ScenarioBehaviour.Apply(runner, slice);
            }

            if (section is not null)
            {
                // Relations came with the agents (ScenarioHost); traits, network and backstory episodes now.
                ScenarioSocial.Apply(runner, SocialOnly(slice));
                for (var i = 0; i < slice.Events.Count; i++)
                {
                    if (slice.Events[i].Encounter is { } encounter)
                    {
                        ScenarioSocial.ScheduleEncounter(runner, encounter, i, TickOf(slice, slice.Events[i]));
                    }
                }
            }
        }
        catch
        {
            runner.Dispose();
            throw;
        }

        try
        {
            // The scenario's generators, run over the whole scenario (the same draws and sequence numbers as one
            // process), keeping what own agents take part in. File paths come absolute from the client.
            _generated = ScenarioEventFeed.Open(runner, _scenario, "", e => ShardLayout.Select(e, _ownNames.Contains));
            if (_generated is not null)
            {
                runner.AddInputFeed(_generated);
            }
        }
        catch
        {
            runner.Dispose();
            throw;
        }

        _halo = halo;
        _relay = null;
        if (_plan.Acts)
        {
            _relay = new ActionRelay(Index, _plan.World, SlotOf);
            runner.Behaviour().ShareChoices(_plan.LowGhosts, _plan.LowGhosts + _plan.Count, _relay.Exchange);
        }

        return runner;
    }

    private static long TickOf(Scenario slice, EventSpec e) => e.Tick ?? (long)Math.Round(e.At!.Value.Seconds / slice.Run.Step.Seconds);

    /// <summary>The slice without its social section, behaviours and encounters (same events, same indices), for ScenarioHost; everything else as the slice has it.</summary>
    private static Scenario WithoutSocial(Scenario slice)
    {
        if (slice.Social is null)
        {
            return slice;
        }

        var plain = SpecCopy.Shallow(slice);
        plain.Social = null;
        plain.Behaviours = null; // added after the social module by the shard (Create)
        plain.Events = [];
        foreach (var e in slice.Events)
        {
            plain.Events.Add(e.Encounter is null ? e : new EventSpec { At = e.At, Tick = e.Tick, Elicit = e.Elicit });
        }

        return plain;
    }

    /// <summary>The slice's agents without relations (already set) and its social section: what ScenarioSocial.Apply still has to do.</summary>
    private static Scenario SocialOnly(Scenario slice)
    {
        var only = new Scenario { Name = slice.Name, Run = slice.Run, Social = slice.Social };
        foreach (var a in slice.Agents)
        {
            only.Agents.Add(new AgentSpec { Id = a.Id, Count = a.Count, Group = a.Group });
        }

        return only;
    }

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
                var agent = _runner.World.AgentAt(SlotOf(impulse.GlobalAgent));

                // Source id above the engine's own (scenario, host, perception) keeps the order canonical: (tick, source shard, position in batch).
                _runner.Enqueue(new ElicitCommand(tick, CrossShardSource + batch.SourceShard, sequence++, agent, impulse.Emotion, impulse.Intensity));
            }
        }
    }

    private void Reschedule(long fromTick)
    {
        var slice = _plan.Slice;
        var step = slice.Run.Step.Seconds;
        var binders = new List<IScenarioBinder>();
        foreach (var m in _runner.Modules)
        {
            if (m is IScenarioBinder b)
            {
                binders.Add(b);
            }
        }

        for (var i = 0; i < slice.Events.Count; i++)
        {
            var e = slice.Events[i];
            var tick = e.Tick ?? (long)Math.Round(e.At!.Value.Seconds / step);
            if (tick < fromTick)
            {
                continue;
            }

            if (e.Elicit is { } el && _runner.TryGetAgent(el.Agent, out var agent))
            {
                Emotions.TryParse(el.Emotion, out var type);
                _runner.Enqueue(new ElicitCommand(tick, InputSources.Scenario, i, agent, type, el.Intensity));
            }

            if (ScenarioHost.IsAppraisable(e))
            {
                foreach (var b in binders)
                {
                    b.ScheduleEvent(_runner, e, i, tick);
                }
            }

            if (e.Encounter is { } encounter)
            {
                ScenarioSocial.ScheduleEncounter(_runner, encounter, i, tick);
            }
        }
    }

    /// <summary>Input source ids for cross-shard impulses start here (one id per source shard).</summary>
    public const int CrossShardSource = 1024;

    /// <summary>
    /// A dedicated thread that runs one tick each time it is asked, so a shard with a border exchange does not
    /// start a thread per tick. Calls are sequential (the shard runs one tick at a time).
    /// </summary>
    private sealed class TickThread : IDisposable
    {
        private readonly Thread _thread;
        private readonly SemaphoreSlim _go = new(0, 1);
        private SimulationRunner? _runner;
        private TaskCompletionSource? _done;
        private volatile bool _stop;

        public TickThread(string name)
        {
            _thread = new Thread(Loop) { IsBackground = true, Name = name };
            _thread.Start();
        }

        /// <summary>Runs one tick of <paramref name="runner"/> on the thread; the task ends with the tick.</summary>
        public Task Run(SimulationRunner runner)
        {
            ObjectDisposedException.ThrowIf(_stop, this);
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _runner = runner;
            _done = done;
            _go.Release();
            return done.Task;
        }

        public void Dispose()
        {
            if (_stop)
            {
                return;
            }

            _stop = true;
            _go.Release();
            _thread.Join(TimeSpan.FromSeconds(30));
            _go.Dispose();
        }

        private void Loop()
        {
            while (true)
            {
                _go.Wait();
                if (_stop)
                {
                    return;
                }

                var done = _done!;
                try
                {
                    _runner!.Step();
                    done.SetResult();
                }
                catch (Exception e)
                {
                    // The tick failed (an aborted exchange, a model error): the shard's caller sees it.
                    done.SetException(e);
                }
            }
        }
    }
}
