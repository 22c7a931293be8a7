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
/// An array element's path, put together only when an error names it: the checks visit every event of
/// a file that may hold hundreds of thousands, and almost all of them are fine.
/// </summary>
internal readonly struct IndexPath
{
    private readonly string _parent;
    private readonly int _index;

    public IndexPath(string parent, int index)
    {
        _parent = parent;
        _index = index;
    }

    public static implicit operator string(IndexPath path) => path.ToString();

    public static string operator +(IndexPath path, string tail) => path.Append(tail);

    /// <summary>The path followed by <paramref name="tail"/> (such as <c>.tick</c>).</summary>
    public string Append(string tail) => ToString() + tail;

    public override string ToString() => JsonPathText.Index(_parent, _index);
}

/// <summary>
/// Where values are in the file, found only when an error is reported: a valid file never pays for a
/// position map. Errors found after deserialization (semantic checks) name a JSON path; one pass over
/// the bytes finds every such path's value (descending only into the containers on the way to one),
/// and one pass over the newlines turns the offsets into lines and columns.
/// </summary>
internal static class ScenarioPositions
{
    /// <summary>
    /// The byte offset of the value at each path, or of its nearest ancestor that exists in the file
    /// (a check may name a value the file left out).
    /// </summary>
    public static Dictionary<string, long> ValueOffsets(ReadOnlySpan<byte> json, JsonReaderOptions options, IEnumerable<string> paths)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            for (var p = path; p is not null && wanted.Add(p); p = JsonPathText.Parent(p))
            {
            }
        }

        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json, options);
        try
        {
            if (reader.Read())
            {
                Find(ref reader, "$", wanted, found);
            }
        }
        catch (JsonException)
        {
            // Only called for documents the reader accepted; keep what was found if not.
        }

        var offsets = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var offset = 0L;
            for (var p = path; p is not null; p = JsonPathText.Parent(p))
            {
                if (found.TryGetValue(p, out offset))
                {
                    break;
                }
            }

            offsets[path] = offset;
        }

        return offsets;
    }

    private static void Find(ref Utf8JsonReader reader, string path, HashSet<string> wanted, Dictionary<string, long> found)
    {
        found[path] = reader.TokenStartIndex;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name;
                try
                {
                    name = reader.GetString() ?? "";
                }
                catch (InvalidOperationException)
                {
                    name = "\uFFFD";
                }

                reader.Read();
                var child = JsonPathText.Property(path, name);
                if (wanted.Contains(child))
                {
                    Find(ref reader, child, wanted, found);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var child = JsonPathText.Index(path, index++);
                if (wanted.Contains(child))
                {
                    Find(ref reader, child, wanted, found);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    /// <summary>1-based line and column (in bytes) of each byte offset, counting newlines once up to the last.</summary>
    public static (int Line, int Column)[] LineColumns(ReadOnlySpan<byte> json, IReadOnlyList<long> offsets)
    {
        var order = new int[offsets.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        System.Array.Sort(order, (a, b) => offsets[a].CompareTo(offsets[b]));
        var result = new (int Line, int Column)[offsets.Count];
        var line = 1;
        var lineStart = 0L;
        var at = 0L;
        foreach (var i in order)
        {
            var target = Math.Min(Math.Max(offsets[i], 0), json.Length);
            while (at < target)
            {
                var next = json.Slice((int)at, (int)(target - at)).IndexOf((byte)'\n');
                if (next < 0)
                {
                    break;
                }

                at += next + 1;
                line++;
                lineStart = at;
            }

            at = Math.Max(at, lineStart);
            result[i] = (line, (int)(target - lineStart) + 1);
        }

        return result;
    }
}
