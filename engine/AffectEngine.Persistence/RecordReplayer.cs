using System;
using System.Collections.Generic;
using System.Linq;
using AffectEngine.Core;

namespace AffectEngine.Persistence;

/// <summary>The first tick whose recomputed hash differs from the recorded one.</summary>
/// <param name="Tick">The tick.</param>
/// <param name="Stage">The first stage that differs ("inputs", "appraise", ...), or null when the record has no per-stage hashes.</param>
/// <param name="Expected">The recorded hash (of the stage, when named; else of the tick).</param>
/// <param name="Actual">The recomputed hash.</param>
public sealed record HashMismatch(long Tick, string? Stage, ulong Expected, ulong Actual);

/// <summary>How a replay went.</summary>
public sealed class ReplayResult
{
    /// <summary>Ticks re-run.</summary>
    public long Ticks { get; internal set; }

    /// <summary>The hash after the last tick re-run.</summary>
    public ulong FinalHash { get; internal set; }

    /// <summary>The first difference, when verifying; null when every hash matched.</summary>
    public HashMismatch? Mismatch { get; internal set; }

    /// <summary>True when the record ended with its end frame.</summary>
    public bool Complete { get; internal set; }

    /// <summary>Why the record could not be read to its end, or null.</summary>
    public string? StopReason { get; internal set; }
}

/// <summary>Replay settings.</summary>
public sealed class ReplayOptions
{
    /// <summary>Compare every tick's hash (and stage hashes, when both sides have them) with the record; stop at the first difference.</summary>
    public bool Verify { get; set; }

    /// <summary>Called after each re-run tick with the tick just run (state may be read, never changed).</summary>
    public Action<long, Simulation>? AfterTick { get; set; }

    /// <summary>Called once after the initial keyframe is loaded, before the first tick.</summary>
    public Action<Simulation>? AfterLoad { get; set; }
}

/// <summary>Re-runs a record: loads its initial keyframe, feeds each tick's recorded batch and steps.</summary>
public static class RecordReplayer
{
    private static readonly string[] StageNames = ["inputs", "perceive", "appraise", "affect", "social", "express", "publish"];

    /// <summary>
    /// Replays the frames after the header. The simulation must be built like the recorded one
    /// (same modules, same fields; its pending inputs are dropped). Throws <see cref="RecordException"/>
    /// when the record cannot drive it (no initial keyframe, unknown input kind, other fields).
    /// </summary>
    public static ReplayResult Replay(RecordReader reader, Simulation simulation, TickInputRegistry registry, ReplayOptions? options = null)
    {
        if (reader is null || simulation is null || registry is null)
        {
            throw new ArgumentNullException(reader is null ? nameof(reader) : simulation is null ? nameof(simulation) : nameof(registry));
        }

        options ??= new ReplayOptions();
        var result = new ReplayResult();
        CheckFields(reader.Header, simulation.World.Schema.FieldNames);
        if (!reader.TryRead(out var first) || first!.Keyframe is null)
        {
            result.StopReason = reader.StopReason ?? "the record has no initial keyframe";
            throw new RecordException(result.StopReason);
        }

        CheckSnapshotSize(first.Keyframe, simulation.World.BlockStride);
        try
        {
            simulation.LoadSnapshot(first.Keyframe.Snapshot);
        }
        catch (FormatException ex)
        {
            throw new RecordException($"the initial keyframe does not fit this engine: {ex.Message}", ex);
        }

        options.AfterLoad?.Invoke(simulation);
        var compareStages = reader.Header.StageHashes && simulation.World.Options.HashEachStage;
        while (reader.TryRead(out var frame))
        {
            if (frame!.Tick is { } t)
            {
                if (t.Tick != simulation.World.Tick)
                {
                    throw new RecordException($"tick frame {t.Tick} does not follow the simulation's tick {simulation.World.Tick}");
                }

                foreach (var input in t.Inputs)
                {
                    var decoded = registry.Decode(input);
                    try
                    {
                        simulation.World.Inputs.Enqueue(decoded);
                    }
                    catch (ArgumentException ex)
                    {
                        throw new RecordException($"tick {t.Tick}: recorded input cannot be scheduled: {ex.Message}", ex);
                    }
                }

                simulation.Step();
                result.Ticks++;
                result.FinalHash = simulation.LastHash;
                options.AfterTick?.Invoke(t.Tick, simulation);
                if (options.Verify && simulation.LastHash != t.Hash)
                {
                    result.Mismatch = FindStage(t, simulation, compareStages);
                    return result;
                }
            }
            else if (frame.End is { } e && options.Verify && e.FinalHash != simulation.LastHash)
            {
                result.Mismatch = new HashMismatch(simulation.World.Tick - 1, null, e.FinalHash, simulation.LastHash);
                return result;
            }
        }

        result.Complete = reader.Complete;
        result.StopReason = reader.StopReason;
        return result;
    }

