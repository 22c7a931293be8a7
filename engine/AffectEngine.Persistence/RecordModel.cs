using System;
using System.Collections.Generic;

namespace AffectEngine.Persistence;

/// <summary>What a record says about its run (the first frame). Everything replay needs: the scenario is embedded.</summary>
public sealed class RecordHeader
{
    /// <summary>The record layout version (<see cref="RecordFormat.Version"/> when written by this build).</summary>
    public int FormatVersion { get; set; } = RecordFormat.Version;

    /// <summary>The engine build that wrote the record (a different build may hash differently).</summary>
    public string EngineVersion { get; set; } = "";

    /// <summary>The run's seed.</summary>
    public ulong Seed { get; set; }

    /// <summary>Threads used by per-agent stages when recorded (results do not depend on it).</summary>
    public int Threads { get; set; } = 1;

    /// <summary>The fixed step in simulated seconds.</summary>
    public double StepSeconds { get; set; }

    /// <summary>Ticks the run was asked to run (the record may hold fewer if it was interrupted).</summary>
    public long PlannedTicks { get; set; }

    /// <summary>Keyframe interval in ticks (0 = only the initial keyframe).</summary>
    public int KeyframeEvery { get; set; }

    /// <summary>True when tick frames carry per-stage hashes (lets verification name the stage that differs).</summary>
    public bool StageHashes { get; set; }

    /// <summary>The scenario's file name when recorded (informational).</summary>
    public string ScenarioName { get; set; } = "";

    /// <summary>xxHash64 of <see cref="Scenario"/>.</summary>
    public ulong ScenarioHash { get; set; }

    /// <summary>The scenario file's bytes, so a replay needs no other file.</summary>
    public byte[] Scenario { get; set; } = [];

    /// <summary>Modules and plugins of the run, in setup order.</summary>
    public IReadOnlyList<string> Plugins { get; set; } = [];

    /// <summary>Agent names by slot ("" for unnamed or free slots), for exports.</summary>
    public IReadOnlyList<string> AgentNames { get; set; } = [];

    /// <summary>The hot fields by name, in block order (what a keyframe's blocks hold).</summary>
    public IReadOnlyList<string> FieldNames { get; set; } = [];
}

/// <summary>One input of a tick's batch as stored: its kind, stamp and canonical payload bytes.</summary>
/// <param name="Kind">The <see cref="TickInput.Kind"/> tag.</param>
/// <param name="Tick">The tick it applies at.</param>
/// <param name="Source">Its source number.</param>
/// <param name="Sequence">Its order within the source.</param>
/// <param name="Payload">What <see cref="TickInput.WritePayload"/> wrote.</param>
public sealed record RecordedInput(string Kind, long Tick, int Source, long Sequence, byte[] Payload);

/// <summary>A tick frame: the batch applied at <see cref="Tick"/> and the hash after it.</summary>
public sealed class TickRecord
{
    /// <summary>Creates a tick record.</summary>
    public TickRecord(long tick, ulong hash, IReadOnlyList<ulong>? stageHashes, IReadOnlyList<RecordedInput> inputs)
    {
        Tick = tick;
        Hash = hash;
        StageHashes = stageHashes;
        Inputs = inputs;
    }

    /// <summary>The tick that was run.</summary>
    public long Tick { get; }

    /// <summary>The state hash after the tick.</summary>
    public ulong Hash { get; }

    /// <summary>Hash after each stage (<see cref="TickStage"/> order), or null when not recorded.</summary>
    public IReadOnlyList<ulong>? StageHashes { get; }

    /// <summary>The input batch, in canonical order.</summary>
    public IReadOnlyList<RecordedInput> Inputs { get; }
}

/// <summary>A keyframe: the state before tick <see cref="Tick"/> as <c>Simulation.SaveSnapshot</c> wrote it.</summary>
/// <param name="Tick">The next tick to run in that state.</param>
/// <param name="Snapshot">The snapshot bytes.</param>
public sealed record KeyframeRecord(long Tick, byte[] Snapshot);

/// <summary>The end frame of a run that finished normally.</summary>
/// <param name="Ticks">Ticks run.</param>
/// <param name="FinalHash">The state hash after the last tick.</param>
public sealed record EndRecord(long Ticks, ulong FinalHash);

/// <summary>A record is not readable (not a record, no header, a header it cannot understand). The message says where and why.</summary>
public sealed class RecordException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RecordException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public RecordException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public RecordException()
        : base("not a readable record")
    {
    }
}
