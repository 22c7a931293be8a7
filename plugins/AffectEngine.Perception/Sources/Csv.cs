using System;
using System.Collections.Generic;
using System.Globalization;

namespace AffectEngine.Perception.Sources;

/// <summary>
/// The CSV reading all file sources share: comma-separated, fields trimmed (OpenFace writes ", " and
/// ",  "), double-quoted fields allowed, lines starting with '#' are comments (iMotions metadata).
/// Columns are found by header name, never by position, because tools vary their column sets.
/// </summary>
internal sealed class CsvHeader
{
    private readonly Dictionary<string, int> _columns;

    public CsvHeader(string[] names)
    {
        Names = names;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            _columns.TryAdd(names[i], i);
        }
    }

    public string[] Names { get; }

    public int Count => Names.Length;

    public int Find(params string[] candidates)
    {
        foreach (var c in candidates)
        {
            if (_columns.TryGetValue(c, out var i))
            {
                return i;
            }
        }

        return -1;
    }

    public string Describe() => string.Join(", ", Names);
}

internal static class Csv
{
    public static string[] Split(string line)
    {
        var fields = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < line.Length && (line[i] == ' ' || line[i] == '\t'))
            {
                i++;
            }

            string field;
            if (i < line.Length && line[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(line[i++]);
                }

                field = sb.ToString();
                while (i < line.Length && line[i] != ',')
                {
                    i++;
                }
            }
            else
            {
                var start = i;
                while (i < line.Length && line[i] != ',')
                {
                    i++;
                }

                field = line.Substring(start, i - start).Trim();
            }

            fields.Add(field);
            if (i >= line.Length)
            {
                break;
            }

            i++; // the comma
        }

        return fields.ToArray();
    }

    public static bool IsSkippable(string line) => line.Length == 0 || string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#');

    /// <summary>Parses a number the way the tools write them (invariant culture; "nan" and "inf" parse and are refused later).</summary>
    public static bool TryNumber(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
