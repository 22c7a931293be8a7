using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using AffectEngine.Affect;
using AffectEngine.Core;
using AffectEngine.Hosting;
using Parquet;
using Parquet.Schema;

namespace AffectEngine.Cli.Output;

/// <summary>Receives the tidy long rows <c>tick, agent, variable, value</c>.</summary>
internal interface ITidySink : IDisposable
{
    void Row(long tick, string agent, string variable, float value);

    /// <summary>Writes what is buffered and the file's trailer; the owner's <see cref="OutputSet"/> renames it.</summary>
    void Finish();
}

/// <summary>
/// The exported variables: each emotion by its kebab-case name, every other hot field by its schema name. Where the
/// action units are computed on read (the scenario default), the 14 <c>express.au.*</c> are computed from each
/// agent's emotions and listed where a per-tick world holds them, so an export is the same for either output.
/// </summary>
internal sealed class TidyVariables
{
    private const string ActionUnitPrefix = "express.au.";

    // Per variable: its hot field's index, or ~i for the i-th action unit computed on read.
    private readonly int[] _source;
    private readonly AffectModule? _affect;
    private readonly float[] _units = new float[AffectFields.ActionUnitCount];

    private TidyVariables(string[] names, int[] source, AffectModule? affect)
    {
        Names = names;
        _source = source;
        _affect = affect;
    }

    /// <summary>The variables' names, in row order.</summary>
    public string[] Names { get; }

    /// <summary>The exported name of a hot field.</summary>
    public static string NameOf(string field) =>
        field.StartsWith("emotion.", StringComparison.Ordinal) ? field.Substring("emotion.".Length) : field;

    /// <summary>The variables of a runner's world (its affect module's action units on read included).</summary>
    public static TidyVariables Of(SimulationRunner runner)
    {
        var schema = runner.World.Schema;
        var affect = AffectOf(runner);
        var names = new List<string>();
        var source = new List<int>();
        var onRead = affect is not null && !affect.Fields.HasActionUnitFields;
        for (var i = 0; i < schema.FieldCount; i++)
        {
            var field = schema.FieldNames[i];
            if (onRead && field == "express.class")
            {
                // Where AffectFields puts the per-tick action units: between the octant and the mood class.
                for (var u = 0; u < AffectFields.ActionUnitCount; u++)
                {
                    names.Add(ActionUnitPrefix + AffectFields.ActionUnits[u].ToString(CultureInfo.InvariantCulture));
                    source.Add(~u);
                }
            }

            names.Add(NameOf(field));
            source.Add(i);
        }

        return new TidyVariables([.. names], [.. source], onRead ? affect : null);
    }

    private static AffectModule? AffectOf(SimulationRunner runner)
    {
        foreach (var m in runner.Modules)
        {
            if (m is AffectEngineModule a)
            {
                return a.Affect;
            }
        }

        return null;
    }

    /// <summary>Every variable of a live agent, in <see cref="Names"/> order.</summary>
    public void Read(World world, AgentId id, Span<float> values)
    {
        var block = world.Block(id.Slot >> 3);
        var lane = id.Slot & 7;
        if (_affect is not null)
        {
            _affect.Expression(id).CopyActionUnits(_units);
        }

        for (var v = 0; v < _source.Length; v++)
        {
            var f = _source[v];
            values[v] = f >= 0 ? block[(f * AgentBlocks.LanesPerBlock) + lane] : _units[~f];
        }
    }

    /// <summary>Writes every live agent's every variable at the current state to each sink (each agent read once).</summary>
    public void WriteState(World world, Func<AgentId, string> nameOf, long tick, IReadOnlyList<ITidySink> sinks)
    {
        Span<float> values = Names.Length <= 256 ? stackalloc float[Names.Length] : new float[Names.Length];
        foreach (var id in world.Agents)
        {
            var name = nameOf(id);
            Read(world, id, values);
            foreach (var sink in sinks)
            {
                for (var v = 0; v < values.Length; v++)
                {
                    sink.Row(tick, name, Names[v], values[v]);
                }
            }
        }
    }
}

/// <summary>Tidy CSV with a header line; values in shortest round-trip form; RFC 4180 quoting where needed.</summary>
internal sealed class CsvSink : ITidySink
{
    private readonly AtomicFile _file;
    private readonly StreamWriter _writer;