    /// <summary>The name of a stage by index, as used in messages.</summary>
    public static string StageName(int stage) => stage >= 0 && stage < StageNames.Length ? StageNames[stage] : "stage " + stage;

    private static HashMismatch FindStage(TickRecord t, Simulation simulation, bool compareStages)
    {
        if (compareStages && t.StageHashes is { } recorded)
        {
            var actual = simulation.LastStageHashes;
            var n = Math.Min(recorded.Count, actual.Length);
            for (var s = 0; s < n; s++)
            {
                if (recorded[s] != actual[s])
                {
                    return new HashMismatch(t.Tick, StageName(s), recorded[s], actual[s]);
                }
            }
        }

        return new HashMismatch(t.Tick, null, t.Hash, simulation.LastHash);
    }

    /// <summary>
    /// Rejects a keyframe whose declared slot count needs more bytes than it has, before the core
    /// allocates for it: a damaged (but checksum-valid) frame must not make the reader allocate gigabytes.
    /// Layout (Core's WorldEncoding): version i32, tick i64, fields i32, slots i32, generations, alive masks, blocks, ...
    /// </summary>
    private static void CheckSnapshotSize(KeyframeRecord keyframe, int blockStride)
    {
        var s = keyframe.Snapshot;
        if (s.Length < 20)
        {
            throw new RecordException($"keyframe for tick {keyframe.Tick} is too short ({s.Length} bytes) to be a snapshot");
        }

        var snapshotTick = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(s.AsSpan(4));
        var slots = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(s.AsSpan(16));
        var blocks = ((long)slots + 7) / 8;
        var needed = 20 + (4L * slots) + blocks + (blocks * blockStride * 4L);
        if (slots < 0 || needed > s.Length)
        {
            throw new RecordException($"keyframe for tick {keyframe.Tick} declares {slots} agent slots but holds only {s.Length} bytes");
        }

        if (snapshotTick != keyframe.Tick)
        {
            throw new RecordException($"keyframe for tick {keyframe.Tick} holds the state of tick {snapshotTick}");
        }
    }

    private static void CheckFields(RecordHeader header, IReadOnlyList<string> fields)
    {
        var recorded = header.FieldNames;
        if (recorded.Count == 0 || recorded.SequenceEqual(fields))
        {
            return;
        }

        // Name the fields that differ: with the same modules, a setting that adds or drops fields (the affect module's
        // action units per tick or on read) shows by name.
        var onlyRecorded = recorded.Except(fields).ToList();
        var onlyHere = fields.Except(recorded).ToList();
        var what = onlyRecorded.Count + onlyHere.Count == 0
            ? "the same fields in another order"
            : $"fields only in the record: {Names(onlyRecorded)}; only in this engine: {Names(onlyHere)}";
        throw new RecordException($"the record's agent fields differ from this engine's ({what}): it was written by a different engine build, module set or module settings");
    }

    private static string Names(List<string> names) => names.Count == 0 ? "none" : $"{string.Join(", ", names.Take(16))}{(names.Count > 16 ? $", … ({names.Count} in all)" : "")}";
}
