namespace AffectEngine;

/// <summary>A part of the tick attached to one stage. Systems run in registration order within a stage.</summary>
public interface ISystem
{
    /// <summary>A stable name, used in diagnostics and per-stage hashes.</summary>
    string Name { get; }

    /// <summary>The stage this system runs in.</summary>
    TickStage Stage { get; }
}

/// <summary>A system that runs once per tick on the tick thread.</summary>
public interface IWorldSystem : ISystem
{
    /// <summary>Runs the system for one tick. Must not allocate in steady state.</summary>
    void Execute(in TickContext context);
}

/// <summary>
/// A per-agent system run in parallel over disjoint ranges of agent blocks. Each call touches only
/// its own blocks (and, if it must write elsewhere, its own partition's buffer), so the result is
/// the same at any thread count.
/// </summary>
public interface IPartitionedSystem : ISystem
{
    /// <summary>Called once before the partitions of a tick run, on the tick thread.</summary>
    void BeginTick(in TickContext context, int partitionCount);

    /// <summary>Processes blocks [<paramref name="firstBlock"/>, <paramref name="endBlock"/>).</summary>
    void Execute(in TickContext context, int firstBlock, int endBlock, int partition);

    /// <summary>Called once after all partitions are done, on the tick thread, to merge per-partition buffers in a fixed order.</summary>
    void EndTick(in TickContext context, int partitionCount);
}
