using System;
using AffectEngine.Affect;

namespace AffectEngine.Benchmarks.Workloads;

/// <summary>
/// Which action-unit output the benchmark worlds use: on read (the engine's default) or per tick when the environment
/// variable <c>AFFECT_BENCH_ACTION_UNITS</c> is <c>perTick</c>, so one build measures both (the quick commands print it).
/// The bare pass's world keeps every field: it is the fixed unit of the ratios.
/// </summary>
internal static class ActionUnitMode
{
    public static ActionUnitOutput Output { get; } =
        string.Equals(Environment.GetEnvironmentVariable("AFFECT_BENCH_ACTION_UNITS"), "perTick", StringComparison.OrdinalIgnoreCase)
            ? ActionUnitOutput.PerTick
            : ActionUnitOutput.OnRead;

    public static string Describe() => Output == ActionUnitOutput.OnRead ? "action units on read (the default)" : "action units per tick (AFFECT_BENCH_ACTION_UNITS=perTick)";
}
