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

    public CsvHeader(string[] names, char separator = ',')
    {
        Names = names;
        Separator = separator;
        _columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            _columns.TryAdd(names[i], i);
        }
    }

    public string[] Names { get; }

    /// <summary>The field separator of the file (',' or a tab).</summary>
    public char Separator { get; }

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

    public string Describe() => TextExport.Printable(string.Join(", ", Names), 400);
}

internal static class Csv
{
    public static string[] Split(string line) => Split(line, ',');

    /// <summary>The separator a header line uses: a tab when it has more tabs than commas (iMotions .txt), else a comma.</summary>
    public static char DetectSeparator(string header)
    {
        int tabs = 0, commas = 0;
        foreach (var ch in header)
        {
            tabs += ch == '\t' ? 1 : 0;
            commas += ch == ',' ? 1 : 0;
        }

        return tabs > commas ? '\t' : ',';
    }

    /// <summary>The fields of a line, leniently: an unclosed quote runs to the end of the line, text after a closing quote is dropped (tools' exports vary).</summary>
    public static string[] Split(string line, char separator)
    {
        var fields = new List<(string Text, int Column)>();
        _ = CsvLine.Split(line, separator, fields);
        var texts = new string[fields.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = fields[i].Text;
        }

        return texts;
    }

    public static bool IsSkippable(string line) => line.Length == 0 || string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#');

    /// <summary>Parses a number the way the tools write them (invariant culture; "nan" and "inf" parse and are refused later).</summary>
    public static bool TryNumber(string s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}

/// <summary>
/// Reads a text export the way tools write them: UTF-8 (with or without BOM), UTF-16 with a BOM, and
/// UTF-16 without one (found by its NUL bytes). Anything else with NUL or control bytes is binary and
/// is refused with a message that names the file and the offset, never its bytes.
/// </summary>
internal static class TextExport
{
    private const int Probe = 8192;

    public static async System.Threading.Tasks.Task<string[]> ReadLinesAsync(string path, string what, System.Threading.CancellationToken ct)
    {
        var bytes = await System.IO.File.ReadAllBytesAsync(path, ct).ConfigureAwait(false);
        return Decode(bytes, path, what).Split('\n') is var lines ? Trim(lines) : [];
    }

    public static string Decode(byte[] bytes, string path, string what)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
        {
            return (bytes[0] == 0xFF ? System.Text.Encoding.Unicode : System.Text.Encoding.BigEndianUnicode).GetString(bytes, 2, bytes.Length - 2);
        }

        var n = Math.Min(bytes.Length, Probe);
        int evenNul = 0, oddNul = 0;
        for (var i = 0; i < n; i++)
        {
            if (bytes[i] == 0)
            {
                if (i % 2 == 0)
                {
                    evenNul++;
                }
                else
                {
                    oddNul++;
                }
            }
        }

        // ASCII text in UTF-16 has a NUL in every other byte: odd offsets for little-endian, even for big.
        if (n >= 4 && (oddNul > n * 0.4 || evenNul > n * 0.4) && Math.Min(oddNul, evenNul) < n * 0.05)
        {
            var enc = oddNul > evenNul ? System.Text.Encoding.Unicode : System.Text.Encoding.BigEndianUnicode;
            return enc.GetString(bytes);
        }

        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        for (var i = offset; i < n; i++)
        {
            var b = bytes[i];
            if (b == 0 || (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f'))
            {
                throw new System.FormatException($"{what} '{path}' is a binary file, not a text export (byte 0x{b:X2} at offset {i}); export it as CSV or tab-separated text.");
            }
        }

        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, offset, bytes.Length - offset);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            // Old Windows exports are often in the ANSI code page: Latin-1 keeps every byte readable.
            _ = e;
            text = System.Text.Encoding.Latin1.GetString(bytes, offset, bytes.Length - offset);
        }

        return text;
    }

    /// <summary>Makes a tool's text safe to quote in a one-line message: control characters escaped, length capped.</summary>
    public static string Printable(string s, int max = 200)
    {
        var sb = new System.Text.StringBuilder(Math.Min(s.Length, max) + 8);
        foreach (var ch in s)
        {
            if (sb.Length >= max)
            {
                sb.Append('…');
                break;
            }

            sb.Append(char.IsControl(ch) ? '?' : ch);
        }

        return sb.ToString();
    }

    private static string[] Trim(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].EndsWith('\r'))
            {
                lines[i] = lines[i].Substring(0, lines[i].Length - 1);
            }
        }

        // A final newline leaves one empty line, which File.ReadAllLines would not return.
        return lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
    }
}
