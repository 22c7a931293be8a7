using System;
using System.Collections.Generic;

namespace AffectEngine.Core;

/// <summary>
/// The fixed-step tick pipeline over a <see cref="World"/>. One <see cref="Step"/> runs the stages of
/// <see cref="TickStage"/> in order; within a stage, systems run in the order they were attached
/// (the default order is declared in Hosting's TickPipeline; docs/architecture.md, "The tick").
/// Per-agent (<see cref="IPartitionedSystem"/>) systems run in parallel over disjoint block ranges.
/// After the Express stage the state hash is taken; Publish-stage systems then observe the sealed tick.
/// </summary>
public sealed class Simulation : IDisposable
{
    private const int StageCount = (int)TickStage.Publish + 1;
    private readonly List<ISystem>[] _stages = new List<ISystem>[StageCount];
    private readonly ulong[] _stageHashes = new ulong[StageCount];
    private readonly HashingStateWriter _hasher = new();
    private readonly WorkerPool _pool;

    // Passes whose block work a host runs this tick (handed over by Fuse): the stage loop runs only their EndTick.
    private readonly List<ISystem> _fusedThisTick = new(4);
    private bool _disposed;

    /// <summary>Creates the pipeline with the world's thread count.</summary>
    public Simulation(World world)
    {
        Guard.NotNull(world);
        World = world;
        for (var i = 0; i < StageCount; i++)
        {
            _stages[i] = [];
        }

        _pool = new WorkerPool(world.Options.Threads);
    }

    /// <summary>The world being simulated.</summary>
    public World World { get; }

    /// <summary>The hash after the last completed tick (or of the initial state before any tick, once <see cref="ComputeHash"/> ran).</summary>
    public ulong LastHash { get; private set; }

    /// <summary>Hashes after each stage of the last tick, when <see cref="WorldOptions.HashEachStage"/> is set.</summary>
    public ReadOnlySpan<ulong> LastStageHashes => _stageHashes;

    /// <summary>
    /// Bytes allocated so far by the worker threads of per-agent stages (not the calling thread):
    /// with <see cref="GC.GetAllocatedBytesForCurrentThread"/> on the tick thread, a host or test can
    /// check that ticks allocate nothing, unaffected by other threads of the process.
    /// </summary>
    public long WorkerAllocatedBytes => _pool.WorkerAllocatedBytes;

    /// <summary>Threads used by per-agent stages.</summary>
    public int Threads => _pool.PartitionCount;

    /// <summary>
    /// Told before and after each system runs (null: nobody). Hosts use it to profile a tick; the
    /// engine itself never times anything, so the clock stays on the host's side.
    /// </summary>
    public ISystemObserver? Observer { get; set; }

    /// <summary>Attaches a system to its stage (after those already attached). Only between ticks.</summary>
    public void Attach(ISystem system)
    {
        Guard.NotNull(system);
        if (system is not IWorldSystem && system is not IPartitionedSystem)
        {
            throw new ArgumentException($"System '{system.Name}' must implement IWorldSystem or IPartitionedSystem.", nameof(system));
        }

        if (World.InTick)
        {
            throw new InvalidOperationException("Systems cannot be attached while a tick runs.");
        }

        _stages[(int)system.Stage].Add(system);
    }

    /// <summary>The systems of a stage, in run order.</summary>
    public IReadOnlyList<ISystem> SystemsOf(TickStage stage) => _stages[(int)stage];

