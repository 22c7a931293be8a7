using System;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Hashing;

namespace AffectEngine.Persistence.Tests;

public sealed class DamagedRecordTests
{
    [Fact]
    public void Every_truncation_is_read_to_its_last_good_frame_with_a_reason()
    {
        var (record, _) = Recordings.Record(ticks: 40, keyframeEvery: 10);
        long previousTicks = -1;
        var headerEnd = HeaderEnd(record);
        for (var cut = 0; cut <= record.Length; cut++)
        {
            var bytes = record.AsSpan(0, cut).ToArray();
            if (cut < headerEnd)
            {
                var ex = Assert.Throws<RecordException>(() => Recordings.Reader(bytes));
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                continue;
            }

            using var reader = Recordings.Reader(bytes);
            while (reader.TryRead(out _))
            {
            }

            Assert.True(reader.TicksRead >= previousTicks, $"cut {cut}: fewer ticks than a shorter cut");
            previousTicks = reader.TicksRead;
            if (cut < record.Length)
            {
                Assert.False(reader.Complete);
                Assert.NotNull(reader.StopReason);
                Assert.Contains("test.aerec", reader.StopReason);
            }
            else
            {
                Assert.True(reader.Complete);
                Assert.Null(reader.StopReason);
            }
        }

        Assert.Equal(40, previousTicks);
    }

    [Fact]
    public void A_flipped_bit_stops_reading_at_the_damaged_frame()
    {
        var (record, _) = Recordings.Record();
        var damaged = (byte[])record.Clone();
        var at = record.Length / 2;
        damaged[at] ^= 0x10;
        using var reader = Recordings.Reader(damaged);
        while (reader.TryRead(out _))
        {
        }

        Assert.False(reader.Complete);
        Assert.Matches("byte [0-9]+: (corrupted|truncated) frame", reader.StopReason!);
        Assert.True(reader.Position <= at);
        Assert.True(reader.TicksRead > 0);
    }

    [Fact]
    public void Replay_of_a_truncated_record_verifies_what_remains()
    {
        var (record, _) = Recordings.Record();
        var cut = record.AsSpan(0, (record.Length * 2) / 3).ToArray();
        var result = Recordings.Replay(cut, 2);
        Assert.Null(result.Mismatch);
        Assert.False(result.Complete);
        Assert.NotNull(result.StopReason);
        Assert.InRange(result.Ticks, 1, 59);
    }

    /// <summary>
    /// Thousands of mutated records (deterministic seed, time-bounded): byte flips, overwritten and
    /// removed ranges, truncations, and frames whose body is mutated with a valid checksum so the
    /// MessagePack decoder and the replayer see garbage. Only typed errors are allowed.
    /// </summary>
    [Fact]
    public void Fuzzed_records_give_only_typed_errors()
    {
        var (record, _) = Recordings.Record(ticks: 30, keyframeEvery: 10);
        var rng = new Random(20261127);
        var clock = Stopwatch.StartNew();
        var cases = 0;
        while (cases < 4000 && clock.Elapsed < TimeSpan.FromSeconds(25))
        {
            var bytes = Mutate(record, rng);
            cases++;
            RecordReader reader;
            try
            {
                reader = Recordings.Reader(bytes);
            }
            catch (RecordException)
            {
                continue;
            }

            using (reader)
            using (var runner = Recordings.Runner(1, reader.Header.StageHashes))
            {
                try
                {
                    RecordReplayer.Replay(reader, runner.Simulation, Recordings.Registry(), new ReplayOptions { Verify = true });
                }
                catch (RecordException ex)
                {
                    Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                }
            }
        }

        Assert.True(cases >= 1000, $"only {cases} cases ran in the time bound");
    }

    private static byte[] Mutate(byte[] record, Random rng)
    {
        var bytes = (byte[])record.Clone();
        switch (rng.Next(5))
        {
            case 0:
                for (var i = rng.Next(1, 8); i > 0; i--)
                {
                    bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                }

                return bytes;
            case 1:
                return bytes.AsSpan(0, rng.Next(bytes.Length)).ToArray();
            case 2:
                var start = rng.Next(bytes.Length);
                var len = rng.Next(1, 64);
                var removed = new byte[bytes.Length - Math.Min(len, bytes.Length - start)];
                bytes.AsSpan(0, start).CopyTo(removed);
                bytes.AsSpan(start + Math.Min(len, bytes.Length - start)).CopyTo(removed.AsSpan(start));
                return removed;
            default:
                return MutateFrameBody(bytes, rng);
        }
    }

    /// <summary>Mutates one frame's body and fixes its checksum, so the damage reaches the decoder.</summary>
    private static byte[] MutateFrameBody(byte[] bytes, Random rng)
    {
        var offsets = new System.Collections.Generic.List<int>();
        var pos = RecordFormat.Magic.Length;
        while (pos + 8 <= bytes.Length)
        {
            var len = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos));
            offsets.Add(pos);
            pos += 8 + len;
        }

        var at = offsets[rng.Next(offsets.Count)];
        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
        var body = bytes.AsSpan(at + 8, length);
        for (var i = rng.Next(1, 6); i > 0; i--)
        {
            var k = rng.Next(body.Length);
            body[k] = rng.Next(3) switch
            {
                0 => (byte)rng.Next(256),
                1 => (byte)(body[k] ^ (1 << rng.Next(8))),
                _ => (byte)(0xC0 + rng.Next(0x40)),
            };
        }

        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 4), Crc32.HashToUInt32(body));
        return bytes;
    }

    private static int HeaderEnd(byte[] record)
    {
        var start = RecordFormat.Magic.Length;
        return start + 8 + (int)BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(start));
    }
}
