using System;
using System.Collections.Generic;

namespace AffectEngine.Core;

/// <summary>Settings of a simulation run. <see cref="Validate"/> lists every bad field.</summary>
public sealed class WorldOptions
{
    /// <summary>The run's seed; every random draw is a function of it.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>The fixed step in simulated seconds (default 0.1 s).</summary>
    public double StepSeconds { get; set; } = 0.1;

    /// <summary>Threads used by per-agent stages (1 = run on the calling thread only).</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Agent slots allocated up front, so adding agents up to this count never allocates.</summary>
    public int InitialCapacity { get; set; } = 64;

    /// <summary>Compute the state hash after every tick (on by default; large benchmarks may turn it off).</summary>
    public bool HashEveryTick { get; set; } = true;

    /// <summary>Also hash after every stage, to name the first stage where two runs differ.</summary>
    public bool HashEachStage { get; set; }

    /// <summary>
    /// Global index of this world's slot 0 when it is one shard of a larger run (0 otherwise); random
    /// streams are keyed by slot + this offset so shards draw what a single process would.
    /// </summary>
    public int AgentIndexOffset { get; set; }

    /// <summary>
    /// Blocks of 8 agents that a per-agent pass hands at a time to the passes fused into it (docs/architecture.md,
    /// "Fused passes"). 0, the default, takes as many as fill half the core's L2 cache (read from the processor at
    /// start-up; 32 where it cannot be read), which was fastest in every measured world (benchmarks/README.md, "runs").
    /// Results never depend on it, only speed; read at every tick.
    /// </summary>
    public int FusedRunBlocks { get; set; }

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        p.Require(!double.IsNaN(StepSeconds) && !double.IsInfinity(StepSeconds) && StepSeconds > 0 && StepSeconds <= 3600, $"StepSeconds must be a number in (0, 3600]; got {StepSeconds}.");
        p.Range(Threads, 1, 256, nameof(Threads));
        p.Range(InitialCapacity, 0, 1 << 28, nameof(InitialCapacity));
        p.Range(FusedRunBlocks, 0, 1 << 20, nameof(FusedRunBlocks));
        p.Require(AgentIndexOffset >= 0, $"AgentIndexOffset must not be negative; got {AgentIndexOffset}.");
        return p.List;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem when invalid.</summary>
    public void ThrowIfInvalid() => Problems.ThrowIfAny(Validate());

    /// <summary>A copy.</summary>
    public WorldOptions Clone() => (WorldOptions)MemberwiseClone();
}
