using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using AffectEngine.Core;
using AffectEngine.Hosting;
using Parquet;
using Parquet.Schema;

namespace AffectEngine.Cli.Output;

/// <summary>Every K-th tick of one run: values laid out [sample][agent][variable].</summary>
internal sealed class SampledTrajectory(long[] ticks, string[] agents, string[] variables, float[] values)
{
    public long[] Ticks { get; } = ticks;

    public string[] Agents { get; } = agents;

    public string[] Variables { get; } = variables;

    public float[] Values { get; } = values;
}

/// <summary>Collects a run's state after every K-th tick (the ticks <c>export --every K</c> keeps).</summary>
internal sealed class TrajectorySampler
{
    private readonly int _every;
    private readonly List<AgentId> _ids = [];
    private readonly string[] _agents;
    private readonly string[] _variables;
    private readonly TidyVariables _columns;
    private readonly float[] _row;
    private readonly List<long> _ticks = [];
    private readonly List<float> _values = [];

    public TrajectorySampler(SimulationRunner runner, int every)
    {
        _every = every;
        var names = new List<string>();
        foreach (var id in runner.World.Agents)
        {
            _ids.Add(id);
            names.Add(runner.NameOf(id));
        }

        _agents = [.. names];
        _columns = TidyVariables.Of(runner);
        _variables = _columns.Names;
        _row = new float[_variables.Length];
    }

    public void Sample(World world, long tick)
    {
        if (tick % _every != 0)
        {
            return;
        }

        _ticks.Add(tick);
        foreach (var id in _ids)
        {
            _columns.Read(world, id, _row);
            _values.AddRange(_row);
        }
    }

    public SampledTrajectory Finish() => new([.. _ticks], _agents, _variables, [.. _values]);
}

/// <summary>
/// Per condition (one value set of a sweep) and per sampled tick, agent and variable: the number of
/// runs (seeds), mean, sample SD and the 95% confidence interval of the mean, mean ± t(0.975, n−1)·SD/√n.
/// Runs are merged with Welford's online update (Welford 1962, Technometrics 4(3):419–420) in seed order
/// whatever order they finish in, so the figures do not depend on scheduling.
/// </summary>
internal sealed class SweepAggregate
{
    private const int RowGroupRows = 1 << 20;
    private readonly Condition?[] _conditions;
    private readonly int[] _next;
    private readonly Dictionary<int, SampledTrajectory>[] _pending;

    public SweepAggregate(int conditions)
    {
        _conditions = new Condition?[conditions];
        _next = new int[conditions];
        _pending = new Dictionary<int, SampledTrajectory>[conditions];
        for (var c = 0; c < conditions; c++)
        {
            _pending[c] = [];
        }
    }

    /// <summary>Adds run <paramref name="run"/> (seed index run / conditions) of condition <paramref name="condition"/>.</summary>
    public void Add(int run, int condition, SampledTrajectory? trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        var seedIndex = run / _conditions.Length;
        lock (_pending[condition])
        {
            _pending[condition][seedIndex] = trajectory;
            while (_pending[condition].Remove(_next[condition], out var t))
            {
                Merge(condition, t);
                _next[condition]++;
            }
        }
    }

    /// <summary>Two-sided 95% quantile of Student's t with <paramref name="df"/> degrees of freedom.</summary>
    public static double T975(int df)
    {
        // Exact to three decimals for df ≤ 30 (the standard table); above, the Cornish–Fisher expansion
        // of Abramowitz & Stegun 26.7.5 in the normal quantile, within 1e-4 of the exact value.
        ReadOnlySpan<double> table =
        [
            12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
            2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
        ];
        ArgumentOutOfRangeException.ThrowIfLessThan(df, 1);
        if (df <= table.Length)
        {
            return table[df - 1];
        }

        const double z = 1.959963984540054;
        double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, v = df;
        return z + ((z3 + z) / (4 * v)) + (((5 * z5) + (16 * z3) + (3 * z)) / (96 * v * v)) + (((3 * z7) + (19 * z5) + (17 * z3) - (15 * z)) / (384 * v * v * v));
    }

    public void WriteCsv(Stream stream, List<string> labels, List<string[]> values)
    {
        var inv = CultureInfo.InvariantCulture;
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var header = new StringBuilder();
        foreach (var l in labels)
        {
            header.Append(CsvSink.Quote(l)).Append(',');
        }

        w.WriteLine(header.Append("tick,agent,variable,n,mean,sd,ci95_low,ci95_high").ToString());
        ForEachRow(values, (condition, tick, agent, variable, n, mean, sd, half) =>
        {
            foreach (var v in condition)
            {
                w.Write(CsvSink.Quote(v));
                w.Write(',');
            }

            w.Write(tick.ToString(inv));
            w.Write(',');
            w.Write(CsvSink.Quote(agent));
            w.Write(',');
            w.Write(variable);
            w.Write(',');
            w.Write(n.ToString(inv));
            w.Write(',');
            w.Write(mean.ToString("R", inv));
            w.Write(',');
            if (sd is { } s)
            {
                w.Write(s.ToString("R", inv));
                w.Write(',');
                w.Write((mean - half!.Value).ToString("R", inv));
                w.Write(',');
                w.WriteLine((mean + half.Value).ToString("R", inv));
            }
            else
            {
                w.WriteLine(",,"); // one seed: no spread, no interval
            }
        });
        w.Flush();
    }

