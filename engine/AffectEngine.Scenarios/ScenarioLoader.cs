using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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
    public static Scenario Parse(ReadOnlySpan<byte> json, string fileName)
    {
        if (json.Length >= 3 && json[0] == 0xEF && json[1] == 0xBB && json[2] == 0xBF)
        {
            json = json.Slice(3);
        }

        var readerOptions = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };
        var positions = ScenarioPositions.Scan(json, readerOptions);
        var errors = new List<ScenarioError>();
        try
        {
            new UTF8Encoding(false, true).GetCharCount(json.ToArray());
        }
        catch (DecoderFallbackException ex)
        {
            var (line, column) = positions.At(ex.Index);
            throw new ScenarioException([new ScenarioError(fileName, line, column, "$", $"expected UTF-8 text, found an invalid byte sequence at byte {ex.Index}")]);
        }

        if (positions.InvalidText.Count > 0)
        {
            foreach (var (path, offset) in positions.InvalidText)
            {
                var (line, column) = positions.At(offset);
                errors.Add(new ScenarioError(fileName, line, column, path, "expected a string of valid characters, found an invalid \\u escape (a lone surrogate)"));
            }

            throw new ScenarioException(errors);
        }

        if (positions.Duplicates.Count > 0)
        {
            foreach (var dup in positions.Duplicates)
            {
                var (line, column) = positions.NameAt(dup);
                errors.Add(new ScenarioError(fileName, line, column, dup, "expected each property once, found it again"));
            }

            throw new ScenarioException(errors);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, null, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is long l ? (int)l + 1 : 0;
            var column = ex.BytePositionInLine is long c ? (int)c + 1 : 0;
            throw new ScenarioException([new ScenarioError(fileName, line, column, ex.Path ?? "$", Describe(ex))]);
        }

        if (root is null)
        {
            throw new ScenarioException([new ScenarioError(fileName, 1, 1, "$", "expected a scenario object, found null")]);
        }

        var shape = new ScenarioShape(ScenarioJsonContext.Default.Options);
        var rootOk = shape.Walk(root, typeof(Scenario), "$", false, null);
        foreach (var (path, atName, message) in shape.Errors)
        {
            var (line, column) = atName ? positions.NameAt(path) : positions.ValueAt(path);
            errors.Add(new ScenarioError(fileName, line, column, path, message));
        }

        Scenario? scenario = null;
        if (rootOk)
        {
            try
            {
                scenario = root.Deserialize(ScenarioJsonContext.Default.Scenario);
            }
            catch (JsonException ex)
            {
                var path = ex.Path ?? "$";
                var (line, column) = positions.ValueAt(path);
                errors.Add(new ScenarioError(fileName, line, column, path, Describe(ex)));
            }
        }

        if (scenario is not null)
        {
            foreach (var (path, message) in ScenarioChecks.Check(scenario))
            {
                if (IsUnder(path, shape.Tainted) || MissingBecauseRemoved(path, message, shape.Errors))
                {
                    continue;
                }

                var (line, column) = positions.ValueAt(path);
                errors.Add(new ScenarioError(fileName, line, column, path, message));
            }
        }

        if (errors.Count > 0)
        {
            errors.Sort(static (a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column != b.Column ? a.Column.CompareTo(b.Column) : string.CompareOrdinal(a.Path, b.Path));
            throw new ScenarioException(errors);
        }

        return scenario!;
    }

    /// <summary>Serializes a scenario back to JSON (used by sweeps that override values).</summary>
    public static byte[] ToJson(Scenario scenario) =>
        JsonSerializer.SerializeToUtf8Bytes(scenario ?? throw new ArgumentNullException(nameof(scenario)), ScenarioJsonContext.Default.Scenario);

    /// <summary>
    /// A value the shape walk refused (say <c>"tick": -3</c>) is reported there and removed; a later
    /// check would call it missing ("found neither"), which is wrong, so that check stays silent.
    /// </summary>
    private static bool MissingBecauseRemoved(string path, string message, List<(string Path, bool AtName, string Message)> shapeErrors)
    {
        if (!message.EndsWith("found neither", StringComparison.Ordinal) && !message.EndsWith("found none", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var (p, atName, _) in shapeErrors)
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
