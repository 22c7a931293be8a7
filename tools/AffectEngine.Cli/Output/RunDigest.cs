using System;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace AffectEngine.Cli.Output;

/// <summary>
/// A digest of a whole run: every tick's state hash chained in order, so two runs whose final states
/// happen to coincide but whose trajectories differ get different digests (the final-state hash alone
/// cannot tell them apart). digest₀ = 0; digestₜ = XxHash64(digestₜ₋₁ ‖ tick ‖ hashₜ), little-endian.
/// </summary>
internal sealed class RunDigest
{
    private readonly byte[] _buffer = new byte[24];

    public ulong Value { get; private set; }

    public long Ticks { get; private set; }

    public void Add(long tick, ulong stateHash)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(0), Value);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(8), tick);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(16), stateHash);
        Value = XxHash64.HashToUInt64(_buffer);
        Ticks++;
    }

    /// <summary>The two hash lines every running command ends with: the digest, then the final state's hash.</summary>
    public static void Print(System.IO.TextWriter output, ulong digest, ulong finalState)
    {
        output.WriteLine($"run-digest: {digest:x16}");
        output.WriteLine($"state-hash: {finalState:x16}");
    }
}
