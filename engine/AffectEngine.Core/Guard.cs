using System;
using System.Runtime.CompilerServices;

namespace AffectEngine.Core;

/// <summary>Argument checks that also compile for netstandard2.1 (which lacks ArgumentNullException.ThrowIfNull).</summary>
internal static class Guard
{
    public static void NotNull([System.Diagnostics.CodeAnalysis.NotNull] object? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name);
        }
    }
}
