namespace AffectEngine;

/// <summary>
/// What a system knows about time: the tick number and the fixed step. The engine never reads the
/// wall clock; simulated time is <see cref="Tick"/> × <see cref="StepSeconds"/>.
/// </summary>
public readonly struct TickContext
{
    /// <summary>Creates a context.</summary>
    public TickContext(long tick, double stepSeconds, ulong seed, TickStage stage)
    {
        Tick = tick;
        StepSeconds = stepSeconds;
        Seed = seed;
        Stage = stage;
    }

    /// <summary>
    /// Creates a context for a world that holds a contiguous range of a larger run's agents (a shard):
    /// random streams are keyed by the agent's global index, local slot + <paramref name="agentIndexOffset"/>,
    /// so a sharded run draws the same numbers as one process.
    /// </summary>
    public TickContext(long tick, double stepSeconds, ulong seed, TickStage stage, int agentIndexOffset)
        : this(tick, stepSeconds, seed, stage) => AgentIndexOffset = agentIndexOffset;

    /// <summary>The tick being computed (the first tick is 0).</summary>
    public long Tick { get; }

    /// <summary>The fixed step, in simulated seconds.</summary>
    public double StepSeconds { get; }

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; }

    /// <summary>The stage being run.</summary>
    public TickStage Stage { get; }

    /// <summary>Added to a local agent slot to key random streams by the global agent index (0 unless sharded).</summary>
    public int AgentIndexOffset { get; }

    /// <summary>Simulated time at the start of this tick, in seconds.</summary>
    public double TimeSeconds => Tick * StepSeconds;

    /// <summary>The random stream for (seed, stream, tick, agent); see <see cref="RandomStream"/>.</summary>
    public RandomStream Random(ulong stream, int agentSlot) => new(Seed, stream, Tick, agentSlot + AgentIndexOffset);

    /// <summary>A copy of this context for another stage.</summary>
    public TickContext WithStage(TickStage stage) => new(Tick, StepSeconds, Seed, stage, AgentIndexOffset);
}
