using System.Collections.Generic;
using System.Text;

namespace AffectEngine;

/// <summary>
/// Splits one CSV line (RFC 4180 quoting with "" escapes, no line breaks inside quotes; unquoted fields
/// trimmed, blanks before a quote skipped) into fields with their 1-based columns. Compiled into the
/// scenario loader (event files) and the perception plugin (tool exports) as an internal type, so both
/// read CSV the same way without the plugin contract growing a helper API.
/// </summary>
internal static class CsvLine
{
    /// <summary>
    /// Appends the fields of <paramref name="line"/> to <paramref name="fields"/> and returns the first
    /// malformed spot (an unclosed quote, text after a closing quote) as a column and message, or null.
    /// The fields are read leniently either way (the rest of the line; the text up to the separator
    /// dropped), so readers of tools' exports may ignore the problem and strict readers report it.
    /// </summary>
    public static (int Column, string Message)? Split(string line, char separator, List<(string Text, int Column)> fields)
    {
        (int, string)? problem = null;
        var i = 0;
        while (true)
        {
            var start = i;
            while (i < line.Length && (line[i] == ' ' || (line[i] == '\t' && separator != '\t')))
            {
                i++;
            }

            string text;
            if (i < line.Length && line[i] == '"')
            {
                var quote = i;
                var sb = new StringBuilder();
                i++;
                var closed = false;
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
                        closed = true;
                        break;
                    }

                    sb.Append(line[i++]);
                }

                if (!closed)
                {
                    problem ??= (quote + 1, "expected a closing quote, found the end of the line");
                }
                else if (i < line.Length && line[i] != separator)
                {
                    problem ??= (i + 1, $"expected {(separator == ',' ? "a comma" : separator == '\t' ? "a tab" : $"'{separator}'")} after a quoted field, found '{line[i]}'");
                }

                text = sb.ToString();
                while (i < line.Length && line[i] != separator)
                {
                    i++;
                }
            }
            else
            {
                var end = line.IndexOf(separator, i);
                end = end < 0 ? line.Length : end;
                text = line.Substring(i, end - i).Trim();
                i = end;
            }

            fields.Add((text, start + 1));
            if (i >= line.Length)
            {
                return problem;
            }

            i++; // the separator
        }
    }
}
