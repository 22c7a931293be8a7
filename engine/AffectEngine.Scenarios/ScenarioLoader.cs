using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace AffectEngine.Scenarios;

/// <summary>One problem in a scenario file, with where it is.</summary>
/// <param name="File">The file.</param>
/// <param name="Line">1-based line, or 0 when unknown.</param>
/// <param name="Column">1-based column, or 0 when unknown.</param>
/// <param name="Path">JSON path such as <c>$.agents[1].personality.e</c>.</param>
/// <param name="Message">What was expected and what was found.</param>
public readonly record struct ScenarioError(string File, int Line, int Column, string Path, string Message)
{
    /// <summary><c>file:line:column: path: message</c>.</summary>
    public override string ToString() =>
        Line > 0 ? $"{File}:{Line}:{Column}: {Path}: {Message}" : $"{File}: {Path}: {Message}";
}

/// <summary>A scenario that cannot be used; <see cref="Errors"/> lists every problem found.</summary>
public sealed class ScenarioException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScenarioException(IReadOnlyList<ScenarioError> errors)
        : base(errors.Count > 0 ? errors[0].ToString() : "invalid scenario") => Errors = errors;

    /// <summary>Creates the exception with a message.</summary>
    public ScenarioException(string message)
        : base(message) => Errors = [];

    /// <summary>Creates the exception with a message and cause.</summary>
    public ScenarioException(string message, Exception inner)
        : base(message, inner) => Errors = [];

    /// <summary>Creates the exception.</summary>
    public ScenarioException()
        : this("invalid scenario")
    {
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ScenarioError> Errors { get; }
}

/// <summary>Reads scenario files: JSON with comments and trailing commas.</summary>
public static class ScenarioLoader
{
    /// <summary>Largest scenario file accepted (protects against reading a wrong, huge file).</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>Loads and checks a file; throws <see cref="ScenarioException"/> listing every problem.</summary>
    public static Scenario Load(string path) => Parse(ReadFile(path), path);

