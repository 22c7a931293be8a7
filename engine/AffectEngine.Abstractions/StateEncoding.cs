using System;

namespace AffectEngine;

/// <summary>
/// Receives the canonical encoding of state: little-endian scalars and raw spans, in a fixed order.
/// The same stream feeds the state hash and snapshots, so whatever is saved is hashed.
/// </summary>
public interface IStateWriter
{
    /// <summary>Writes raw bytes.</summary>
    void Write(ReadOnlySpan<byte> bytes);

    /// <summary>Writes a 32-bit integer.</summary>
    void WriteInt32(int value);

    /// <summary>Writes a 64-bit integer.</summary>
    void WriteInt64(long value);

    /// <summary>Writes a float by its bit pattern.</summary>
    void WriteSingle(float value);

    /// <summary>Writes a double by its bit pattern.</summary>
    void WriteDouble(double value);

    /// <summary>Writes a length-prefixed UTF-8 string.</summary>
    void WriteString(string value);
}

/// <summary>Reads what an <see cref="IStateWriter"/> wrote, in the same order.</summary>
public interface IStateReader
{
    /// <summary>Fills <paramref name="destination"/> with the next bytes.</summary>
    void Read(Span<byte> destination);

    /// <summary>Reads a 32-bit integer.</summary>
    int ReadInt32();

    /// <summary>Reads a 64-bit integer.</summary>
    long ReadInt64();

    /// <summary>Reads a float.</summary>
    float ReadSingle();

    /// <summary>Reads a double.</summary>
    double ReadDouble();

    /// <summary>Reads a length-prefixed UTF-8 string.</summary>
    string ReadString();
}

/// <summary>
/// State outside the agent blocks (goals, memories, relations, module counters) that must be part
/// of the state hash and the snapshot. Contributors are visited in a fixed order (by <see cref="StateKey"/>).
/// </summary>
public interface IStateContributor
{
    /// <summary>A unique, stable key that orders contributors and tags their section of a snapshot.</summary>
    string StateKey { get; }

    /// <summary>Writes the canonical encoding. Must be a pure function of the state (sorted keys, no hash-map order).</summary>
    void WriteState(IStateWriter writer);

    /// <summary>Replaces the state with what <see cref="WriteState"/> wrote.</summary>
    void ReadState(IStateReader reader);
}
