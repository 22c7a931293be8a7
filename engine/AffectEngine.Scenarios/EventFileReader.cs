using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace AffectEngine.Scenarios;

/// <summary>
/// Reads the events of a <c>"kind": "file"</c> generator one line at a time (JSON Lines or CSV), so a
/// file of any length streams through a run in constant memory. Every problem is a
/// <see cref="ScenarioException"/> with file:line:column.
/// </summary>
public sealed class EventFileReader : IDisposable
{
    private static readonly string[] CsvColumns = ["tick", "at", "action", "actor", "target", "object", "appeal", "agent", "emotion", "intensity", "goal", "congruence", "likelihood", "controllability"];
    private const int Goal = 10;

    // As the deserializer reads a line (ScenarioJsonContext): comments and trailing commas allowed.
    private static readonly JsonReaderOptions LineOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };
    private readonly StreamReader _reader;
    private readonly bool _csv;
    private readonly double _step;
    private readonly int[] _column = new int[CsvColumns.Length];
    private List<(string Text, int Column)> _fields = [];
    private long _lastTick;

    private EventFileReader(string path, StreamReader reader, double stepSeconds)
    {
        FilePath = path;
        _reader = reader;
        _step = stepSeconds;
        _csv = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The file, as given to <see cref="Open"/>.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line of the event last returned.</summary>
    public int Line { get; private set; }

    /// <summary>Opens a file; <paramref name="stepSeconds"/> turns "at" times into ticks.</summary>
    public static EventFileReader Open(string path, double stepSeconds)
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(path ?? throw new ArgumentNullException(nameof(path)));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ScenarioException($"{path}: cannot read the event file: {ex.Message}", ex);
        }

        var r = new EventFileReader(path, reader, stepSeconds);
        try
        {
            if (r._csv)
            {
                r.ReadHeader();
            }
        }
        catch
        {
            r.Dispose();
            throw;
        }

        return r;
    }

    /// <summary>The path of a file generator's file: relative paths are resolved against the scenario file's folder.</summary>
    public static string Resolve(EventGeneratorSpec generator, string baseDirectory) =>
        System.IO.Path.Combine(baseDirectory ?? ".", (generator ?? throw new ArgumentNullException(nameof(generator))).File ?? "");

    /// <summary>
    /// Reads every file generator's file through once (streaming) and throws <see cref="ScenarioException"/>
    /// at the first line that is malformed, out of time order or names an agent the scenario lacks: a run
    /// finds the problem before its first tick, not midway.
    /// </summary>
    public static void CheckFiles(Scenario scenario, string baseDirectory)
    {
        if (scenario is null)
        {
            throw new ArgumentNullException(nameof(scenario));
        }

        var specs = new Dictionary<string, AgentSpec>(StringComparer.Ordinal);
        foreach (var a in scenario.Agents)
        {
            specs[a.Id] = a;
        }

        foreach (var g in scenario.EventGenerators)
        {
            if (g.Kind != "file")
            {
                continue;
            }

            using var reader = Open(Resolve(g, baseDirectory), scenario.Run.Step.Seconds);
            while (reader.Next(out var e, out _))
            {
                void Name(string? name, string column, string path)
                {
                    if (name is not null && !ScenarioChecks.IsAgent(specs, name))
                    {
                        throw reader.FieldError(column, path, $"expected the id of an agent of this scenario, found '{name}'");
                    }
                }

                Name(e.Actor, "actor", "$.actor");
                Name(e.Target, "target", "$.target");
                for (var i = 0; i < (e.Targets?.Count ?? 0); i++)
                {
                    Name(e.Targets![i], "targets", JsonPathText.Index("$.targets", i));
                }

                for (var i = 0; i < (e.Witnesses?.Count ?? 0); i++)
                {
                    Name(e.Witnesses![i], "witnesses", JsonPathText.Index("$.witnesses", i));
                }

                Name(e.Elicit?.Agent, "agent", "$.elicit.agent");
                if (e.Elicit is { } el && !ScenarioChecks.EmotionNames.Contains(el.Emotion))
                {
                    throw reader.FieldError("emotion", "$.elicit.emotion", $"expected an emotion name (\"joy\", \"fear\", ...), found '{el.Emotion}'");
                }

                if (e.Encounter is not null)
                {
                    throw reader.FieldError("", "$.encounter", "expected no encounters in an event file (schedule them in \"events\"), found one");
                }

                for (var i = 0; i < (e.Beliefs?.Count ?? 0); i++)
                {
                    var b = e.Beliefs![i];
                    var slash = b.Goal.IndexOf('/');
                    if (slash <= 0 || !ScenarioChecks.TryGetSpec(specs, b.Goal.Substring(0, slash), out var owner) || !owner.Goals.Exists(x => x.Id == b.Goal.Substring(slash + 1)))
                    {
                        throw reader.FieldError("goal", JsonPathText.Index("$.beliefs", i) + ".goal", $"expected \"agentId/goalId\" naming a goal of an agent, found '{b.Goal}'");
                    }
                }
            }
        }
    }

    /// <summary>The next event and its tick; false at the end of the file.</summary>
    public bool Next(out EventSpec spec, out long tick)
    {
        while (_reader.ReadLine() is { } line)
        {
            Line++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            spec = _csv ? CsvEvent(line) : JsonEvent(line);
            tick = spec.Tick ?? (long)Math.Round(spec.At!.Value.Seconds / _step);
            if (tick < _lastTick)
            {
                throw Error(1, $"expected events in time order, found tick {tick} after tick {_lastTick}");
            }

            _lastTick = tick;
            return true;
        }

        spec = null!;
        tick = 0;
        return false;
    }

    /// <summary>A problem at a column of the current line.</summary>
    public ScenarioException Error(int column, string message) =>
        new([new ScenarioError(FilePath, Line, column, "", message)]);

    /// <summary>
    /// A problem with one field of the current line, named in the error's field slot: for CSV the column
    /// (at its cell on this line, or column 1 when the header lacks it), for JSON Lines the JSON path in the line.
    /// </summary>
    private ScenarioException FieldError(string csvColumn, string jsonPath, string message)
    {
        if (!_csv)
        {
            return new([new ScenarioError(FilePath, Line, 1, jsonPath, message)]);
        }

        var k = Array.IndexOf(CsvColumns, csvColumn);
        var i = k < 0 ? -1 : _column[k];
        return new([new ScenarioError(FilePath, Line, i >= 0 && i < _fields.Count ? _fields[i].Column : 1, csvColumn, message)]);
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    private EventSpec JsonEvent(string line)
    {
        // The scenario's own shape check (kinds, unknown properties, [Bounds] ranges such as controllability
        // in [0, 1]) runs on each line, so a bad value is refused when the file is checked before the first
        // tick rather than when the run reaches it.
        var bytes = System.Text.Encoding.UTF8.GetBytes(line);
        var shape = new ScenarioShape(ScenarioJsonContext.Default.Options);
        shape.Walk(bytes, LineOptions, typeof(EventSpec));
        if (shape.SyntaxError is null)
        {
            if (shape.Duplicates.Count > 0)
            {
                throw LineError(bytes, shape.Duplicates[0].Path, shape.Duplicates[0].Offset, "expected each property once, found it again");
            }

            if (shape.Errors.Count > 0)
            {
                var (path, _, message, offset) = shape.Errors[0];
                throw LineError(bytes, path, offset, message);
            }
        }

        EventSpec? e;
        try
        {
            e = JsonSerializer.Deserialize(bytes, ScenarioJsonContext.Default.EventSpec);
        }
        catch (JsonException ex)
        {
            throw Error(ex.BytePositionInLine is long c ? (int)c + 1 : 1, (ex.Path is { } p ? p + ": " : "") + ex.Message.Split([" Path:", " LineNumber:"], StringSplitOptions.None)[0].TrimEnd('.'));
        }

        if (e is null)
        {
            throw Error(1, "expected an event object, found null");
        }

        if (e.Tick is null == e.At is null)
        {
            throw Error(1, "expected \"tick\" or \"at\", found " + (e.Tick is null ? "neither" : "both"));
        }

        if (e.Tick < 0 || e.At?.Seconds < 0)
        {
            throw Error(1, "expected a time at or after the start, found a negative one");
        }

        return e;
    }

    /// <summary>A problem at a byte offset of the current JSON line, reported at its character column.</summary>
    private ScenarioException LineError(byte[] line, string path, long offset, string message) =>
        new([new ScenarioError(FilePath, Line, System.Text.Encoding.UTF8.GetCharCount(line, 0, (int)Math.Min(offset, line.Length)) + 1, path, message)]);

    private void ReadHeader()
    {
        var header = _reader.ReadLine();
        Line = 1;
        if (header is null)
        {
            throw Error(1, "expected a header line (tick or at, then event columns), found an empty file");
        }

        Array.Fill(_column, -1);
        var fields = Split(header);
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields[i].Text.Trim();
            var k = Array.IndexOf(CsvColumns, name);
            if (k < 0)
            {
                throw Error(fields[i].Column, $"expected a column named one of {string.Join(", ", CsvColumns)}, found '{name}'");
            }

            if (_column[k] >= 0)
            {
                throw Error(fields[i].Column, $"expected each column once, found '{name}' again");
            }

            _column[k] = i;
        }

        if (_column[0] < 0 == _column[1] < 0)
        {
            throw Error(1, "expected a \"tick\" or an \"at\" column, found " + (_column[0] < 0 ? "neither" : "both"));
        }
    }

    private EventSpec CsvEvent(string line)
    {
        var fields = _fields = Split(line);
        (string Text, int Column)? Field(int k)
        {
            var i = _column[k];
            if (i < 0 || i >= fields.Count || fields[i].Text.Length == 0)
            {
                return null;
            }

            return fields[i];
        }

        // Where a missing value belongs: its (empty) cell when the line has one, else the cell of the field that needs it.
        int CellColumn(int k, int fallback) => _column[k] >= 0 && _column[k] < fields.Count ? fields[_column[k]].Column : fallback;

        string? Text(int k) => Field(k)?.Text;

        double Number(int k, double min, double max, string what)
        {
            var f = Field(k)!.Value;
            if (!double.TryParse(f.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= min && v <= max))
            {
                throw CellError(f.Column, k, $"expected {what} in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}], found '{f.Text}'");
            }

            return v;
        }

        var e = new EventSpec { Action = Text(2), Actor = Text(3), Target = Text(4), Object = Text(5) };
        if (Field(0) is { } t)
        {
            if (!long.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var tick))
            {
                throw CellError(t.Column, 0, $"expected a tick number ≥ 0, found '{t.Text}'");
            }

            e.Tick = tick;
        }
        else if (Field(1) is { } at)
        {
            if (!Duration.TryParse(at.Text, out var d))
            {
                throw CellError(at.Column, 1, $"expected a time such as \"12s\" or \"100ms\", found '{at.Text}'");
            }

            e.At = d;
            if (d.Seconds < 0)
            {
                throw CellError(at.Column, 1, $"expected a time at or after the start, found '{at.Text}'");
            }
        }
        else
        {
            var k = _column[0] >= 0 ? 0 : 1;
            throw CellError(CellColumn(k, 1), k, $"expected a value in the {CsvColumns[k]} column, found none");
        }

        if (Field(6) is not null)
        {
            e.Appeal = (float)Number(6, -1, 1, "an appeal");
        }

        if (Field(7) is { } agent)
        {
            if (Field(8) is not { } emotion || !ScenarioChecks.EmotionNames.Contains(emotion.Text))
            {
                throw CellError(Field(8)?.Column ?? CellColumn(8, agent.Column), 8, $"expected an emotion name (\"joy\", \"fear\", ...) with \"agent\", found '{Text(8)}'");
            }

            e.Elicit = new ElicitSpec { Agent = agent.Text, Emotion = emotion.Text, Intensity = Field(9) is null ? 1f : (float)Number(9, 0, 1, "an intensity") };
        }

        // One goal effect per row, as one entry of "beliefs" in JSON; the other three columns belong to it.
        if (Field(Goal) is { } goal)
        {
            if (Field(Goal + 1) is null)
            {
                throw CellError(CellColumn(Goal + 1, goal.Column), Goal + 1, "expected a congruence in [-1, 1] with \"goal\" (whether the event helps or hurts it), found none");
            }

            e.Beliefs =
            [
                new BeliefSpec
                {
                    Goal = goal.Text,
                    Congruence = (float)Number(Goal + 1, -1, 1, "a congruence"),
                    Likelihood = Field(Goal + 2) is null ? 1f : (float)Number(Goal + 2, 0, 1, "a likelihood"),
                    Controllability = Field(Goal + 3) is null ? null : (float)Number(Goal + 3, 0, 1, "a controllability"),
                },
            ];
        }
        else
        {
            for (var k = Goal + 1; k <= Goal + 3; k++)
            {
                if (Field(k) is { } orphan)
                {
                    throw CellError(orphan.Column, k, $"expected a \"goal\" beside {CsvColumns[k]} (it describes the event's effect on that goal), found no goal");
                }
            }
        }

        if (e.Elicit is null && e.Action is null && e.Object is null && e.Beliefs is null)
        {
            throw Error(1, "expected an action, an object, a goal or an agent with an emotion, found none");
        }

        return e;
    }

    /// <summary>A problem in the cell of column <paramref name="k"/>, with the column's name in the error's field slot.</summary>
    private ScenarioException CellError(int column, int k, string message) =>
        new([new ScenarioError(FilePath, Line, column, CsvColumns[k], message)]);

    /// <summary>The fields of one line, each with its 1-based column; a malformed line is an error at its column.</summary>
    private List<(string Text, int Column)> Split(string line)
    {
        var fields = new List<(string Text, int Column)>();
        if (CsvLine.Split(line, ',', fields) is { } problem)
        {
            throw Error(problem.Column, problem.Message);
        }

        return fields;
    }
}
