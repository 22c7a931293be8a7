using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;
using MessagePack;

namespace AffectEngine.Persistence;

/// <summary>One frame read from a record (header excluded): exactly one of the payload properties is set.</summary>
public sealed class RecordFrame
{
    internal RecordFrame(RecordFrameType type, long offset, long length, TickRecord? tick, KeyframeRecord? keyframe, EndRecord? end)
    {
        Type = type;
        Offset = offset;
        Length = length;
        Tick = tick;
        Keyframe = keyframe;
        End = end;
    }

    /// <summary>The frame type.</summary>
    public RecordFrameType Type { get; }

    /// <summary>Byte offset of the frame's prefix in the file.</summary>
    public long Offset { get; }

    /// <summary>Bytes the frame takes in the file (prefix included).</summary>
    public long Length { get; }

    /// <summary>The tick frame, when <see cref="Type"/> is <see cref="RecordFrameType.Tick"/>.</summary>
    public TickRecord? Tick { get; }

    /// <summary>The keyframe, when <see cref="Type"/> is <see cref="RecordFrameType.Keyframe"/>.</summary>
    public KeyframeRecord? Keyframe { get; }

    /// <summary>The end frame, when <see cref="Type"/> is <see cref="RecordFrameType.End"/>.</summary>
    public EndRecord? End { get; }
}

