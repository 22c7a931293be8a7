using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace AffectEngine.Scenarios;

/// <summary>
/// Reads a participants CSV (<c>"traits": {"from": ...}</c>) into <see cref="ParticipantRow"/>s. Its own
/// small RFC 4180 reader (quoted fields with "" escapes and line breaks, CRLF or LF), so every cell
/// keeps its line and column for error messages; the file is small next to the scenario it feeds.
/// </summary>
internal static class ParticipantsFile
{
    /// <summary>Largest participants file accepted (the scenario file's limit).</summary>
    private const long MaxBytes = ScenarioLoader.MaxFileBytes;

    /// <summary>Cell problems reported before giving up (a wrong scale would otherwise list every cell).</summary>
    private const int MaxErrors = 20;

    // Header names (compared without case or surrounding spaces) → trait index, 5 = groups.
    private static readonly Dictionary<string, int> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["o"] = 0, ["openness"] = 0, ["openness to experience"] = 0,
        ["c"] = 1, ["conscientiousness"] = 1,
        ["e"] = 2, ["extraversion"] = 2, ["extroversion"] = 2,
        ["a"] = 3, ["agreeableness"] = 3,
        ["n"] = 4, ["neuroticism"] = 4,
        ["group"] = 5, ["groups"] = 5,
    };

    private static readonly string[] TraitNames = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism", "group"];

    /// <summary>
    /// Reads the file named by <paramref name="traits"/>.<c>From</c> (relative to <paramref name="baseDirectory"/>)
    /// into its rows; problems go to <paramref name="errors"/> with the CSV's file:line:column and
    /// <paramref name="field"/>, the scenario field that named the file. Returns null when the file cannot be used.
    /// </summary>
    public static List<ParticipantRow>? Read(TraitDistributionsSpec traits, string baseDirectory, string displayDirectory, string field, List<ScenarioError> errors, Action<string, string> fieldError)
    {
        var from = traits.From!;
        var path = Path.Combine(baseDirectory, from);
        var shown = displayDirectory.Length == 0 ? from : Path.Combine(displayDirectory, from);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                fieldError(field, $"expected a participants CSV file (relative to the scenario's folder), found no file '{shown}'");
                return null;
            }

            if (info.Length > MaxBytes)
            {
                fieldError(field, $"expected a participants file of at most {MaxBytes} bytes, found {info.Length} bytes in '{shown}'");
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            fieldError(field, $"cannot read the participants file '{shown}': {ex.Message}");
            return null;
        }

        string text;
        try
        {
            var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            text = new UTF8Encoding(false, true).GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new ScenarioError(shown, 1, 1, field, "expected UTF-8 text, found an invalid byte sequence"));
            return null;
        }

        var min = traits.Scale?.Min ?? -1f;
        var max = traits.Scale?.Max ?? 1f;
        var reader = new CsvCells(text);
        var header = reader.NextRecord();
        if (header is null)
        {
            errors.Add(new ScenarioError(shown, 1, 1, field, "expected a header line naming the trait columns, found an empty file"));
            return null;
        }

        var map = new int[header.Count];
        var seen = new int[TraitNames.Length];
        var any = false;
        for (var i = 0; i < header.Count; i++)
        {
            var cell = header[i];
            map[i] = Columns.TryGetValue(cell.Text.Trim(), out var k) ? k : -1;
            if (map[i] < 0)
            {
                continue; // other columns (participant id, age, ...) are kept in the file for the researcher
            }

            if (seen[map[i]]++ > 0)
            {
                errors.Add(new ScenarioError(shown, cell.Line, cell.Column, field, $"expected each column once, found a second {TraitNames[map[i]]} column '{cell.Text}'"));
                return null;
            }

            any |= map[i] < 5;
        }

        if (!any)
        {
            errors.Add(new ScenarioError(shown, 1, 1, field, "expected a header naming at least one trait column (openness, conscientiousness, extraversion, agreeableness, neuroticism, or O, C, E, A, N), found none"));
            return null;
        }

        var rows = new List<ParticipantRow>();
        var bad = 0;
        while (reader.NextRecord() is { } record)
        {
            if (record.Count == 1 && record[0].Text.Trim().Length == 0 && !record[0].Quoted)
            {
                continue; // a blank line
            }

            if (record.Count != header.Count)
            {
                errors.Add(new ScenarioError(shown, record[0].Line, 1, field, $"expected {header.Count} fields as in the header, found {record.Count}"));
                if (++bad >= MaxErrors)
                {
                    return null;
                }

                continue;
            }

            var row = new ParticipantRow();
            for (var i = 0; i < record.Count; i++)
            {
                if (map[i] < 0)
                {
                    continue;
                }

                var cell = record[i];
                var value = cell.Text.Trim();
                if (map[i] == 5)
                {
                    foreach (var g in value.Split(';'))
                    {
                        if (g.Trim().Length > 0)
                        {
                            (row.Groups ??= []).Add(g.Trim());
                        }
                    }

                    continue;
                }

                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v) || double.IsInfinity(v) || v < min || v > max)
                {
                    var found = value.Length == 0 ? "an empty cell" : $"'{value}'";
                    errors.Add(new ScenarioError(shown, cell.Line, cell.Column, field, $"{TraitNames[map[i]]}: expected a number in [{Num(min)}, {Num(max)}]{(traits.Scale is null ? " (or give \"scale\")" : " (the scale)")}, found {found}"));
                    if (++bad >= MaxErrors)
                    {
                        return null;
                    }

                    continue;
                }

                var scaled = max == min ? 0f : (float)(-1 + (2 * (v - min) / (max - min)));
                switch (map[i])
                {
                    case 0: row.O = scaled; break;
                    case 1: row.C = scaled; break;
                    case 2: row.E = scaled; break;
                    case 3: row.A = scaled; break;
                    default: row.N = scaled; break;
                }
            }

            rows.Add(row);
        }

        if (reader.Error is { } err)
        {
            errors.Add(new ScenarioError(shown, err.Line, err.Column, field, err.Message));
            return null;
        }

        if (bad > 0)
        {
            return null;
        }

        if (rows.Count == 0)
        {
            errors.Add(new ScenarioError(shown, 2, 1, field, "expected at least one participant row after the header, found none"));
            return null;
        }

        return rows;
    }

    private static string Num(float v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>One cell: its text, whether it was quoted, and where it starts.</summary>
    internal readonly record struct Cell(string Text, bool Quoted, int Line, int Column);

    /// <summary>Records of RFC 4180 CSV, each cell with its 1-based line and column.</summary>
    internal sealed class CsvCells
    {
        private readonly string _text;
        private int _i;
        private int _line = 1;
        private int _lineStart;

        public CsvCells(string text) => _text = text;

        /// <summary>The first malformed place (an unclosed quote, text after a closing quote); reading stops there.</summary>
        public (int Line, int Column, string Message)? Error { get; private set; }

        /// <summary>The next record, or null at the end of the text (or after an error).</summary>
        public List<Cell>? NextRecord()
        {
            if (_i >= _text.Length || Error is not null)
            {
                return null;
            }

            var cells = new List<Cell>();
            while (true)
            {
                var line = _line;
                var column = _i - _lineStart + 1;
                string text;
                var quoted = _i < _text.Length && _text[_i] == '"';
                if (quoted)
                {
                    var sb = new StringBuilder();
                    _i++;
                    while (true)
                    {
                        if (_i >= _text.Length)
                        {
                            Error = (line, column, "expected a closing quote for the field opened here, found the end of the file");
                            return null;
                        }

                        var ch = _text[_i];
                        if (ch == '"')
                        {
                            if (_i + 1 < _text.Length && _text[_i + 1] == '"')
                            {
                                sb.Append('"');
                                _i += 2;
                                continue;
                            }

                            _i++;
                            break;
                        }

                        if (ch == '\n')
                        {
                            _line++;
                            _lineStart = _i + 1;
                        }

                        sb.Append(ch);
                        _i++;
                    }

                    if (_i < _text.Length && _text[_i] is not (',' or '\r' or '\n'))
                    {
                        Error = (_line, _i - _lineStart + 1, $"expected a comma or the end of the line after a quoted field, found '{_text[_i]}'");
                        return null;
                    }

                    text = sb.ToString();
                }
                else
                {
                    var start = _i;
                    while (_i < _text.Length && _text[_i] is not (',' or '\r' or '\n'))
                    {
                        _i++;
                    }

                    text = _text.Substring(start, _i - start);
                }

                cells.Add(new Cell(text, quoted, line, column));
                if (_i < _text.Length && _text[_i] == ',')
                {
                    _i++;
                    continue;
                }

                // End of record: CRLF, LF, a lone CR, or the end of the text.
                if (_i < _text.Length && _text[_i] == '\r')
                {
                    _i++;
                }

                if (_i < _text.Length && _text[_i] == '\n')
                {
                    _i++;
                }

                _line++;
                _lineStart = _i;
                return cells;
            }
        }
    }
}
