using System;
using System.Collections.Generic;
using System.IO;
using AffectEngine.Affect;

namespace AffectEngine.Persistence.Tests;

public sealed class RecordRoundTripTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    public void Replay_reproduces_every_tick_hash_whatever_the_thread_counts(int recordThreads, int replayThreads)
    {
        var (record, finalHash) = Recordings.Record(recordThreads);
        var result = Recordings.Replay(record, replayThreads);
        Assert.Null(result.Mismatch);
        Assert.True(result.Complete);
        Assert.Null(result.StopReason);
        Assert.Equal(60, result.Ticks);
        Assert.Equal(finalHash, result.FinalHash);
    }

    [Fact]
    public void Recording_does_not_change_the_state_hash()
    {
        var (_, recorded) = Recordings.Record(stageHashes: false);
        using var runner = Recordings.Runner(1, false);
        runner.Run(30);
        runner.TryGetAgent("b", out var b);
        runner.Elicit(b, EmotionType.Anger, 0.8f);
        runner.Run(30);
        Assert.Equal(runner.LastHash, recorded);
    }

    [Fact]
    public void Header_round_trips_with_the_embedded_scenario()
    {
        var (record, _) = Recordings.Record();
        using var reader = Recordings.Reader(record);
        var h = reader.Header;
        Assert.Equal(RecordFormat.Version, h.FormatVersion);
        Assert.Equal(7UL, h.Seed);
        Assert.Equal(0.1, h.StepSeconds);
        Assert.Equal(60, h.PlannedTicks);
        Assert.Equal(20, h.KeyframeEvery);
        Assert.True(h.StageHashes);
        Assert.Equal(Recordings.ScenarioBytes, h.Scenario);
        Assert.Equal(["spatial", "affect"], h.Plugins);
        Assert.Contains("emotion.joy", h.FieldNames);
    }

    [Fact]
    public void Frames_hold_every_tick_keyframes_every_K_ticks_and_an_end()
    {
        var (record, finalHash) = Recordings.Record();
        using var reader = Recordings.Reader(record);
        var ticks = new List<long>();
        var keyframes = new List<long>();
        EndRecord? end = null;
        var inputs = 0;
        while (reader.TryRead(out var frame))
        {
            if (frame!.Tick is { } t)
            {
                ticks.Add(t.Tick);
                Assert.Equal(7, t.StageHashes!.Count);
                inputs += t.Inputs.Count;
            }

            if (frame.Keyframe is { } k)
            {
                keyframes.Add(k.Tick);
            }

            end ??= frame.End;
        }

        Assert.Equal(60, ticks.Count);
        Assert.Equal(59, ticks[^1]);
        Assert.Equal([0L, 20, 40, 60], keyframes);
        Assert.Equal(3, inputs);
        Assert.NotNull(end);
        Assert.Equal(finalHash, end!.FinalHash);
        Assert.True(reader.Complete);
        Assert.Null(reader.StopReason);
    }

    [Fact]
    public void An_altered_input_is_reported_at_its_tick_and_the_inputs_stage()
    {
        var (record, _) = Recordings.Record();
        var altered = Rewrite(record, t =>
        {
            if (t.Tick != 30)
            {
                return t;
            }

            var input = t.Inputs[0];
            var payload = (byte[])input.Payload.Clone();
            BitConverter.GetBytes(0.25f).CopyTo(payload, 12);
            return new TickRecord(t.Tick, t.Hash, t.StageHashes, [input with { Payload = payload }]);
        });

        var result = Recordings.Replay(altered, 1);
        Assert.NotNull(result.Mismatch);
        Assert.Equal(30, result.Mismatch!.Tick);
        Assert.Equal("inputs", result.Mismatch.Stage);
    }

    [Fact]
    public void Without_stage_hashes_a_difference_names_the_tick_only()
    {
        var (record, _) = Recordings.Record(stageHashes: false);
        var altered = Rewrite(record, t => t.Tick == 10 ? new TickRecord(t.Tick, t.Hash ^ 1, null, t.Inputs) : t);
        var result = Recordings.Replay(altered, 2);
        Assert.Equal(10, result.Mismatch!.Tick);
        Assert.Null(result.Mismatch.Stage);
    }

    [Fact]
    public void An_unregistered_input_kind_is_a_record_error_naming_the_kind()
    {
        var (record, _) = Recordings.Record();
        using var reader = Recordings.Reader(record);
        using var runner = Recordings.Runner(1, true);
        var ex = Assert.Throws<RecordException>(() => RecordReplayer.Replay(reader, runner.Simulation, new TickInputRegistry(), new ReplayOptions()));
        Assert.Contains("'elicit'", ex.Message);
    }

    [Fact]
    public void A_per_tick_record_replayed_into_an_on_read_runner_is_refused_naming_the_fields()
    {
        // A version 2 record of a scenario that did not say ran its action units per tick; a library host that makes
        // today's default runner for it must be told which fields differ, not only how many.
        var (record, hash) = Recordings.Record(ticks: 20, actionUnits: ActionUnitOutput.PerTick);
        using (var reader = Recordings.Reader(record))
        using (var onRead = Recordings.Runner(1, true))
        {
            var ex = Assert.Throws<RecordException>(() => RecordReplayer.Replay(reader, onRead.Simulation, Recordings.Registry(), new ReplayOptions()));
            Assert.Contains("fields only in the record: express.au.1, express.au.2,", ex.Message);
            Assert.Contains("only in this engine: none", ex.Message);
        }

        using var again = Recordings.Reader(record);
        using var perTick = Recordings.Runner(1, true, ActionUnitOutput.PerTick);
        var result = RecordReplayer.Replay(again, perTick.Simulation, Recordings.Registry(), new ReplayOptions { Verify = true });
        Assert.Null(result.Mismatch);
        Assert.Equal(hash, perTick.LastHash);
    }

    [Fact]
    public void A_file_that_is_not_a_record_is_refused_with_a_clear_message()
    {
        var ex = Assert.Throws<RecordException>(() => Recordings.Reader("{ \"name\": \"json\" }"u8.ToArray()));
        Assert.Contains("not an AffectEngine record", ex.Message);
        var missing = Assert.Throws<RecordException>(() => RecordReader.Open(Path.Combine(Path.GetTempPath(), "no-such-dir-affect", "x.aerec")));
        Assert.Contains("file not found", missing.Message);
    }

    [Fact]
    public void Registry_refuses_a_kind_registered_twice()
    {
        var registry = Recordings.Registry();
        Assert.Throws<ArgumentException>(() => registry.Register("elicit", ElicitCommand.ReadPayload));
        Assert.True(registry.IsRegistered("elicit"));
    }

    /// <summary>Rewrites a record's tick frames through <paramref name="change"/> (keyframes and end kept).</summary>
    internal static byte[] Rewrite(byte[] record, Func<TickRecord, TickRecord> change)
    {
        using var reader = Recordings.Reader(record);
        var stream = new MemoryStream();
        using (var writer = new RecordWriter(stream, reader.Header))
        {
            while (reader.TryRead(out var frame))
            {
                if (frame!.Tick is { } t)
                {
                    writer.WriteTick(change(t));
                }
                else if (frame.Keyframe is { } k)
                {
                    writer.WriteKeyframe(k.Tick, k.Snapshot);
                }
                else if (frame.End is { } e)
                {
                    writer.WriteEnd(e.Ticks, e.FinalHash);
                }
            }
        }

        return stream.ToArray();
    }
}
