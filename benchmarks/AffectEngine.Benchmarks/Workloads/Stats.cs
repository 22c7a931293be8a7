using System;

namespace AffectEngine.Benchmarks.Workloads;

/// <summary>The summaries the quick commands print; none changes its input.</summary>
internal static class Stats
{
    /// <summary>The upper median (the middle value of a sorted copy).</summary>
    public static double Median(ReadOnlySpan<double> values) => Median<double>(values);

    /// <summary>The upper median (the middle value of a sorted copy).</summary>
    public static T Median<T>(ReadOnlySpan<T> values)
        where T : IComparable<T>
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        return copy[copy.Length / 2];
    }

    /// <summary>The arithmetic mean.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var x in values)
        {
            sum += x;
        }

        return sum / values.Length;
    }

    /// <summary>The smallest value.</summary>
    public static double Min(ReadOnlySpan<double> values)
    {
        var min = double.MaxValue;
        foreach (var x in values)
        {
            min = Math.Min(min, x);
        }

        return min;
    }
}
