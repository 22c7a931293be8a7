namespace AffectEngine.Core;

/// <summary>
/// A per-agent pass whose per-block work can run inside the per-agent pass that runs just before it
/// (its host), so the agent blocks are streamed once for both: the host takes it with
/// <see cref="Simulation.Fuse"/> in its BeginTick, calls <see cref="BeginFused"/>, and calls
/// <see cref="ExecuteFused"/> for each run of blocks it has finished (one block, or a few so the fused pass
/// runs its loop over them while they are still in cache); the simulation then skips the fused pass's own
/// <see cref="IPartitionedSystem.BeginTick"/> and <see cref="IPartitionedSystem.Execute"/> that tick and runs
/// its <see cref="IPartitionedSystem.EndTick"/> in its place as usual. A fused pass may itself host the pass
/// after it (a chain: each forwards every run it is handed to its own fusable successor).
/// <see cref="Simulation.Fuse"/> only hands over a pass with no system between the two but ones that are
/// <see cref="IFusionTransparent"/> to it, so no other system can observe the difference.
/// <para>
/// The contract that makes the early run invisible: the fused pass's work on a block reads and writes only
/// that block's own fields (and its own side state); the host writes nothing the fused pass reads after
/// it has handed over that block (nor in its EndTick), and reads nothing the fused pass writes. A pass that
/// writes hashed state may be fused across a stage boundary only because <see cref="Simulation.FusableAfter"/>
/// declines such a fusion when every stage is hashed. docs/architecture.md, "Fused passes", lists the
/// fusions in use.
/// </para>
/// </summary>
public interface IFusablePass : IPartitionedSystem
{
    /// <summary>Tick thread, from the host's BeginTick: this tick the host runs this pass's block work.</summary>
    void BeginFused(in TickContext context, int partitionCount);

    /// <summary>
    /// The work of blocks [<paramref name="firstBlock"/>, <paramref name="endBlock"/>), finished before it returns,
    /// from the host's Execute on partition <paramref name="partition"/>'s thread; a partition's runs come in
    /// ascending block order and cover every block of the partition.
    /// </summary>
    void ExecuteFused(in TickContext context, int firstBlock, int endBlock, int partition);
}

/// <summary>
/// A system that a fused pass may be run across: <see cref="Simulation.FusableAfter"/> looks past it for the next
/// <see cref="IFusablePass"/> when it is transparent to that pass, so the pass's block work runs inside its host,
/// before this system, instead of after it (the pass's EndTick still runs at its own place, after this system).
/// <para>
/// The contract that keeps every output as it was: the system reads nothing the pass writes; and whatever it
/// writes that the pass's block work reads, it brings into the pass's results itself while that pass is fused
/// (<see cref="Simulation.IsFused"/>), exactly as the pass would have computed them from the new values.
/// </para>
/// </summary>
public interface IFusionTransparent : ISystem
{
    /// <summary>Whether <paramref name="pass"/> may run before this system as described above.</summary>
    bool IsTransparentTo(IFusablePass pass);
}

/// <summary>
/// A fusable pass whose block work splits in two around a host that rewrites only some components of one field
/// (the contagion pass, which rewrites the contagious emotions): the part that does not read them runs early, in
/// an earlier pass's stream (<see cref="ExecuteEarly"/>), and <see cref="IFusablePass.ExecuteFused"/> then only
/// folds the rewritten components in, so the host's stream does not carry the pass's other inputs again.
/// <para>
/// The contract: the results equal the unsplit pass's bit for bit; between the early part and the host, only the
/// host writes those components, and any other write to the pass's inputs is followed by <see cref="RedoEarly"/>
/// for that agent. docs/architecture.md, "Fused passes", lists the splits in use.
/// </para>
/// </summary>
public interface ISplitFusablePass : IFusablePass
{
    /// <summary>
    /// Tick thread, before any early part of the tick: the host that will run this pass fused this tick rewrites
    /// only <paramref name="components"/> of <paramref name="field"/>. Returns whether the pass splits this tick;
    /// when it does, the caller runs <see cref="ExecuteEarly"/> over every block before the host runs.
    /// </summary>
    bool BeginSplit(in TickContext context, FieldId field, int[] components);

    /// <summary>The early part for blocks [<paramref name="firstBlock"/>, <paramref name="endBlock"/>), on any partition's thread.</summary>
    void ExecuteEarly(int firstBlock, int endBlock);

    /// <summary>The early part again for the block of <paramref name="slot"/>, whose inputs changed after it ran (tick thread).</summary>
    void RedoEarly(int slot);
}
