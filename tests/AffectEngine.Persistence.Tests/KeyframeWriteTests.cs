using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;
using AffectEngine.Core;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;
using MessagePack;

namespace AffectEngine.Persistence.Tests;

/// <summary>
/// Keyframes are written without copying the snapshot (head encoded alone, CRC over head and snapshot, the
/// snapshot straight to the stream) and from one reused snapshot buffer: the bytes must stay those of the
/// frame encoded whole, and a snapshot into a warm buffer must not allocate the state's size.
/// </summary>
public sealed class KeyframeWriteTests
{
    // Around MessagePack's bin8/bin16/bin32 limits and the writer's 64 KiB pending buffer.
    [Theory]
    [InlineData(0, 0L)]
    [InlineData(17, 5L)]
    [InlineData(255, 127L)]
    [InlineData(256, 128L)]
    [InlineData(65_535, 70_000L)]
    [InlineData(65_536, 4_000_000_000L)]
    [InlineData(65_520, 3L)]
    [InlineData(300_001, 1L << 40)]
    public void A_keyframe_frame_is_byte_for_byte_the_frame_encoded_whole(int size, long tick)
    {
        var snapshot = new byte[size];
        new Random(size).NextBytes(snapshot);
        using var stream = new MemoryStream();
        using (var writer = new RecordWriter(stream, new RecordHeader { EngineVersion = "test", Threads = 1, StepSeconds = 0.1, PlannedTicks = 10, KeyframeEvery = 1 }))
        {
            writer.Flush();
            var start = writer.Length;
            Assert.Equal(start, stream.Length);
            writer.WriteKeyframe(tick, snapshot);
            Assert.Equal(stream.Length, writer.Length);
            Assert.Equal(2, writer.FrameCount);
            var written = stream.ToArray().AsSpan((int)start).ToArray();
            Assert.Equal(WholeFrame(tick, snapshot), written);
        }

        using var reader = new RecordReader(new MemoryStream(stream.ToArray(), writable: false), "k.aerec", ownsStream: true);
        Assert.True(reader.TryRead(out var frame));
        Assert.Equal(tick, frame!.Keyframe!.Tick);
        Assert.Equal(snapshot, frame.Keyframe.Snapshot);
    }

    [Fact]
    public void A_snapshot_into_a_reused_buffer_is_SaveSnapshot_and_allocates_no_state_sized_array()
    {
        using var runner = Recordings.Runner(1, stageHashes: false);
        var buffer = new BufferStateWriter();
        runner.Run(5);
        runner.Simulation.SaveSnapshot(buffer);
        Assert.Equal(runner.Simulation.SaveSnapshot(), buffer.Written.ToArray());

        runner.Run(7);
        var expected = runner.Simulation.SaveSnapshot();
        var before = GC.GetAllocatedBytesForCurrentThread();
        runner.Simulation.SaveSnapshot(buffer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(expected, buffer.Written.ToArray());
        Assert.True(allocated < expected.Length / 4, $"a warm snapshot allocated {allocated} B for {expected.Length} B of state");
    }

    [Fact]
    public void A_first_snapshot_into_a_fresh_buffer_sizes_it_once()
    {
        // 25,000 agents (about 4.3 MB of state), so the room left for the modules' sections is small beside it: a
        // buffer sized for the fixed part alone doubled when the sections after the blocks overflowed it, which
        // copied the whole state and left a recorder holding twice the state for the run.
        var json = Recordings.Json.Replace("\"count\": 13", "\"count\": 25000", StringComparison.Ordinal);
        var scenario = ScenarioLoader.Parse(System.Text.Encoding.UTF8.GetBytes(json), "big.json");
        using var runner = ScenarioHost.CreateRunner(scenario, new RunOverrides { Threads = 1 });
        runner.Run(3);
        var state = runner.Simulation.SaveSnapshot().Length;
        Assert.True(state > 1 << 22, $"{state} B of state");
        var buffer = new BufferStateWriter();
        var before = GC.GetAllocatedBytesForCurrentThread();
        runner.Simulation.SaveSnapshot(buffer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(state, buffer.Written.Length);
        Assert.True(allocated < state * 1.2, $"the first snapshot allocated {allocated} B for {state} B of state");
    }

    [Fact]
    public void Every_keyframe_the_recorder_writes_restores_the_state_it_was_taken_from()
    {
        var (record, _) = Recordings.Record(stageHashes: false, ticks: 60, keyframeEvery: 20);
        using var reader = Recordings.Reader(record);
        using var runner = Recordings.Runner(1, stageHashes: false);
        var keyframes = 0;
        while (reader.TryRead(out var frame))
        {
            if (frame!.Keyframe is { } k)
            {
                runner.Simulation.LoadSnapshot(k.Snapshot);
                Assert.Equal(k.Tick, runner.World.Tick);
                Assert.Equal(k.Snapshot, runner.Simulation.SaveSnapshot());
                keyframes++;
            }
        }

        Assert.Equal(4, keyframes);
    }

    // The frame as the writer encoded it before keyframes were streamed: the whole body in one buffer.
    private static byte[] WholeFrame(long tick, byte[] snapshot)
    {
        var body = new ArrayBufferWriter<byte>();
        body.GetSpan(1)[0] = (byte)RecordFrameType.Keyframe;
        body.Advance(1);
        var w = new MessagePackWriter(body);
        RecordCodec.WriteKeyframe(ref w, tick, snapshot);
        w.Flush();
        var frame = new byte[RecordFormat.FramePrefixBytes + body.WrittenCount];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)body.WrittenCount);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Crc32.HashToUInt32(body.WrittenSpan));
        body.WrittenSpan.CopyTo(frame.AsSpan(RecordFormat.FramePrefixBytes));
        return frame;
    }
}
