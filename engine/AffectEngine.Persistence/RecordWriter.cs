using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;
using AffectEngine.Core;
using MessagePack;

namespace AffectEngine.Persistence;

/// <summary>
/// Appends frames to a record through a buffer: each frame is encoded completely in memory, then
/// copied to the pending buffer, which goes to the stream when it passes <see cref="FlushThreshold"/>
/// bytes (and at every keyframe and at the end). A process killed at any moment therefore leaves
/// whole frames followed by at most one partial frame, which the reader detects and skips.
/// </summary>
public sealed class RecordWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly ArrayBufferWriter<byte> _body = new(1 << 12);

    // For frames with a tail (keyframes): the CRC over body and tail in turn, without joining them.
    private readonly Crc32 _crc = new();
    private readonly BufferStateWriter _payload = new(256);
    private readonly byte[] _pending = new byte[1 << 16];
    private int _pendingLength;
    private bool _disposed;

    /// <summary>Writes the magic and the header to <paramref name="stream"/> (which must be empty and writable).</summary>
    public RecordWriter(Stream stream, RecordHeader header, bool ownsStream = false)
    {
        if (stream is null || header is null)
        {
            throw new ArgumentNullException(stream is null ? nameof(stream) : nameof(header));
        }

        _stream = stream;
        _ownsStream = ownsStream;
        Header = header;
        Append(RecordFormat.Magic);
        var w = BeginFrame(RecordFrameType.Header);
        RecordCodec.WriteHeader(ref w, header);
        EndFrame(ref w);
        Flush();
    }

    /// <summary>Creates (or replaces) a record file and writes its header. The file is readable while being written.</summary>
    public static RecordWriter Create(string path, RecordHeader header)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        try
        {
            return new RecordWriter(stream, header, ownsStream: true);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The header written.</summary>
    public RecordHeader Header { get; }

    /// <summary>Pending bytes above which the buffer is written to the stream (default 64 KiB).</summary>
    public int FlushThreshold { get; set; } = 1 << 16;

    /// <summary>Bytes handed to the stream plus bytes pending.</summary>
    public long Length { get; private set; }

    /// <summary>Frames written so far (header included).</summary>
    public long FrameCount { get; private set; }

    /// <summary>Appends a tick frame: the tick's input batch (payloads encoded canonically), its hash and optional stage hashes.</summary>
    public void WriteTick(long tick, ulong hash, ReadOnlySpan<ulong> stageHashes, ReadOnlySpan<TickInput> inputs)
    {
        var w = BeginFrame(RecordFrameType.Tick);
        RecordCodec.WriteTickPrefix(ref w, tick, hash, stageHashes, inputs.Length);
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = inputs[i];
            _payload.Clear();
            input.WritePayload(_payload);
            RecordCodec.WriteInput(ref w, input.Kind, input.Tick, input.Source, input.Sequence, _payload.Written);
        }

        EndFrame(ref w);
    }

    /// <summary>Appends a tick frame from already-encoded inputs (used by tools that rewrite records).</summary>
    public void WriteTick(TickRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        var w = BeginFrame(RecordFrameType.Tick);
        TickFormatter.Instance.Serialize(ref w, record, RecordCodec.Options);
        EndFrame(ref w);
    }

    /// <summary>Appends a keyframe (state before <paramref name="tick"/>) and flushes.</summary>
    public void WriteKeyframe(long tick, ReadOnlySpan<byte> snapshot)
    {
        // The same bytes as encoding the whole frame (RecordCodec.WriteKeyframe) in the body buffer, but the
        // snapshot, the state's size, is neither copied into the body nor out of it: only the frame's head is
        // encoded, and the snapshot follows it from the caller's span (EndFrame's tail).
        var w = BeginFrame(RecordFrameType.Keyframe);
        RecordCodec.WriteKeyframeHead(ref w, tick, snapshot.Length);
        EndFrame(ref w, snapshot);
        Flush();
    }

    /// <summary>Appends the end frame and flushes to the device: the run finished normally.</summary>
    public void WriteEnd(long ticks, ulong finalHash)
    {
        var w = BeginFrame(RecordFrameType.End);
        RecordCodec.WriteEnd(ref w, ticks, finalHash);
        EndFrame(ref w);
        Flush();
        if (_stream is FileStream fs)
        {
            fs.Flush(flushToDisk: true);
        }
    }

    /// <summary>Writes pending frames to the stream.</summary>
    public void Flush()
    {
        ThrowIfDisposed();
        if (_pendingLength > 0)
        {
            _stream.Write(_pending, 0, _pendingLength);
            _pendingLength = 0;
        }

        _stream.Flush();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            Flush();
        }
        finally
        {
            _disposed = true;
            if (_ownsStream)
            {
                _stream.Dispose();
            }
        }
    }

    private MessagePackWriter BeginFrame(RecordFrameType type)
    {
        ThrowIfDisposed();
        _body.Clear();
        var span = _body.GetSpan(1);
        span[0] = (byte)type;
        _body.Advance(1);
        return new MessagePackWriter(_body);
    }

    /// <summary>
    /// Frames the encoded body, followed by <paramref name="tail"/> (bytes that belong to the frame but were not
    /// encoded into the body buffer: a keyframe's snapshot): one length and one CRC over both.
    /// </summary>
    private void EndFrame(ref MessagePackWriter w, ReadOnlySpan<byte> tail = default)
    {
        w.Flush();
        var body = _body.WrittenSpan;
        var length = (long)body.Length + tail.Length;
        if (length > RecordFormat.MaxFrameBytes)
        {
            throw new InvalidOperationException($"A frame of {length} bytes exceeds the record limit of {RecordFormat.MaxFrameBytes} bytes.");
        }

        uint crc;
        if (tail.IsEmpty)
        {
            crc = Crc32.HashToUInt32(body);
        }
        else
        {
            _crc.Append(body);
            _crc.Append(tail);
            crc = _crc.GetCurrentHashAsUInt32();
            _crc.Reset();
        }

        Span<byte> prefix = stackalloc byte[RecordFormat.FramePrefixBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(prefix.Slice(4), crc);
        Append(prefix);
        Append(body);
        Append(tail);
        FrameCount++;
        if (_pendingLength >= FlushThreshold)
        {
            Flush();
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_pendingLength + bytes.Length > _pending.Length)
        {
            if (_pendingLength > 0)
            {
                _stream.Write(_pending, 0, _pendingLength);
                _pendingLength = 0;
            }

            if (bytes.Length > _pending.Length)
            {
                // A large frame (a keyframe) goes straight through; the prefix was already handed over in order.
                _stream.Write(bytes);
                Length += bytes.Length;
                return;
            }
        }

        bytes.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += bytes.Length;
        Length += bytes.Length;
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(RecordWriter));
        }
    }
}
