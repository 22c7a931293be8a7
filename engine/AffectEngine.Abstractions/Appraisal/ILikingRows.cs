using System;

namespace AffectEngine.Appraisal;

/// <summary>
/// A <see cref="ILikingSource"/> that can list whom an agent holds a liking of. Searches for the most or
/// least liked other need only the agents whose liking is not 0, which are the declared likings plus this
/// list; a source without it may answer for anyone, so those searches ask it about every agent in the world.
/// </summary>
/// <remarks>
/// Public only because the engine's assemblies cannot share internal types (the social layer implements it,
/// the behaviour layer reads it); hosts rarely need it, but a host's own source may implement it to get the
/// same fast searches.
/// </remarks>
public interface ILikingRows
{
    /// <summary>How many slots <see cref="CopyLikedSlots"/> writes for <paramref name="from"/> (an upper bound will do).</summary>
    int LikedCount(AgentId from);

    /// <summary>
    /// Writes into <paramref name="slots"/> the slot of every agent for which
    /// <see cref="ILikingSource.TryGetLiking"/>(<paramref name="from"/>, agent) answers true, and returns how
    /// many were written (at most <see cref="LikedCount"/>; <paramref name="slots"/> holds at least that many).
    /// Extra slots (stale handles, duplicates, any order) are allowed: callers sort, dedupe and ask each again.
    /// Read-only, so parallel partitions may call it during a pass.
    /// </summary>
    int CopyLikedSlots(AgentId from, Span<int> slots);
}
