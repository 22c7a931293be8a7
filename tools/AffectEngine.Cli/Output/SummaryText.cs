using System;
using System.Collections.Generic;
using System.IO;

namespace AffectEngine.Cli.Output;

/// <summary>
/// Lines of a run summary kept within <see cref="Width"/> columns: an 80-column terminal, a mail or an
/// issue shows them unbroken whatever the console is, so long lines wrap at spaces with a hanging indent.
/// </summary>
internal static class SummaryText
{
    /// <summary>The widest line a summary prints.</summary>
    public const int Width = 80;

    /// <summary>Writes <paramref name="text"/> wrapped at spaces; continuation lines start with <paramref name="indent"/> spaces.</summary>
    public static void WriteWrapped(TextWriter output, string text, int indent)
    {
        foreach (var line in Wrap(text, indent))
        {
            output.WriteLine(line);
        }
    }

    /// <summary>
    /// <paramref name="text"/> in lines of at most <see cref="Width"/> characters, broken at spaces (a word
    /// longer than a line is cut); continuation lines are indented by <paramref name="indent"/> spaces.
    /// </summary>
    public static List<string> Wrap(string text, int indent)
    {
        indent = Math.Clamp(indent, 0, Width / 2);
        var lines = new List<string>();
        var rest = text.TrimEnd();
        var prefix = "";
        while (prefix.Length + rest.Length > Width)
        {
            var room = Width - prefix.Length;
            var cut = rest.LastIndexOf(' ', room);
            if (cut <= 0 || rest.Substring(0, cut).Trim().Length == 0)
            {
                cut = room; // one word wider than the line: cut it
            }

            lines.Add(prefix + rest.Substring(0, cut).TrimEnd());
            rest = rest.Substring(cut).TrimStart();
            prefix = new string(' ', indent);
        }

        lines.Add(prefix + rest);
        return lines;
    }
}
