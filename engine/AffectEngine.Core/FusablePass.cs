namespace AffectEngine.Core;

/// <summary>
/// A per-agent pass whose per-block work can run inside the per-agent pass that runs just before it
/// (its host), so the agent blocks are streamed once for both: the host calls <see cref="BeginFused"/>
/// in its BeginTick, <see cref="ExecuteFused"/> for each of its blocks and <see cref="EndFusedPartition"/>
/// after a partition's last block; the fused pass's own <see cref="IPartitionedSystem.BeginTick"/> and
/// <see cref="IPartitionedSystem.Execute"/> then do nothing that tick, and its
/// <see cref="IPartitionedSystem.EndTick"/> runs in its place as usual. A fused pass may itself host the
/// pass after it (a chain: each forwards every block it is handed, and the partition's end, to its own
/// fusable successor). A host finds it with <see cref="Simulation.FusableAfter"/>, which only returns a pass
/// with no system between the two, so no other system can observe the difference.
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

    /// <summary>Block <paramref name="block"/>'s work, from the host's Execute on partition <paramref name="partition"/>'s thread, in ascending block order within a partition.</summary>
    void ExecuteFused(in TickContext context, int block, int partition);

    /// <summary>
    /// From the host's Execute on partition <paramref name="partition"/>'s thread, after that partition's last
    /// <see cref="ExecuteFused"/>: work the pass held back for later blocks of the partition (a pipeline's
    /// lagging stage) is finished here. Not called for a partition that was handed no block.
    /// </summary>
    void EndFusedPartition(in TickContext context, int partition);
}
