using System;
using System.Collections.Generic;
using System.IO;
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
    public static Scenario Load(string path)
    {
        byte[] bytes;
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

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException($"{path}: cannot read the file: {ex.Message}", ex);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses and checks scenario JSON.</summary>
    public static Scenario Parse(ReadOnlySpan<byte> json, string fileName)
    {
        Scenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize(json, ScenarioJsonContext.Default.Scenario);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is long l ? (int)l + 1 : 0;
            var column = ex.BytePositionInLine is long c ? (int)c + 1 : 0;
            throw new ScenarioException([new ScenarioError(fileName, line, column, ex.Path ?? "$", Describe(ex))]);
        }

        if (scenario is null)
        {
            throw new ScenarioException([new ScenarioError(fileName, 1, 1, "$", "expected a scenario object, found null")]);
        }

        var errors = ScenarioChecks.Check(scenario, fileName);
        if (errors.Count > 0)
        {
            throw new ScenarioException(errors);
        }

        return scenario;
    }

    private static string Describe(JsonException ex)
    {
        // System.Text.Json appends its own path/position to messages; keep the part a user can act on.
        var message = ex.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message.Substring(0, cut);
        }

        return message.TrimEnd('.', ' ');
    }
}