    public void WriteParquet(Stream stream, List<string> labels, List<string[]> values)
    {
        var conditionFields = new List<DataField<string>>();
        foreach (var l in labels)
        {
            conditionFields.Add(new DataField<string>(l));
        }

        var tick = new DataField<long>("tick");
        var agent = new DataField<string>("agent");
        var variable = new DataField<string>("variable");
        var n = new DataField<int>("n");
        var mean = new DataField<double>("mean");
        var sd = new DataField<double?>("sd");
        var low = new DataField<double?>("ci95_low");
        var high = new DataField<double?>("ci95_high");
        var fields = new List<Field>(conditionFields) { tick, agent, variable, n, mean, sd, low, high };
        var columns = new List<string>[labels.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = [];
        }

        var ticks = new List<long>();
        var agents = new List<string>();
        var variables = new List<string>();
        var ns = new List<int>();
        var means = new List<double>();
        var sds = new List<double?>();
        var lows = new List<double?>();
        var highs = new List<double?>();
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), stream, null, false, default).GetAwaiter().GetResult();

        void Flush()
        {
            if (ticks.Count == 0)
            {
                return;
            }

            using (var group = writer.CreateRowGroup())
            {
                for (var i = 0; i < columns.Length; i++)
                {
                    group.WriteAsync(conditionFields[i], columns[i].ToArray(), null).GetAwaiter().GetResult();
                    columns[i].Clear();
                }

                group.WriteAsync<long>(tick, ticks.ToArray(), null, null, default).GetAwaiter().GetResult();
                group.WriteAsync(agent, agents.ToArray(), null).GetAwaiter().GetResult();
                group.WriteAsync(variable, variables.ToArray(), null).GetAwaiter().GetResult();
                group.WriteAsync<int>(n, ns.ToArray(), null, null, default).GetAwaiter().GetResult();
                group.WriteAsync<double>(mean, means.ToArray(), null, null, default).GetAwaiter().GetResult();
                group.WriteAsync<double>(sd, sds.ToArray(), null, null, default).GetAwaiter().GetResult();
                group.WriteAsync<double>(low, lows.ToArray(), null, null, default).GetAwaiter().GetResult();
                group.WriteAsync<double>(high, highs.ToArray(), null, null, default).GetAwaiter().GetResult();
            }

            ticks.Clear();
            agents.Clear();
            variables.Clear();
            ns.Clear();
            means.Clear();
            sds.Clear();
            lows.Clear();
            highs.Clear();
        }

        ForEachRow(values, (condition, t, a, v, count, m, s, half) =>
        {
            for (var i = 0; i < condition.Length; i++)
            {
                columns[i].Add(condition[i]);
            }

            ticks.Add(t);
            agents.Add(a);
            variables.Add(v);
            ns.Add(count);
            means.Add(m);
            sds.Add(s);
            lows.Add(s is null ? null : m - half!.Value);
            highs.Add(s is null ? null : m + half!.Value);
            if (ticks.Count == RowGroupRows)
            {
                Flush();
            }
        });
        Flush();
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private void Merge(int condition, SampledTrajectory t)
    {
        var c = _conditions[condition] ??= new Condition(t.Ticks, t.Agents, t.Variables);
        if (c.Mean.Length != t.Values.Length)
        {
            throw new InvalidOperationException("runs of one condition sampled different shapes");
        }

        c.N++;
        for (var i = 0; i < t.Values.Length; i++)
        {
            double x = t.Values[i];
            var delta = x - c.Mean[i];
            c.Mean[i] += delta / c.N;
            c.M2[i] += delta * (x - c.Mean[i]);
        }
    }

    private delegate void RowAction(string[] condition, long tick, string agent, string variable, int n, double mean, double? sd, double? half);

    private void ForEachRow(List<string[]> values, RowAction row)
    {
        for (var ci = 0; ci < _conditions.Length; ci++)
        {
            if (_conditions[ci] is not { } c)
            {
                continue;
            }

            var t = c.N > 1 ? T975(c.N - 1) : 0;
            var i = 0;
            foreach (var tick in c.Ticks)
            {
                foreach (var agent in c.Agents)
                {
                    foreach (var variable in c.Variables)
                    {
                        double? sd = c.N > 1 ? Math.Sqrt(c.M2[i] / (c.N - 1)) : null;
                        double? half = sd is { } s ? t * s / Math.Sqrt(c.N) : null;
                        row(values[ci], tick, agent, variable, c.N, c.Mean[i], sd, half);
                        i++;
                    }
                }
            }
        }
    }

    private sealed class Condition(long[] ticks, string[] agents, string[] variables)
    {
        public long[] Ticks { get; } = ticks;

        public string[] Agents { get; } = agents;

        public string[] Variables { get; } = variables;

        public int N { get; set; }

        public double[] Mean { get; } = new double[ticks.Length * agents.Length * variables.Length];

        public double[] M2 { get; } = new double[ticks.Length * agents.Length * variables.Length];
    }
}
