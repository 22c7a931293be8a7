using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Hashing;
using AffectEngine.Affect;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// A <see cref="ClusterCheckpoint"/> as a file, so a run outlives its client: <c>affect run --cluster
/// --checkpoint</c> writes one at every checkpoint and <c>--resume</c> goes on from it. Little-endian;
/// the layout is in docs/formats.md. The last 8 bytes are an XXH64 of everything before them, and the
/// snapshot's cluster hash is stored and checked too, so a torn or altered file is refused, never resumed.
/// </summary>
public static class ClusterCheckpointFile
{
    private const uint Magic = 0x4B434541; // "AECK"
    private const ushort Version = 1;

    /// <summary>Writes <paramref name="checkpoint"/> to <paramref name="stream"/> (from its current position).</summary>
    public static void Write(Stream stream, ClusterCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var hashed = new HashingStream(stream);
        using (var w = new BinaryWriter(hashed, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            var s = checkpoint.Snapshot;
            w.Write(Magic);
            w.Write(Version);
            w.Write((ushort)0);
            w.Write(checkpoint.ScenarioDigest);
            w.Write(s.Tick);
            w.Write(s.Agents);
            w.Write(checkpoint.Shards);
            w.Write(s.AgentState.Length);
            w.Write(s.AgentState);
            w.Write(s.SideState.Length);
            w.Write(s.SideState);
            foreach (var batches in checkpoint.Pending)
            {
                w.Write(batches.Count);
                foreach (var b in batches)
                {
                    w.Write(b.Tick);
                    w.Write(b.SourceShard);
                    w.Write(b.Impulses.Count);
                    foreach (var i in b.Impulses)
                    {
                        w.Write(i.GlobalAgent);
                        w.Write((int)i.Emotion);
                        w.Write(i.Intensity);
                    }
                }
            }

            w.Write(s.Hash);
        }

        Span<byte> sum = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(sum, hashed.Hash.GetCurrentHashAsUInt64());
        stream.Write(sum);
    }

    /// <summary>
    /// Reads a checkpoint written by <see cref="Write"/>. A file that is not one, is of another version,
    /// is truncated or was altered throws <see cref="InvalidDataException"/> saying what is wrong.
    /// </summary>
    public static ClusterCheckpoint Read(byte[] file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Length < 16 || BinaryPrimitives.ReadUInt32LittleEndian(file) != Magic)
        {
            throw new InvalidDataException("not an AffectEngine cluster checkpoint (it does not start with AECK)");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4));
        if (version != Version)
        {
            throw new InvalidDataException($"cluster checkpoint version {version}; this build reads version {Version}");
        }

        var body = file.AsSpan(0, file.Length - 8);
        if (XxHash64.HashToUInt64(body) != BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8)))
        {
            throw new InvalidDataException($"the checksum does not match: the file is truncated or damaged ({file.Length} bytes)");
        }

        using var r = new BinaryReader(new MemoryStream(file, 0, body.Length, writable: false));
        try
        {
            r.BaseStream.Position = 8;
            var digest = r.ReadUInt64();
            var tick = r.ReadInt64();
            var agents = r.ReadInt32();
            var shards = r.ReadInt32();
            if (tick < 0 || agents < 0 || shards is < 1 or > 1 << 16)
            {
                throw new InvalidDataException($"impossible header: tick {tick}, {agents} agents, {shards} shards");
            }

            var agentState = r.ReadBytes(Count(r, 1));
            var sideState = r.ReadBytes(Count(r, 1));
            var pending = new IReadOnlyList<ShardBatch>[shards];
            for (var s = 0; s < shards; s++)
            {
                var batches = new ShardBatch[Count(r, 16)];
                for (var b = 0; b < batches.Length; b++)
                {
                    var batchTick = r.ReadInt64();
                    var source = r.ReadInt32();
                    var impulses = new CrossShardImpulse[Count(r, 12)];
                    for (var i = 0; i < impulses.Length; i++)
                    {
                        var agent = r.ReadInt32();
                        var emotion = r.ReadInt32();
                        var intensity = r.ReadSingle();
                        if ((uint)agent >= (uint)agents || !Enum.IsDefined(typeof(EmotionType), emotion))
                        {
                            throw new InvalidDataException($"pending impulse {i} of batch {b} for shard {s}: agent {agent} of {agents}, emotion {emotion}");
                        }

                        impulses[i] = new CrossShardImpulse(agent, (EmotionType)emotion, intensity);
                    }

                    batches[b] = new ShardBatch(batchTick, source, impulses);
                }

                pending[s] = batches;
            }

            var hash = r.ReadUInt64();
            if (r.BaseStream.Position != body.Length)
            {
                throw new InvalidDataException($"{body.Length - r.BaseStream.Position} unexpected bytes after the checkpoint");
            }

            var snapshot = new ClusterSnapshot(tick, agents, agentState, sideState);
            if (snapshot.Hash != hash)
            {
                throw new InvalidDataException($"the state does not give the cluster hash stored with it ({hash:x16})");
            }

            return new ClusterCheckpoint(snapshot, shards, pending, digest);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"the file ends early (at byte {r.BaseStream.Position} of {body.Length})");
        }
    }

    // A count read from the file, checked against the bytes left so a damaged count cannot ask for gigabytes.
    private static int Count(BinaryReader r, int bytesEach)
    {
        var n = r.ReadInt32();
        var left = r.BaseStream.Length - r.BaseStream.Position;
        if (n < 0 || (long)n * bytesEach > left)
        {
            throw new InvalidDataException($"a length of {n} at byte {r.BaseStream.Position - 4} does not fit the {left} bytes left");
        }

        return n;
    }

    // Hashes what passes through, so a checkpoint of hundreds of megabytes is summed without a second copy.
    private sealed class HashingStream(Stream inner) : Stream
    {
        public XxHash64 Hash { get; } = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Hash.Append(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
