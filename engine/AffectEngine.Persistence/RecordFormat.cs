using System;

namespace AffectEngine.Persistence;

/// <summary>
/// Constants of the <c>.aerec</c> layout (docs/formats.md): an 8-byte magic, then frames of
/// <c>[u32 LE body length][u32 LE CRC-32 of body][body]</c> where body = <c>[u8 frame type][MessagePack payload]</c>.
/// </summary>
public static class RecordFormat
{
    /// <summary>
    /// The current format version, written in the header (2: encounter inputs and memory episodes carry an object;
    /// 3: the action units are computed on read unless the scenario asks for them per tick, so a record's hot
    /// fields hold <c>express.au.*</c> only then).
    /// </summary>
    public const int Version = 3;

    /// <summary>
    /// The oldest version this build reads. Version 2 frames are laid out as version 3's; only the scenario default
    /// of the action units differs, and the header's field names say which one a record ran with.
    /// </summary>
    public const int OldestReadable = 2;

    /// <summary>Bytes before the first frame: "AEREC", CR, LF, 0x1A (catches text-mode mangling like PNG's magic).</summary>
    public static ReadOnlySpan<byte> Magic => [0x41, 0x45, 0x52, 0x45, 0x43, 0x0D, 0x0A, 0x1A];

    /// <summary>Length + checksum prefix of every frame.</summary>
    public const int FramePrefixBytes = 8;

    /// <summary>Largest frame body accepted by the reader (a keyframe of ~4M agents with 64 fields fits).</summary>
    public const int MaxFrameBytes = 1 << 30;

    /// <summary>Largest number of inputs in one tick frame accepted by the reader.</summary>
    public const int MaxInputsPerTick = 1 << 22;

    /// <summary>Largest string (kinds, names, versions) accepted by the reader, in bytes.</summary>
    public const int MaxStringBytes = 1 << 16;
}

/// <summary>The type byte that starts a frame body.</summary>
public enum RecordFrameType : byte
{
    /// <summary>The header (always the first frame).</summary>
    Header = 1,

    /// <summary>One tick: its input batch, state hash and optional per-stage hashes.</summary>
    Tick = 2,

    /// <summary>A snapshot of the whole state before a tick.</summary>
    Keyframe = 3,

    /// <summary>The run ended normally: ticks run and final hash.</summary>
    End = 4,
}
