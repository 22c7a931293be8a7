#if NET
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AffectEngine;

/// <summary>
/// Two 8-lane agent blocks as one 512-bit vector, for the passes that pair blocks where AVX-512 is
/// accelerated (dynamics, expression, contagion): the lower half is one block's field, the upper half the
/// other's. Compiled into each engine assembly as an internal type.
/// </summary>
internal static class BlockPairs
{
    /// <summary>One field of two blocks as one vector: a load and an insert from memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Vector512<float> Load2(float* lower, float* upper) =>
        Avx512F.InsertVector256(Vector256.Load(lower).ToVector512Unsafe(), Vector256.Load(upper), 1);

    /// <summary>Writes the halves of <paramref name="v"/> back to the two blocks' field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store2(Vector512<float> v, float* lower, float* upper)
    {
        v.GetLower().Store(lower);
        Avx512F.ExtractVector256(v, 1).Store(upper);
    }

    /// <summary>Two 8-lane vectors as one, <paramref name="lower"/> first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Join(Vector256<float> lower, Vector256<float> upper) =>
        Avx512F.InsertVector256(lower.ToVector512Unsafe(), upper, 1);
}
#endif
