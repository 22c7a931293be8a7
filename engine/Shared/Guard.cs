using System;
using System.Runtime.CompilerServices;

namespace AffectEngine;

/// <summary>
/// Argument and range checks shared by the engine assemblies (compiled into each as an internal type,
/// so no public helper API grows from it). Also compiles for netstandard2.1, which lacks
/// ArgumentNullException.ThrowIfNull. Settings validation uses its Range checks, so one rule gives
/// one wording everywhere ("name must be in [lo, hi]; got v.").
/// </summary>
internal static class Guard
{
    public static void NotNull([System.Diagnostics.CodeAnalysis.NotNull] object? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is in [0, 1].</summary>
    public static void Unit(float value, string name) => InRange(value, 0f, 1f, name);

    /// <summary>Throws unless <paramref name="value"/> is in [-1, 1].</summary>
    public static void Signed(float value, string name) => InRange(value, -1f, 1f, name);

    /// <summary>Throws unless <paramref name="value"/> is a number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static void InRange(float value, float min, float max, string name)
    {
        var error = Range(value, min, max, name);
        if (error is not null)
        {
            throw new ArgumentOutOfRangeException(name, value, error);
        }
    }

    /// <summary>Null when <paramref name="value"/> is a number in [<paramref name="min"/>, <paramref name="max"/>], else the message naming it.</summary>
    public static string? Range(float value, float min, float max, string name) =>
        float.IsNaN(value) || value < min || value > max ? $"{name} must be in [{Show(min)}, {Show(max)}]; got {Show(value)}." : null;

    /// <summary>Null when <paramref name="value"/> is a number in [<paramref name="min"/>, <paramref name="max"/>], else the message naming it.</summary>
    public static string? Range(double value, double min, double max, string name) =>
        double.IsNaN(value) || value < min || value > max ? $"{name} must be in [{Show(min)}, {Show(max)}]; got {Show(value)}." : null;

    /// <summary>Grows a per-slot array to at least <paramref name="length"/> elements (doubling), keeping contents.</summary>
    public static void Grow<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            Array.Resize(ref array, Math.Max(length, array.Length * 2));
        }
    }

    private static string Show(float v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Show(double v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