    /// <summary>
    /// The pass that runs right after <paramref name="host"/> when it is an <see cref="IFusablePass"/> and
    /// nothing runs between them (the next system of the host's stage, or the first of the next stage when
    /// the host is its stage's last and every stage between is empty, and the world does not hash every stage),
    /// where systems that are <see cref="IFusionTransparent"/> to that pass do not count; otherwise null.
    /// Per-agent hosts call it in their BeginTick (systems are attached only between ticks, so the answer
    /// holds for the tick).
    /// </summary>
    public IFusablePass? FusableAfter(ISystem host)
    {
        Guard.NotNull(host);
        var stage = (int)host.Stage;
        var at = _stages[stage].IndexOf(host);
        if (at < 0)
        {
            return null;
        }

        // The first system after the host that is not transparent to some pass: the candidate.
        IFusablePass? pass = null;
        for (int s = stage, i = at + 1; s < StageCount && pass is null; s++, i = 0)
        {
            // With a hash after every stage, a pass fused across a stage boundary would run before the hash of
            // the host's stage: such passes run at their own place instead (the outputs are the same either way).
            if (s > stage && World.Options.HashEachStage)
            {
                return null;
            }

            var systems = _stages[s];
            for (; i < systems.Count; i++)
            {
                if (systems[i] is IFusablePass candidate)
                {
                    pass = candidate;
                    break;
                }

                if (systems[i] is not IFusionTransparent)
                {
                    return null;
                }
            }
        }

        if (pass is null)
        {
            return null;
        }

        // Every system between must let this pass run before it.
        for (int s = stage, i = at + 1; s < StageCount; s++, i = 0)
        {
            var systems = _stages[s];
            for (; i < systems.Count; i++)
            {
                if (ReferenceEquals(systems[i], pass))
                {
                    return pass;
                }

                if (!((IFusionTransparent)systems[i]).IsTransparentTo(pass))
                {
                    return null;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Called by a per-agent host in its BeginTick: the pass <see cref="FusableAfter"/> names, now handed over to
    /// the host for this tick. The host must call its <see cref="IFusablePass.BeginFused"/> and run every block
    /// through <see cref="IFusablePass.ExecuteFused"/>; the simulation then skips that pass's own BeginTick and
    /// Execute this tick and runs only its EndTick, at its place in the pipeline.
    /// </summary>
    public IFusablePass? Fuse(ISystem host)
    {
        var pass = FusableAfter(host);
        if (pass is not null && World.InTick)
        {
            _fusedThisTick.Add(pass);
        }

        return pass;
    }

    /// <summary>Whether <paramref name="system"/>'s block work ran inside its host's pass in the current or, between ticks, the last tick.</summary>
    public bool IsFused(ISystem system) => _fusedThisTick.Contains(system);

    /// <summary>Runs one tick. Allocates nothing in steady state (given systems that do not).</summary>
    public void Step()
    {
        ObjectDisposedExceptionThrowIf();
        var world = World;
        var tick = world.Tick;
        world.InTick = true;
        try
        {
            world.Inputs.BeginTick(tick);
            world.Events.BeginTick(tick);
            _fusedThisTick.Clear();
            var baseContext = new TickContext(tick, world.Options.StepSeconds, world.Seed, TickStage.Inputs, world.Options.AgentIndexOffset);
            var perStage = world.Options.HashEachStage;
            for (var s = 0; s < (int)TickStage.Publish; s++)
            {
                RunStage(s, baseContext.WithStage((TickStage)s));
                if (perStage)
                {
                    _stageHashes[s] = HashNow();
                }
            }

            world.Tick = tick + 1;
            if (world.Options.HashEveryTick || perStage)
            {
                LastHash = HashNow();
                _stageHashes[(int)TickStage.Publish] = LastHash;
            }

            RunStage((int)TickStage.Publish, baseContext.WithStage(TickStage.Publish));
        }
        finally
        {
            world.InTick = false;
        }
    }

    /// <summary>Runs <paramref name="ticks"/> ticks.</summary>
    public void Run(long ticks)
    {
        for (long i = 0; i < ticks; i++)
        {
            Step();
        }
    }

    /// <summary>Hashes the current state (xxHash64 of the canonical encoding) and remembers it as <see cref="LastHash"/>.</summary>
    public ulong ComputeHash()
    {
        LastHash = HashNow();
        return LastHash;
    }

    /// <summary>Saves the whole state in the canonical encoding (what the hash covers).</summary>
    public byte[] SaveSnapshot()
    {
        var writer = new BufferStateWriter((int)Math.Min(int.MaxValue - 64, SnapshotBytesHint()));
        SaveSnapshot(writer);
        return writer.ToArray();
    }

    /// <summary>
    /// Writes the same encoding as <see cref="SaveSnapshot()"/> into <paramref name="into"/>, which is cleared
    /// first: a caller that snapshots repeatedly (a recorder's keyframes) reuses one buffer instead of
    /// allocating and first-touching a new state-sized array per snapshot. The bytes are then <see cref="BufferStateWriter.Written"/>.
    /// </summary>
    public void SaveSnapshot(BufferStateWriter into)
    {
        Guard.NotNull(into);
        into.Clear();
        into.EnsureCapacity(SnapshotBytesHint());
        WorldEncoding.Write(World, into);
    }

    // The fixed part (generations, alive masks, blocks) plus room for the modules' sections after it. Sized for
    // less, the buffer doubles (a copy of every block, and twice the state held by a reused buffer) as soon as
    // the generations before the blocks, or the sections after them, overflow it.
    private long SnapshotBytesHint() =>
        32L + (4L * World.SlotCount) + World.BlockCount + (4L * World.BlockCount * World.BlockStride) + (1L << 16);

    /// <summary>Replaces the state with a snapshot; pending inputs are dropped (re-send those for later ticks).</summary>
    public void LoadSnapshot(ReadOnlyMemory<byte> snapshot)
    {
        if (World.InTick)
        {
            throw new InvalidOperationException("A snapshot cannot be loaded while a tick runs.");
        }

        var reader = new BufferStateReader(snapshot);
        WorldEncoding.Read(World, reader);
        if (reader.Remaining != 0)
        {
            throw new FormatException($"Snapshot has {reader.Remaining} unread trailing bytes.");
        }

        World.Inputs.ResetTo(World.Tick);
        World.Events.BeginTick(-1);
        LastHash = HashNow();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _pool.Dispose();
        }
    }

    private void RunStage(int stage, in TickContext context)
    {
        var systems = _stages[stage];
        for (var i = 0; i < systems.Count; i++)
        {
            var system = systems[i];
            var observer = Observer;
            observer?.Starting(system, context.Tick);
            if (system is IPartitionedSystem partitioned)
            {
                var partitions = _pool.PartitionCount;
                if (!IsFused(system))
                {
                    partitioned.BeginTick(context, partitions);
                    _pool.Run(partitioned, context, World.BlockCount);
                }

                partitioned.EndTick(context, partitions);
            }
            else
            {
                ((IWorldSystem)system).Execute(context);
            }

            observer?.Finished(system, context.Tick);
        }
    }

    private ulong HashNow()
    {
        _hasher.Reset();
        WorldEncoding.Write(World, _hasher);
        return _hasher.Digest();
    }

    private void ObjectDisposedExceptionThrowIf()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(Simulation));
        }
    }
}

/// <summary>Watches <see cref="Simulation"/> run its systems (e.g. a host's per-system profiler).</summary>
public interface ISystemObserver
{
    /// <summary>Called on the tick thread just before <paramref name="system"/> runs in tick <paramref name="tick"/>.</summary>
    void Starting(ISystem system, long tick);

    /// <summary>Called on the tick thread just after <paramref name="system"/> ran (all its partitions done).</summary>
    void Finished(ISystem system, long tick);
}
