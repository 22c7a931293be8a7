using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using AffectEngine.Scenarios;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace AffectEngine.Benchmarks;

/// <summary>
/// Issue 20 §2: the scenario loader (<c>ScenarioLoader.Load</c>: read, parse, check every value and
/// reference, what <c>affect validate</c> does) on a generated file of 1,000 agents and
/// <see cref="Events"/> events (<see cref="LargeScenario"/>; 100,000 events ≈ 24 MB). Extra columns:
/// MB/s (file size ÷ mean) and bytes allocated per load ÷ file size. Target ≥ 50 MB/s; the peak
/// resident memory (≤ 4 × the file) is measured by <c>quick-load</c> in a fresh process.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LoaderColumns))]
public class LoaderBenchmarks
{
    private static readonly ConcurrentDictionary<int, long> Sizes = new();
    private string _path = "";

    /// <summary>Events in the file.</summary>
    [Params(100_000)]
    public int Events { get; set; }

    /// <summary>The file's size for <see cref="Events"/> (the generator is deterministic, so the host can compute it too).</summary>
    internal static long FileBytes(int events) => Sizes.GetOrAdd(events, e => LargeScenario.Create(1_000, e, 1).LongLength);

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"affect-loader-bench-{Environment.ProcessId}.json");
        File.WriteAllBytes(_path, LargeScenario.Create(1_000, Events, 1));
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_path);

    [Benchmark(Description = "load + validate")]
    public Scenario LoadAndValidate() => ScenarioLoader.Load(_path);

    private sealed class LoaderColumns : ManualConfig
    {
        public LoaderColumns()
        {
            AddColumn(new RatioColumn("MB/s", "File megabytes (10^6 B) loaded and checked per second (mean)", (summary, c, bytes) =>
                summary[c]?.ResultStatistics is { } stats ? bytes / 1e6 / (stats.Mean / 1e9) : double.NaN));
            AddColumn(new RatioColumn("Alloc/file", "Bytes allocated per load ÷ file size", (summary, c, bytes) =>
                summary[c] is { } report ? report.GcStats.GetBytesAllocatedPerOperation(c) / (double)bytes : double.NaN));
        }
    }

    private sealed class RatioColumn : IColumn
    {
        private readonly Func<Summary, BenchmarkCase, long, double?> _value;

        public RatioColumn(string name, string legend, Func<Summary, BenchmarkCase, long, double?> value)
        {
            ColumnName = name;
            Legend = legend;
            _value = value;
        }

        public string Id => nameof(RatioColumn) + ColumnName;

        public string ColumnName { get; }

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend { get; }

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var events = (int)benchmarkCase.Parameters["Events"];
            var value = _value(summary, benchmarkCase, FileBytes(events));
            return value is { } v && !double.IsNaN(v) ? v.ToString("F2", CultureInfo.InvariantCulture) : "-";
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
