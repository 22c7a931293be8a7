using System;
using System.Collections.Generic;
using System.Globalization;

namespace AffectEngine;

/// <summary>
/// Collects every problem of a settings object, so one call reports all of them (stopping at the
/// first made users fix one field per run). Each message starts with the field's path and says the
/// allowed range, in <see cref="Guard"/>'s wording ("name must be in [lo, hi]; got v."). Compiled
/// into each engine assembly (and the tools that validate their own settings) as an internal type,
/// so the public API only shows <c>IReadOnlyList&lt;string&gt; Validate()</c>.
/// </summary>
internal sealed class Problems
{
    private List<string>? _list;

    /// <summary>The problems found, in the order checked; empty when valid.</summary>
    public IReadOnlyList<string> List => _list is null ? Array.Empty<string>() : _list;

    /// <summary>Adds <paramref name="message"/> when it is not null.</summary>
    public void Add(string? message)
    {
        if (message is not null)
        {
            (_list ??= new List<string>()).Add(message);
        }
    }

    /// <summary>Adds <paramref name="message"/> unless <paramref name="ok"/>.</summary>
    public void Require(bool ok, string message)
    {
        if (!ok)
        {
            Add(message);
        }
    }

    /// <summary>Requires a number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public void Range(float value, float min, float max, string name) => Add(Guard.Range(value, min, max, name));

    /// <summary>Requires a number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public void Range(double value, double min, double max, string name) => Add(Guard.Range(value, min, max, name));

    /// <summary>Requires an integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public void Range(int value, int min, int max, string name) =>
        Require(value >= min && value <= max, string.Format(CultureInfo.InvariantCulture, "{0} must be in [{1}, {2}]; got {3}.", name, min, max, value));

    /// <summary>Requires a positive finite number.</summary>
    public void Positive(double value, string name) =>
        Require(value > 0 && !double.IsInfinity(value), string.Format(CultureInfo.InvariantCulture, "{0} must be a positive finite number; got {1}.", name, value));

    /// <summary>Requires a value to be set.</summary>
    public bool Set([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] object? value, string name)
    {
        Require(value is not null, name + " must be set.");
        return value is not null;
    }

    /// <summary>Adds a nested object's problems under <paramref name="prefix"/> (e.g. "Affect.").</summary>
    public void Nested(string prefix, IReadOnlyList<string> problems)
    {
        foreach (var p in problems)
        {
            Add(prefix + p);
        }
    }

    /// <summary>One message listing every problem, one a line.</summary>
    public static string Message(IReadOnlyList<string> problems) => string.Join("\n", problems);

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem (each after <paramref name="prefix"/>) when there are any.</summary>
    public static void ThrowIfAny(IReadOnlyList<string> problems, string prefix = "", string? paramName = null)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var lines = new string[problems.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = prefix + problems[i];
        }

        throw new ArgumentException(string.Join("\n", lines), paramName);
    }
}