    /// <summary>Reads a scenario file's bytes; throws <see cref="ScenarioException"/> when it is missing, unreadable or too large.</summary>
    public static byte[] ReadFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ScenarioException($"{path}: file not found");
            }

            if (info.Length > MaxFileBytes)
            {
                throw new ScenarioException($"{path}: file is {info.Length} bytes; scenarios are limited to {MaxFileBytes} bytes");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ScenarioException($"{path}: cannot read the file: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Parses and checks scenario JSON, finding every problem in one pass: syntax (the first one only,
    /// since parsing cannot go on), kinds, ranges and unknown properties, then references between
    /// values. Each problem carries the line and column of the value (or property name) at fault.
    /// </summary>
    /// <remarks>
    /// Two forward passes over the bytes, no document tree: the shape walk (<see cref="ScenarioShape"/>)
    /// and the source-generated deserializer. Positions are looked up only for the values at fault.
    /// </remarks>
    public static Scenario Parse(ReadOnlySpan<byte> json, string fileName) =>
        Parse(json, fileName, DirectoryOf(fileName));

    /// <summary>
    /// Parses and checks scenario JSON as <see cref="Parse(ReadOnlySpan{byte}, string)"/>, reading the files it
    /// names (participants CSVs) relative to <paramref name="baseDirectory"/> instead of <paramref name="fileName"/>'s folder
    /// (for scenario text that is not a file's, such as a sweep's rewritten variant).
    /// </summary>
    public static Scenario Parse(ReadOnlySpan<byte> json, string fileName, string baseDirectory)
    {
        if (json.Length >= 3 && json[0] == 0xEF && json[1] == 0xBB && json[2] == 0xBF)
        {
            json = json.Slice(3);
        }

        var readerOptions = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };
        try
        {
            new UTF8Encoding(false, true).GetCharCount(json);
        }
        catch (DecoderFallbackException ex)
        {
            throw Errors(json, fileName, [("$", ex.Index, $"expected UTF-8 text, found an invalid byte sequence at byte {ex.Index}")]);
        }

        var shape = new ScenarioShape(ScenarioJsonContext.Default.Options);
        shape.Walk(json, readerOptions, typeof(Scenario));
        if (shape.InvalidText.Count > 0)
        {
            throw Errors(json, fileName, shape.InvalidText.ConvertAll(t => (t.Path, t.Offset, "expected a string of valid characters, found an invalid \\u escape (a lone surrogate)")));
        }

        if (shape.Duplicates.Count > 0)
        {
            throw Errors(json, fileName, shape.Duplicates.ConvertAll(d => (d.Path, d.Offset, "expected each property once, found it again")));
        }

        if (shape.SyntaxError is { } syntax)
        {
            var line = syntax.LineNumber is long l ? (int)l + 1 : 0;
            var column = syntax.BytePositionInLine is long c ? (int)c + 1 : 0;
            throw new ScenarioException([new ScenarioError(fileName, line, column, syntax.Path ?? "$", Describe(syntax))]);
        }

        if (shape.RootIsNull)
        {
            throw new ScenarioException([new ScenarioError(fileName, 1, 1, "$", "expected a scenario object, found null")]);
        }

        var found = new List<(string Path, long Offset, string Message)>();
        foreach (var (path, _, message, offset) in shape.Errors)
        {
            found.Add((path, offset, message));
        }

        // Errors found on the deserialized model name a path; their offsets are looked up together at the end.
        var located = new List<(string Path, string Message)>();
        Scenario? scenario = null;
        if (shape.RootIsObject)
        {
            try
            {
                using var pooling = PooledStringConverter.Pooling();
                scenario = shape.HasRemovals
                    ? JsonSerializer.Deserialize(shape.WithoutRemoved(json, readerOptions), ScenarioJsonContext.Pooled.Scenario)
                    : JsonSerializer.Deserialize(json, ScenarioJsonContext.Pooled.Scenario);
            }
            catch (JsonException ex)
            {
                located.Add((ex.Path ?? "$", Describe(ex)));
            }
        }

        // Participant rows are read before the checks: they set the copies' count and groups, which
        // references to "id#k" and "@group" are checked against.
        var fileErrors = new List<ScenarioError>();
        if (scenario is not null)
        {
            ReadParticipants(scenario, baseDirectory ?? "", fileName, fileErrors, (path, message) =>
            {
                if (!IsUnder(path, shape.Tainted))
                {
                    located.Add((path, message));
                }
            });
        }

        if (scenario is not null)
        {
            foreach (var (path, message) in ScenarioChecks.Check(scenario))
            {
                if (IsUnder(path, shape.Tainted) || MissingBecauseRemoved(path, message, shape.Errors))
                {
                    continue;
                }

                located.Add((path, message));
            }
        }

        if (located.Count > 0)
        {
            var offsets = ScenarioPositions.ValueOffsets(json, readerOptions, located.ConvertAll(e => e.Path));
            foreach (var (path, message) in located)
            {
                found.Add((path, offsets[path], message));
            }
        }

        if (found.Count > 0 || fileErrors.Count > 0)
        {
            var errors = found.Count > 0 ? new List<ScenarioError>(Errors(json, fileName, found).Errors) : [];
            errors.AddRange(fileErrors);
            throw new ScenarioException(errors);
        }

        return scenario!;
    }

    /// <summary>The folder a file name's relative references are resolved against ("" for a bare name: the working directory).</summary>
    private static string DirectoryOf(string fileName)
    {
        try
        {
            return Path.GetDirectoryName(fileName) ?? "";
        }
        catch (ArgumentException)
        {
            return "";
        }
    }

    /// <summary>
    /// Fills each crowd spec's participant rows from its CSV ("traits.from") and sets its count from
    /// them: count 1 (the default) = one copy per row; a larger count than rows is an error rather than
    /// a repeat, since a participant silently counted twice would bias a study.
    /// </summary>
    private static void ReadParticipants(Scenario scenario, string baseDirectory, string fileName, List<ScenarioError> fileErrors, Action<string, string> add)
    {
        for (var i = 0; i < scenario.Agents.Count; i++)
        {
            var a = scenario.Agents[i];
            if (a.Traits is not { } t)
            {
                continue;
            }

            var p = JsonPathText.Index("$.agents", i) + ".traits";
            if (t.Scale is { } scale && (t.From is null || !(scale.Max > scale.Min)))
            {
                add(p + ".scale", t.From is null
                    ? "expected \"from\" beside \"scale\" (it scales the file's values), found no file"
                    : $"expected max > min, found min {scale.Min} and max {scale.Max}");
                continue;
            }

            if (t.Rows is null && t.From is { } from)
            {
                if (string.IsNullOrWhiteSpace(from))
                {
                    add(p + ".from", "expected a participants CSV file name, found an empty string");
                    continue;
                }

                t.Rows = ParticipantsFile.Read(t, baseDirectory, DirectoryOf(fileName), p + ".from", fileErrors, add);
            }

            if (t.Rows is not { } rows)
            {
                continue;
            }

            if (rows.Count == 0)
            {
                add(p + ".rows", "expected at least one participant row, found none");
            }
            else if (a.Count == 1)
            {
                a.Count = rows.Count;
            }
            else if (a.Count > rows.Count)
            {
                add(JsonPathText.Index("$.agents", i) + ".count", $"expected at most one copy per participant row ({rows.Count} rows), found count {a.Count}");
            }
        }
    }

    /// <summary>The exception for problems at byte offsets, sorted by line, column and path.</summary>
    private static ScenarioException Errors(ReadOnlySpan<byte> json, string fileName, List<(string Path, long Offset, string Message)> found)
    {
        var positions = ScenarioPositions.LineColumns(json, found.ConvertAll(f => f.Offset));
        var errors = new List<ScenarioError>(found.Count);
        for (var i = 0; i < found.Count; i++)
        {
            errors.Add(new ScenarioError(fileName, positions[i].Line, positions[i].Column, found[i].Path, found[i].Message));
        }

        errors.Sort(static (a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column != b.Column ? a.Column.CompareTo(b.Column) : string.CompareOrdinal(a.Path, b.Path));
        return new ScenarioException(errors);
    }

    /// <summary>Serializes a scenario back to JSON (used by sweeps that override values).</summary>
    public static byte[] ToJson(Scenario scenario) =>
        JsonSerializer.SerializeToUtf8Bytes(scenario ?? throw new ArgumentNullException(nameof(scenario)), ScenarioJsonContext.Default.Scenario);

    /// <summary>
    /// A value the shape walk refused (say <c>"tick": -3</c>) is reported there and removed; a later
    /// check would call it missing ("found neither"), which is wrong, so that check stays silent.
    /// </summary>
    private static bool MissingBecauseRemoved(string path, string message, List<(string Path, bool AtName, string Message, long Offset)> shapeErrors)
    {
        if (!message.EndsWith("found neither", StringComparison.Ordinal) && !message.EndsWith("found none", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var (p, atName, _, _) in shapeErrors)
        {
            if (!atName && p.Length > path.Length && p.StartsWith(path, StringComparison.Ordinal) && p[path.Length] == '.')
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUnder(string path, List<string> prefixes)
    {
        foreach (var p in prefixes)
        {
            if (path.StartsWith(p, StringComparison.Ordinal) && (path.Length == p.Length || path[p.Length] is '[' or '.'))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(JsonException ex)
    {
        // System.Text.Json appends its own path/position to messages; keep the part a user can act on.
        // Its reader messages also end in a 0-based "LineNumber: | BytePositionInLine:" (the error
        // already carries the 1-based line:column) and speak of "isFinalBlock"; say it in plain words.
        var message = ex.Message;
        foreach (var tail in (string[])[" Path:", " LineNumber:", ", when isFinalBlock", ", while isFinalBlock"])
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message.Substring(0, cut);
            }
        }

        message = message.TrimEnd('.', ' ');
        if (message.StartsWith("The input does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "expected a JSON object, found no JSON at all (the file is empty or only comments)";
        }

        if (message.StartsWith("Expected depth to be zero at the end of the JSON payload", StringComparison.Ordinal))
        {
            return "expected the JSON to go on, found the end of the file (an object or array is not closed)";
        }

        return message;
    }
}
