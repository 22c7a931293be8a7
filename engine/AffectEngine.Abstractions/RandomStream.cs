using System.Runtime.CompilerServices;

namespace AffectEngine;

/// <summary>
/// A counter-based random stream keyed by (seed, stream, tick, agent): the n-th draw is a pure
/// function of the key and n, so results do not depend on thread count, scheduling or on how many
/// draws other agents made. The mixing function is SplitMix64's finalizer (Steele, Lea &amp; Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014) applied to a key that combines
/// the four coordinates with distinct odd multipliers; one mutable counter per stream value.
/// </summary>
public struct RandomStream
{
    private readonly ulong _key;
    private ulong _counter;

    /// <summary>Opens the stream for one (seed, stream, tick, agent) key.</summary>
    public RandomStream(ulong seed, ulong stream, long tick, int agentSlot)
    {
        var k = Mix(seed ^ 0x9E3779B97F4A7C15UL);
        k = Mix(k ^ (stream * 0xBF58476D1CE4E5B9UL));
        k = Mix(k ^ unchecked((ulong)tick * 0x94D049BB133111EBUL));
        _key = Mix(k ^ unchecked((ulong)(uint)agentSlot * 0xD6E8FEB86659FD93UL));
        _counter = 0;
    }

    /// <summary>The next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64() => Mix(_key + (++_counter * 0x9E3779B97F4A7C15UL));

    /// <summary>A float uniformly in [0, 1), from the top 24 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / 16777216.0f);

    /// <summary>A double uniformly in [0, 1), from the top 53 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>An integer uniformly in [0, maxExclusive), by Lemire's multiply-shift (bias below 2^-32 for small bounds).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            return 0;
        }

        return (int)(((NextUInt64() >> 32) * (ulong)maxExclusive) >> 32);
    }

    /// <summary>SplitMix64's output function: a bijective avalanche mix of 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
