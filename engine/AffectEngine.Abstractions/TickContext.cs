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

    /// <summary>The tick being computed (the first tick is 0).</summary>
    public long Tick { get; }

    /// <summary>The fixed step, in simulated seconds.</summary>
    public double StepSeconds { get; }

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; }

    /// <summary>The stage being run.</summary>
    public TickStage Stage { get; }

    /// <summary>Simulated time at the start of this tick, in seconds.</summary>
    public double TimeSeconds => Tick * StepSeconds;

    /// <summary>The random stream for (seed, stream, tick, agent); see <see cref="RandomStream"/>.</summary>
    public RandomStream Random(ulong stream, int agentSlot) => new(Seed, stream, Tick, agentSlot);

    /// <summary>A copy of this context for another stage.</summary>
    public TickContext WithStage(TickStage stage) => new(Tick, StepSeconds, Seed, stage);
}
