using System;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace AffectEngine.Core;

/// <summary>Base of the canonical little-endian encoders: scalars are written through a small stack buffer.</summary>
public abstract class StateWriterBase : IStateWriter
{
    /// <inheritdoc />
    public abstract void Write(ReadOnlySpan<byte> bytes);

    /// <inheritdoc />
    public void WriteInt32(int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, value);
        Write(b);
    }

    /// <inheritdoc />
    public void WriteInt64(long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, value);
        Write(b);
    }

    /// <inheritdoc />
    public void WriteSingle(float value) => WriteInt32(BitConverter.SingleToInt32Bits(value));

    /// <inheritdoc />
    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    /// <inheritdoc />
    public void WriteString(string value)
    {
        Guard.NotNull(value);
        var count = Encoding.UTF8.GetByteCount(value);
        WriteInt32(count);
        if (count <= 256)
        {
            Span<byte> b = stackalloc byte[count];
            Encoding.UTF8.GetBytes(value.AsSpan(), b);
            Write(b);
        }
        else
        {
            Write(Encoding.UTF8.GetBytes(value));
        }
    }
}

/// <summary>Feeds the canonical encoding into xxHash64 (seed 0) without allocating.</summary>
internal sealed class HashingStateWriter : StateWriterBase
{
    private readonly XxHash64 _hash = new();

    public void Reset() => _hash.Reset();

    public ulong Digest() => _hash.GetCurrentHashAsUInt64();

    public override void Write(ReadOnlySpan<byte> bytes) => _hash.Append(bytes);
}

/// <summary>Collects the canonical encoding in a growable buffer (snapshots).</summary>
public sealed class BufferStateWriter : StateWriterBase
{
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a writer with an initial buffer.</summary>
    public BufferStateWriter(int initialCapacity = 4096) => _buffer = new byte[Math.Max(16, initialCapacity)];

    /// <summary>Bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => new(_buffer, 0, _length);

    /// <summary>A copy of the bytes written.</summary>
    public byte[] ToArray() => Written.ToArray();

    /// <summary>Forgets what was written, keeping the buffer.</summary>
    public void Clear() => _length = 0;

    /// <summary>Grows the buffer (keeping what was written) so that it holds at least <paramref name="capacity"/> bytes.</summary>
    public void EnsureCapacity(long capacity)
    {
        if (capacity > _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min(0x7FFFFFC7L, capacity));
        }
    }

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes.Length));
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }
}

/// <summary>Reads a canonical encoding; running past the end is a <see cref="FormatException"/>, never an index error.</summary>
public sealed class BufferStateReader : IStateReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    /// <summary>Reads from <paramref name="data"/>.</summary>
    public BufferStateReader(ReadOnlyMemory<byte> data) => _data = data;

    /// <summary>Bytes not yet read.</summary>
    public int Remaining => _data.Length - _position;

    /// <inheritdoc />
    public void Read(Span<byte> destination)
    {
        Take(destination.Length).CopyTo(destination);
    }

    /// <inheritdoc />
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <inheritdoc />
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <inheritdoc />
    public float ReadSingle() => BitConverter.Int32BitsToSingle(ReadInt32());

    /// <inheritdoc />
    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    /// <inheritdoc />
    public string ReadString()
    {
        var count = ReadInt32();
        if (count < 0 || count > Remaining)
        {
            throw new FormatException($"State string length {count} at byte {_position - 4} is out of range.");
        }

        return Encoding.UTF8.GetString(Take(count));
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new FormatException($"State data ends at byte {_data.Length}; {count} more bytes were expected at byte {_position}.");
        }

        var span = _data.Span.Slice(_position, count);
        _position += count;
        return span;
    }
}

/// <summary>The canonical encoding of a whole world: slots, hot blocks, then contributors by key.</summary>
internal static class WorldEncoding
{
    private const int FormatVersion = 1;

    public static void Write(World world, IStateWriter writer)
    {
        if (!BitConverter.IsLittleEndian)
        {
            // The determinism contract is per architecture (docs/determinism.md); raw spans assume little-endian.
            throw new PlatformNotSupportedException("AffectEngine state encoding requires a little-endian CPU.");
        }

        writer.WriteInt32(FormatVersion);
        writer.WriteInt64(world.Tick);
        writer.WriteInt32(world.Schema.FieldCount);
        writer.WriteInt32(world.SlotCount);
        var slots = world.SlotCount;
        var blocks = world.BlockCount;
        writer.Write(MemoryMarshal.AsBytes(world.Generations.AsSpan(0, slots)));
        writer.Write(world.AliveMasks.AsSpan(0, blocks));
        writer.Write(MemoryMarshal.AsBytes(world.Storage.Slice(0, blocks * world.BlockStride)));
        var contributors = world.StateContributors;
        writer.WriteInt32(contributors.Count);
        for (var i = 0; i < contributors.Count; i++)
        {
            writer.WriteString(contributors[i].StateKey);
            contributors[i].WriteState(writer);
        }
    }

    public static void Read(World world, IStateReader reader)
    {
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            throw new FormatException($"Snapshot format version {version} is not supported (expected {FormatVersion}).");
        }

        var tick = reader.ReadInt64();
        var fields = reader.ReadInt32();
        if (fields != world.Schema.FieldCount)
        {
            throw new FormatException($"Snapshot has {fields} agent fields per agent; this world has {world.Schema.FieldCount}: it was saved by a world with other modules, other module settings (such as the affect module's action units, per tick or on read) or another version.");
        }

        var slots = reader.ReadInt32();
        if (slots < 0 || slots > 1 << 28)
        {
            throw new FormatException($"Snapshot slot count {slots} is out of range.");
        }

        var blocks = (slots + AgentBlocks.LanesPerBlock - 1) / AgentBlocks.LanesPerBlock;
        var generations = new int[slots];
        reader.Read(MemoryMarshal.AsBytes(generations.AsSpan()));
        var alive = new byte[blocks];
        reader.Read(alive);
        world.RestoreSlots(tick, slots, generations, alive);
        world.Storage.Clear();
        reader.Read(MemoryMarshal.AsBytes(world.Storage.Slice(0, blocks * world.BlockStride)));
        var count = reader.ReadInt32();
        var contributors = world.StateContributors;
        if (count != contributors.Count)
        {
            throw new FormatException($"Snapshot has {count} state sections; this world has {contributors.Count}.");
        }

        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            if (!string.Equals(key, contributors[i].StateKey, StringComparison.Ordinal))
            {
                throw new FormatException($"Snapshot section {i} is '{key}'; this world expects '{contributors[i].StateKey}'.");
            }

            contributors[i].ReadState(reader);
        }
    }
}
