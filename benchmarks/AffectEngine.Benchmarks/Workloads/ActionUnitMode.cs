using System;
using AffectEngine.Affect;

namespace AffectEngine.Benchmarks.Workloads;

/// <summary>
/// Which action-unit output the benchmark worlds use: per tick (default) or on read when the environment variable
/// <c>AFFECT_BENCH_ACTION_UNITS</c> is <c>onRead</c>, so one build measures both (the quick commands print it).
/// The bare pass's world keeps every field: it is the fixed unit of the ratios.
/// </summary>
internal static class ActionUnitMode
{
    public static ActionUnitOutput Output { get; } =
        string.Equals(Environment.GetEnvironmentVariable("AFFECT_BENCH_ACTION_UNITS"), "onRead", StringComparison.OrdinalIgnoreCase)
            ? ActionUnitOutput.OnRead
            : ActionUnitOutput.PerTick;

    public static string Describe() => Output == ActionUnitOutput.OnRead ? "action units on read (AFFECT_BENCH_ACTION_UNITS=onRead)" : "action units per tick";
}