/// <summary>
/// Reads a record frame by frame. A damaged record (truncated, corrupted, cut by a crash) is read up
/// to its last good frame: <see cref="TryRead"/> then returns false and <see cref="StopReason"/> says
/// where and why it stopped. Never throws for damaged data after the header; opening throws
/// <see cref="RecordException"/> only when there is no readable header at all.
/// </summary>
public sealed class RecordReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly string _name;
    private readonly byte[] _prefix = new byte[RecordFormat.FramePrefixBytes];
    private long _nextTick = -1;
    private bool _stopped;

    /// <summary>Opens a record on a readable, seekable stream and reads its header.</summary>
    public RecordReader(Stream stream, string name, bool ownsStream = false)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        _stream = stream;
        _ownsStream = ownsStream;
        _name = name ?? "record";
        Length = stream.Length;
        Span<byte> magic = stackalloc byte[RecordFormat.Magic.Length];
        if (ReadFully(stream, magic) != magic.Length || !magic.SequenceEqual(RecordFormat.Magic))
        {
            throw new RecordException($"{_name}: not an AffectEngine record (the file does not start with the .aerec signature)");
        }

        Position = magic.Length;
        var body = ReadBody(out var offset, out var problem);
        if (body is null)
        {
            throw new RecordException($"{_name}: the header frame is unreadable: {problem}");
        }

        if (body[0] != (byte)RecordFrameType.Header)
        {
            throw new RecordException($"{_name}: byte {offset}: expected the header frame, found frame type {body[0]}");
        }

        try
        {
            Header = MessagePackSerializer.Deserialize<RecordHeader>(body.AsMemory(1), RecordCodec.Options);
        }
        catch (Exception ex) when (IsDecodeError(ex))
        {
            throw new RecordException($"{_name}: byte {offset}: the header is unreadable: {Describe(ex)}", ex);
        }
    }

    /// <summary>Opens a record file. Throws <see cref="RecordException"/> when it is missing or has no readable header.</summary>
    public static RecordReader Open(string path)
    {
        FileStream stream;
        try
        {
            if (Directory.Exists(path))
            {
                throw new RecordException($"{path}: is a directory, expected a record file");
            }

            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        }
        catch (FileNotFoundException)
        {
            throw new RecordException($"{path}: file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new RecordException($"{path}: file not found");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RecordException($"{path}: cannot read the file: {ex.Message}", ex);
        }

        try
        {
            return new RecordReader(stream, path, ownsStream: true);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The header.</summary>
    public RecordHeader Header { get; }

    /// <summary>The file's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The end of the last good frame.</summary>
    public long Position { get; private set; }

    /// <summary>True once the end frame was read (the run finished normally).</summary>
    public bool Complete { get; private set; }

    /// <summary>Why reading stopped early (damage, truncation, an interrupted run), or null.</summary>
    public string? StopReason { get; private set; }

    /// <summary>Tick frames read so far.</summary>
    public long TicksRead { get; private set; }

    /// <summary>Keyframes read so far.</summary>
    public long KeyframesRead { get; private set; }

    /// <summary>The last tick read, or -1.</summary>
    public long LastTick { get; private set; } = -1;

    /// <summary>Reads the next frame; false at the end or at the first damaged frame (see <see cref="StopReason"/>).</summary>
    public bool TryRead(out RecordFrame? frame)
    {
        frame = null;
        if (_stopped)
        {
            return false;
        }

        var start = Position;
        var body = ReadBody(out var offset, out var problem);
        if (body is null)
        {
            if (problem is not null)
            {
                return Stop(problem);
            }

            _stopped = true;
            if (!Complete)
            {
                StopReason = LastTick >= 0
                    ? $"{_name}: the record ends after tick {LastTick} without an end frame (the run was interrupted); {TicksRead} ticks are readable"
                    : $"{_name}: the record ends before its first tick (the run was interrupted)";
            }

            return false;
        }

        if (Complete)
        {
            return Stop($"{_name}: byte {offset}: unexpected data after the end frame");
        }

        try
        {
            var payload = body.AsMemory(1);
            switch ((RecordFrameType)body[0])
            {
                case RecordFrameType.Tick:
                    var t = MessagePackSerializer.Deserialize<TickRecord>(payload, RecordCodec.Options);
                    if (_nextTick >= 0 && t.Tick != _nextTick)
                    {
                        return Stop($"{_name}: byte {offset}: tick {t.Tick} is out of order (expected tick {_nextTick})");
                    }

                    _nextTick = t.Tick + 1;
                    LastTick = t.Tick;
                    TicksRead++;
                    frame = new RecordFrame(RecordFrameType.Tick, offset, Position - start, t, null, null);
                    return true;
                case RecordFrameType.Keyframe:
                    var k = MessagePackSerializer.Deserialize<KeyframeRecord>(payload, RecordCodec.Options);
                    if ((_nextTick >= 0 && k.Tick != _nextTick) || k.Tick < 0)
                    {
                        return Stop($"{_name}: byte {offset}: keyframe for tick {k.Tick} is out of order (expected tick {_nextTick})");
                    }

                    _nextTick = k.Tick;
                    KeyframesRead++;
                    frame = new RecordFrame(RecordFrameType.Keyframe, offset, Position - start, null, k, null);
                    return true;
                case RecordFrameType.End:
                    var e = MessagePackSerializer.Deserialize<EndRecord>(payload, RecordCodec.Options);
                    Complete = true;
                    frame = new RecordFrame(RecordFrameType.End, offset, Position - start, null, null, e);
                    return true;
                default:
                    return Stop($"{_name}: byte {offset}: unknown frame type {body[0]}");
            }
        }
        catch (Exception ex) when (IsDecodeError(ex))
        {
            return Stop($"{_name}: byte {offset}: frame is unreadable: {Describe(ex)}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsStream)
        {
            _stream.Dispose();
        }
    }

    private bool Stop(string reason)
    {
        _stopped = true;
        StopReason = reason + (LastTick >= 0 ? $"; read up to tick {LastTick}" : "; no tick was readable");
        return false;
    }

    /// <summary>Reads one frame body; null with a null problem at a clean end of file.</summary>
    private byte[]? ReadBody(out long offset, out string? problem)
    {
        offset = Position;
        problem = null;
        int got;
        try
        {
            got = ReadFully(_stream, _prefix);
        }
        catch (IOException ex)
        {
            problem = $"{_name}: byte {offset}: read error: {ex.Message}";
            return null;
        }

        if (got == 0)
        {
            return null;
        }

        if (got < _prefix.Length)
        {
            problem = $"{_name}: byte {offset}: truncated frame (only {got} of {_prefix.Length} prefix bytes)";
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(_prefix);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(_prefix.AsSpan(4));
        var remaining = Length - offset - _prefix.Length;
        if (length == 0 || length > RecordFormat.MaxFrameBytes)
        {
            problem = $"{_name}: byte {offset}: corrupted frame (declared length {length} is outside 1..{RecordFormat.MaxFrameBytes})";
            return null;
        }

        if (length > remaining)
        {
            problem = $"{_name}: byte {offset}: truncated frame (declares {length} bytes, {Math.Max(0, remaining)} remain)";
            return null;
        }

        var body = new byte[length];
        try
        {
            got = ReadFully(_stream, body);
        }
        catch (IOException ex)
        {
            problem = $"{_name}: byte {offset}: read error: {ex.Message}";
            return null;
        }

        if (got < body.Length)
        {
            problem = $"{_name}: byte {offset}: truncated frame (declares {length} bytes, {got} present)";
            return null;
        }

        if (Crc32.HashToUInt32(body) != crc)
        {
            problem = $"{_name}: byte {offset}: corrupted frame (checksum mismatch)";
            return null;
        }

        Position = offset + _prefix.Length + length;
        return body;
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer.Slice(total));
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    internal static bool IsDecodeError(Exception ex) =>
        ex is MessagePackSerializationException or EndOfStreamException or FormatException or OverflowException
            or ArgumentException or InvalidOperationException or InsufficientExecutionStackException;

    internal static string Describe(Exception ex)
    {
        // MessagePack wraps formatter errors; the innermost message is the one that says what was wrong.
        var e = ex;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message.TrimEnd('.');
    }
}
