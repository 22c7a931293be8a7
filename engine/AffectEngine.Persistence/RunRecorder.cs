using System;
using AffectEngine.Core;

namespace AffectEngine.Persistence;

/// <summary>
/// Records a run as it happens: a Publish-stage system (the last stage of the tick; docs/architecture.md) that appends
/// each sealed tick's input batch and hash (plus per-stage hashes when the world hashes each stage)
/// and a keyframe every <see cref="KeyframeEvery"/> ticks. It only reads state, so attaching it does
/// not change any hash.
/// </summary>
public sealed class RunRecorder : IWorldSystem
{
    private readonly Simulation _simulation;
    private readonly RecordWriter _writer;

    // One state-sized buffer for every keyframe of the run: a new array per keyframe made each one allocate
    // and first-touch the state's size again (10^6 agents: 228 MB, seconds of page faults on a VM).
    private readonly BufferStateWriter _snapshot = new(1 << 16);
    private long _ticks;

    private RunRecorder(Simulation simulation, RecordWriter writer, int keyframeEvery)
    {
        _simulation = simulation;
        _writer = writer;
        KeyframeEvery = keyframeEvery;
    }

    /// <summary>Keyframe interval in ticks (0 = only the initial keyframe).</summary>
    public int KeyframeEvery { get; }

    /// <inheritdoc />
    public string Name => "persistence.record";

    /// <inheritdoc />
    public TickStage Stage => TickStage.Publish;

    /// <summary>
    /// Writes the initial keyframe (the state before the next tick) and attaches the recorder.
    /// The header's <see cref="RecordHeader.KeyframeEvery"/> and <see cref="RecordHeader.StageHashes"/> must match.
    /// </summary>
    public static RunRecorder Attach(Simulation simulation, RecordWriter writer)
    {
        if (simulation is null || writer is null)
        {
            throw new ArgumentNullException(simulation is null ? nameof(simulation) : nameof(writer));
        }

        var options = simulation.World.Options;
        if (!options.HashEveryTick && !options.HashEachStage)
        {
            throw new ArgumentException("Recording needs the state hash of every tick: set HashEveryTick.", nameof(simulation));
        }

        if (writer.Header.StageHashes != options.HashEachStage)
        {
            throw new ArgumentException("The record header's StageHashes must match the world's HashEachStage.", nameof(writer));
        }

        var recorder = new RunRecorder(simulation, writer, writer.Header.KeyframeEvery);
        recorder.WriteKeyframe();
        simulation.Attach(recorder);
        return recorder;
    }

    /// <inheritdoc />
    public void Execute(in TickContext context)
    {
        var world = _simulation.World;
        var stages = world.Options.HashEachStage ? _simulation.LastStageHashes : ReadOnlySpan<ulong>.Empty;
        _writer.WriteTick(context.Tick, _simulation.LastHash, stages, world.Inputs.Current);
        _ticks++;
        if (KeyframeEvery > 0 && world.Tick % KeyframeEvery == 0)
        {
            WriteKeyframe();
        }
    }

    private void WriteKeyframe()
    {
        _simulation.SaveSnapshot(_snapshot);
        _writer.WriteKeyframe(_simulation.World.Tick, _snapshot.Written);
    }

    /// <summary>Writes the end frame (ticks recorded, final hash) and flushes: call once the run finished normally.</summary>
    public void Complete() => _writer.WriteEnd(_ticks, _simulation.LastHash);
}
