using System;
using System.Collections.Generic;
using System.Text.Json;

namespace AffectEngine.Scenarios;

/// <summary>JSON paths in the form users see: <c>$.agents[1].personality.e</c>, <c>$.agents[0].relations['odd key']</c>.</summary>
internal static class JsonPathText
{
    public static string Property(string parent, string name)
    {
        var simple = name.Length > 0 && (char.IsLetter(name[0]) || name[0] is '_' or '$');
        foreach (var c in name)
        {
            simple &= char.IsLetterOrDigit(c) || c is '_' or '-' or '$';
        }

        return simple ? parent + "." + name : parent + "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
    }

    public static string Index(string parent, int index) => parent + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";

    /// <summary>The parent path, or null for the root.</summary>
    public static string? Parent(string path)
    {
        if (path == "$")
        {
            return null;
        }

        var end = path.Length - 1;
        if (path[end] == ']')
        {
            // Skip back over a bracket segment, honouring quotes.
            var depthQuote = false;
            for (var i = end - 1; i >= 0; i--)
            {
                if (path[i] == '\'' && (i == 0 || path[i - 1] != '\\'))
                {
                    depthQuote = !depthQuote;
                }
                else if (path[i] == '[' && !depthQuote)
                {
                    return path.Substring(0, i);
                }
            }

            return "$";
        }

        var dot = path.LastIndexOf('.');
        return dot <= 0 ? "$" : path.Substring(0, dot);
    }
}

/// <summary>
/// Where each JSON value (and each property name) starts in the file, by JSON path, so that errors
/// found after deserialization (semantic checks) still point at a line and column.
/// </summary>
internal sealed class ScenarioPositions
{
    private readonly Dictionary<string, long> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _names = new(StringComparer.Ordinal);
    private readonly List<long> _lineStarts = [0];

    private ScenarioPositions()
    {
    }

    /// <summary>Property paths that occur twice in one object.</summary>
    public List<string> Duplicates { get; } = [];

    /// <summary>Scans the document (which must already be valid JSON) and records positions.</summary>
    public static ScenarioPositions Scan(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        var map = new ScenarioPositions();
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == (byte)'\n')
            {
                map._lineStarts.Add(i + 1);
            }
        }

        var reader = new Utf8JsonReader(json, options);
        var stack = new Stack<Frame>();
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    pendingName = Text(ref reader, stack.Count > 0 ? stack.Peek().Path : "$", map);
                    var parent = stack.Count > 0 ? stack.Peek().Path : "$";
                    var namePath = JsonPathText.Property(parent, pendingName);
                    if (map._names.ContainsKey(namePath))
                    {
                        map.Duplicates.Add(namePath);
                    }

                    map._names[namePath] = reader.TokenStartIndex;
                    continue;
                }

                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    stack.Pop();
                    continue;
                }

                string path;
                if (stack.Count == 0)
                {
                    path = "$";
                }
                else
                {
                    var top = stack.Pop();
                    if (top.IsArray)
                    {
                        path = JsonPathText.Index(top.Path, top.NextIndex);
                        top.NextIndex++;
                    }
                    else
                    {
                        path = JsonPathText.Property(top.Path, pendingName ?? "");
                    }

                    stack.Push(top);
                }

                map._values[path] = reader.TokenStartIndex;
                if (token == JsonTokenType.String)
                {
                    Text(ref reader, path, map);
                }

                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    stack.Push(new Frame(path, token == JsonTokenType.StartArray));
                }
            }
        }
        catch (JsonException)
        {
            // The caller reports syntax errors; positions found so far are kept.
        }

        return map;
    }

    /// <summary>Strings (values or names) that are not valid text: invalid UTF-8 or a lone surrogate escape.</summary>
    public List<(string Path, long Offset)> InvalidText { get; } = [];

    /// <summary>1-based line and column of a byte offset.</summary>
    public (int Line, int Column) At(long offset) => ToLineColumn(offset);

    private static string Text(ref Utf8JsonReader reader, string path, ScenarioPositions map)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            map.InvalidText.Add((path, reader.TokenStartIndex));
            return "\uFFFD" + reader.TokenStartIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>1-based line and column of the value at <paramref name="path"/> (or of its nearest ancestor).</summary>
    public (int Line, int Column) ValueAt(string path)
    {
        for (var p = path; p is not null; p = JsonPathText.Parent(p))
        {
            if (_values.TryGetValue(p, out var offset))
            {
                return ToLineColumn(offset);
            }
        }

        return (1, 1);
    }

    /// <summary>1-based line and column of the property name at <paramref name="path"/>, else of its value.</summary>
    public (int Line, int Column) NameAt(string path) =>
        _names.TryGetValue(path, out var offset) ? ToLineColumn(offset) : ValueAt(path);

    private (int Line, int Column) ToLineColumn(long offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, (int)(offset - _lineStarts[index]) + 1);
    }

    private sealed class Frame
    {
        public Frame(string path, bool isArray)
        {
            Path = path;
            IsArray = isArray;
        }

        public string Path { get; }

        public bool IsArray { get; }

        public int NextIndex { get; set; }
    }
}
