using System;
using System.Runtime.CompilerServices;

namespace AffectEngine.Social;

/// <summary>Argument checks that also compile for netstandard2.1 (no ArgumentNullException.ThrowIfNull there).</summary>
internal static class Check
{
    public static void NotNull([System.Diagnostics.CodeAnalysis.NotNull] object? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }
    }

    public static void Unit(float value, string name)
    {
        if (float.IsNaN(value) || value < 0f || value > 1f)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1]; got {value}.");
        }
    }

    public static void Signed(float value, string name)
    {
        if (float.IsNaN(value) || value < -1f || value > 1f)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [-1, 1]; got {value}.");
        }
    }

    /// <summary>Grows a per-slot array to at least <paramref name="length"/> elements (doubling), keeping contents.</summary>
    public static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            Array.Resize(ref array, Math.Max(length, array.Length * 2));
        }
    }
}