    public CsvSink(AtomicFile file)
    {
        _file = file;
        _writer = new StreamWriter(_file.Stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        _writer.WriteLine("tick,agent,variable,value");
    }

    public void Row(long tick, string agent, string variable, float value)
    {
        var inv = CultureInfo.InvariantCulture;
        _writer.Write(tick.ToString(inv));
        _writer.Write(',');
        _writer.Write(Quote(agent));
        _writer.Write(',');
        _writer.Write(variable);
        _writer.Write(',');
        _writer.WriteLine(value.ToString("R", inv));
    }

    public void Finish() => _writer.Flush();

    public void Dispose()
    {
    }

    internal static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// Wide CSV: one row per tick, a column per agent and variable (<c>tick,ann.joy,ann.mood.p,...</c>), far
/// smaller than the long form for few agents. The columns are those of the first tick written.
/// </summary>
internal sealed class WideCsvSink : ITidySink
{
    private readonly StreamWriter _writer;
    private readonly Dictionary<(string, string), int> _columns = [];
    private readonly List<float> _row = [];
    private readonly List<bool> _set = [];
    private long _tick = -1;
    private bool _header;

    public WideCsvSink(AtomicFile file) =>
        _writer = new StreamWriter(file.Stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };

    public void Row(long tick, string agent, string variable, float value)
    {
        if (tick != _tick)
        {
            EndRow();
            _tick = tick;
        }

        if (!_columns.TryGetValue((agent, variable), out var c))
        {
            if (_header)
            {
                return; // an agent added later has no column
            }

            c = _columns.Count;
            _columns.Add((agent, variable), c);
            _row.Add(0);
            _set.Add(false);
        }

        _row[c] = value;
        _set[c] = true;
    }

    public void Finish()
    {
        EndRow();
        _writer.Flush();
    }

    public void Dispose()
    {
    }

    private void EndRow()
    {
        if (_tick < 0)
        {
            return;
        }

        var inv = CultureInfo.InvariantCulture;
        if (!_header)
        {
            _header = true;
            _writer.Write("tick");
            foreach (var ((agent, variable), _) in _columns)
            {
                _writer.Write(',');
                _writer.Write(CsvSink.Quote(agent + "." + variable));
            }

            _writer.WriteLine();
        }

        _writer.Write(_tick.ToString(inv));
        for (var i = 0; i < _row.Count; i++)
        {
            _writer.Write(',');
            if (_set[i])
            {
                _writer.Write(_row[i].ToString("R", inv));
            }

            _set[i] = false;
        }

        _writer.WriteLine();
        _tick = -1;
    }
}

/// <summary>Tidy Parquet: columns tick (int64), agent (string), variable (string), value (float); row groups of up to 1M rows.</summary>
internal sealed class ParquetSink : ITidySink
{
    private const int RowGroupRows = 1 << 20;
    private static readonly DataField<long> TickField = new("tick");
    private static readonly DataField<string> AgentField = new("agent");
    private static readonly DataField<string> VariableField = new("variable");
    private static readonly DataField<float> ValueField = new("value");
    private readonly AtomicFile _file;
    private readonly ParquetWriter _writer;
    private readonly long[] _ticks = new long[RowGroupRows];
    private readonly string[] _agents = new string[RowGroupRows];
    private readonly string[] _variables = new string[RowGroupRows];
    private readonly float[] _values = new float[RowGroupRows];
    private int _count;

    public ParquetSink(AtomicFile file)
    {
        _file = file;
        var schema = new ParquetSchema(TickField, AgentField, VariableField, ValueField);
        _writer = ParquetWriter.CreateAsync(schema, _file.Stream, null, false, default).GetAwaiter().GetResult();
    }

    public void Row(long tick, string agent, string variable, float value)
    {
        _ticks[_count] = tick;
        _agents[_count] = agent;
        _variables[_count] = variable;
        _values[_count] = value;
        if (++_count == RowGroupRows)
        {
            FlushGroup();
        }
    }

    public void Finish()
    {
        FlushGroup();
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _file.Stream.Flush();
    }

    public void Dispose()
    {
    }

    private void FlushGroup()
    {
        if (_count == 0)
        {
            return;
        }

        using (var group = _writer.CreateRowGroup())
        {
            group.WriteAsync<long>(TickField, new ReadOnlyMemory<long>(_ticks, 0, _count), null, null, default).GetAwaiter().GetResult();
            group.WriteAsync(AgentField, new ArraySegment<string>(_agents, 0, _count), null).GetAwaiter().GetResult();
            group.WriteAsync(VariableField, new ArraySegment<string>(_variables, 0, _count), null).GetAwaiter().GetResult();
            group.WriteAsync<float>(ValueField, new ReadOnlyMemory<float>(_values, 0, _count), null, null, default).GetAwaiter().GetResult();
        }

        _count = 0;
    }
}

/// <summary>Fans rows out to several sinks.</summary>
internal sealed class TidySinks : IDisposable
{
    private readonly List<ITidySink> _sinks = [];

    public bool Any => _sinks.Count > 0;

    public void Add(ITidySink sink) => _sinks.Add(sink);

    public void WriteState(World world, Func<AgentId, string> nameOf, TidyVariables variables, long tick)
    {
        variables.WriteState(world, nameOf, tick, _sinks);
    }

    public void Finish()
    {
        foreach (var s in _sinks)
        {
            s.Finish();
        }
    }

    public void Dispose()
    {
        foreach (var s in _sinks)
        {
            s.Dispose();
        }
    }
}
