using System;
using System.Collections.Generic;

namespace AffectEngine.Behaviour;

/// <summary>
/// One choice of the Express stage (an action, a coping act, a break starting or ending) as it crosses
/// shards (<see cref="BehaviourModule.ShareChoices"/>). Opaque to hosts except for the slots: <see cref="Slot"/>
/// (the chooser) and <see cref="Other"/> (−1: none) are slots of the world that made or receives it, which
/// the host maps to run-wide indices and back.
/// </summary>
/// <param name="Kind">What was chosen (the pass's own code).</param>
/// <param name="Slot">The chooser's slot.</param>
/// <param name="Value">Action or coping strategy.</param>
/// <param name="Other">The target's slot, −1 for none.</param>
/// <param name="Index">The goal or belief a coping act changes.</param>
/// <param name="X">The chooser's x at decision time (its move starts there).</param>
/// <param name="Y">The chooser's y at decision time.</param>
/// <param name="Arousal">The chooser's mood arousal at decision time (its speed).</param>
public readonly record struct SharedChoice(byte Kind, int Slot, int Value, int Other, int Index, float X, float Y, float Arousal);

/// <summary>
/// Set on a world that is one shard of a run (its own agents plus ghosts of agents owned elsewhere):
/// only slots in [<see cref="FirstSlot"/>, <see cref="EndSlot"/>) choose, and at the end of the Express
/// pass the tick thread hands this shard's choices to <see cref="Exchange"/>, which returns every shard's
/// choices in slot order (blocking until all shards have chosen). The pass then applies them all in that
/// order, as a single process applies its choices: own agents fully, ghosts only in what the agents here
/// can observe (their moves, their actions appraised next tick, a distanced goal).
/// </summary>
internal sealed class ShardActions
{
    public ShardActions(int firstSlot, int endSlot, Func<long, IReadOnlyList<SharedChoice>, IReadOnlyList<SharedChoice>> exchange)
    {
        FirstSlot = firstSlot;
        EndSlot = endSlot;
        Exchange = exchange ?? throw new ArgumentNullException(nameof(exchange));
    }

    /// <summary>The first own slot.</summary>
    public int FirstSlot { get; }

    /// <summary>One past the last own slot.</summary>
    public int EndSlot { get; }

    /// <summary>Trades this shard's choices of a tick for every shard's, in slot order; runs on the tick thread.</summary>
    public Func<long, IReadOnlyList<SharedChoice>, IReadOnlyList<SharedChoice>> Exchange { get; }

    /// <summary>True when <paramref name="slot"/> is an own agent's.</summary>
    public bool Owns(int slot) => slot >= FirstSlot && slot < EndSlot;

    /// <summary>The lanes of block <paramref name="block"/> (8 slots) that are own agents'.</summary>
    public int OwnLanes(int block, int lanes)
    {
        var lo = Math.Min(lanes, Math.Max(0, FirstSlot - (block * lanes)));
        var hi = Math.Min(lanes, Math.Max(0, EndSlot - (block * lanes)));
        return hi <= lo ? 0 : ((1 << hi) - 1) & ~((1 << lo) - 1);
    }
}
