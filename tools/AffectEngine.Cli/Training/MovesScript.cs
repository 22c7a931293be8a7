using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli.Training;

/// <summary>One scripted trainee move.</summary>
/// <param name="Tick">The tick it is made at.</param>
/// <param name="Move">The move id (one of the scenario's training moves).</param>
internal readonly record struct ScriptedMove(long Tick, string Move);

/// <summary>
/// A scripted session for <c>affect train --script</c>: <c>{ "moves": [ { "at": "5s", "move": "reassure" },
/// { "tick": 120, "move": "dismiss" } ] }</c> (comments and trailing commas allowed). Every problem is a
/// <see cref="UserException"/> naming file, line and column and what was expected.
/// </summary>
internal static class MovesScript
{
    private const long MaxBytes = 4L * 1024 * 1024;

    public static List<ScriptedMove> Load(string path, TrainingSpec training, double stepSeconds, long sessionTicks)
    {
        if (Directory.Exists(path))
        {
            throw new UserException($"{path}: is a directory, expected a moves script (JSON)");
        }

        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new UserException($"{path}: no such moves script");
            }

            if (info.Length > MaxBytes)
            {
                throw new UserException($"{path}: {info.Length} bytes is too large for a moves script (at most {MaxBytes})");
            }

            bytes = File.ReadAllBytes(path);
            Output.InputFiles.Note(path, "the moves script");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"{path}: cannot read: {ex.Message}");
        }

        return Parse(bytes, path, training, stepSeconds, sessionTicks);
    }

    public static List<ScriptedMove> Parse(byte[] bytes, string file, TrainingSpec training, double stepSeconds, long sessionTicks)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in training.Moves)
        {
            known.Add(m.Id);
        }

        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var memory = new ReadOnlyMemory<byte>(bytes, offset, bytes.Length - offset);
        var reader = new Utf8JsonReader(memory.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var moves = new List<ScriptedMove>();
        UserException Error(long at, string message)
        {
            var (line, column) = LineColumn(memory.Span, at);
            return new UserException(string.Format(CultureInfo.InvariantCulture, "{0}:{1}:{2}: {3}", file, line, column, message));
        }

        try
        {
            if (!reader.Read())
            {
                throw Error(0, "expected a JSON object { \"moves\": [...] }, found an empty file");
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error(reader.TokenStartIndex, $"expected a JSON object {{ \"moves\": [...] }}, found {Describe(reader.TokenType)}");
            }

            var sawMoves = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                var nameAt = reader.TokenStartIndex;
                reader.Read();
                if (name != "moves")
                {
                    throw Error(nameAt, $"$.{name}: expected only \"moves\" at the top level, found \"{name}\"");
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw Error(reader.TokenStartIndex, $"$.moves: expected an array of moves, found {Describe(reader.TokenType)}");
                }

                sawMoves = true;
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    moves.Add(ReadMove(ref reader, index, known, stepSeconds, sessionTicks, Error));
                    index++;
                }
            }

            if (!sawMoves)
            {
                throw Error(reader.TokenStartIndex, "$: expected a \"moves\" array, found none");
            }
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw new UserException(string.Format(CultureInfo.InvariantCulture, "{0}:{1}:{2}: invalid JSON: {3}", file, line, column, cut > 0 ? message.Substring(0, cut).TrimEnd('.', ' ') : message));
        }

        // Stable order by tick; moves at the same tick keep the file's order.
        var ordered = new List<(ScriptedMove Move, int Index)>();
        for (var i = 0; i < moves.Count; i++)
        {
            ordered.Add((moves[i], i));
        }

        ordered.Sort((a, b) => a.Move.Tick != b.Move.Tick ? a.Move.Tick.CompareTo(b.Move.Tick) : a.Index.CompareTo(b.Index));
        var result = new List<ScriptedMove>(ordered.Count);
        foreach (var (m, _) in ordered)
        {
            result.Add(m);
        }

        return result;
    }

    private delegate UserException ErrorAt(long at, string message);

    private static ScriptedMove ReadMove(ref Utf8JsonReader reader, int index, HashSet<string> known, double step, long sessionTicks, ErrorAt error)
    {
        var path = string.Format(CultureInfo.InvariantCulture, "$.moves[{0}]", index);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw error(reader.TokenStartIndex, $"{path}: expected an object {{ \"at\": \"5s\", \"move\": \"reassure\" }}, found {Describe(reader.TokenType)}");
        }

        var start = reader.TokenStartIndex;
        string? move = null;
        long? tick = null;
        var haveAt = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var at = reader.TokenStartIndex;
            switch (name)
            {
                case "move":
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw error(at, $"{path}.move: expected a move id string, found {Describe(reader.TokenType)}");
                    }

                    move = reader.GetString()!;
                    if (!known.Contains(move))
                    {
                        throw error(at, $"{path}.move: expected one of the scenario's moves ({string.Join(", ", Sorted(known))}), found '{move}'");
                    }

                    break;
                case "at":
                    haveAt = true;
                    tick = TickOf(ref reader, path + ".at", at, step, error);
                    break;
                case "tick":
                    haveAt = true;
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var t) || t < 0)
                    {
                        throw error(at, $"{path}.tick: expected a tick number >= 0, found {Describe(reader.TokenType)}");
                    }

                    tick = t;
                    break;
                default:
                    reader.Skip();
                    throw error(at, $"{path}.{name}: expected \"at\", \"tick\" or \"move\", found \"{name}\"");
            }

            if (tick is { } k && k >= sessionTicks)
            {
                throw error(at, string.Format(CultureInfo.InvariantCulture, "{0}: expected a time within the session (tick < {1}, {2:0.###} s), found tick {3}", path, sessionTicks, sessionTicks * step, k));
            }
        }

        if (move is null)
        {
            throw error(start, $"{path}: expected a \"move\", found none");
        }

        if (!haveAt)
        {
            throw error(start, $"{path}: expected \"at\" (a time such as \"5s\") or \"tick\", found neither");
        }

        return new ScriptedMove(tick!.Value, move);
    }

    private static long TickOf(ref Utf8JsonReader reader, string path, long at, double step, ErrorAt error)
    {
        double seconds;
        if (reader.TokenType == JsonTokenType.Number)
        {
            seconds = reader.GetDouble();
        }
        else if (reader.TokenType == JsonTokenType.String && Duration.TryParse(reader.GetString()!, out var d))
        {
            seconds = d.Seconds;
        }
        else
        {
            throw error(at, $"{path}: expected a time from the start (seconds or a duration such as \"5s\", \"1m\"), found {(reader.TokenType == JsonTokenType.String ? "'" + reader.GetString() + "'" : Describe(reader.TokenType))}");
        }

        if (!(seconds >= 0) || double.IsInfinity(seconds))
        {
            throw error(at, $"{path}: expected a time >= 0, found {seconds.ToString(CultureInfo.InvariantCulture)}");
        }

        return (long)Math.Round(seconds / step);
    }

    private static List<string> Sorted(HashSet<string> set)
    {
        var list = new List<string>(set);
        list.Sort(StringComparer.Ordinal);
        return list;
    }

    private static string Describe(JsonTokenType t) => t switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => t.ToString(),
    };

    /// <summary>1-based line and column (in characters) of a byte offset.</summary>
    private static (int Line, int Column) LineColumn(ReadOnlySpan<byte> json, long offset)
    {
        var line = 1;
        var lineStart = 0;
        var end = (int)Math.Min(offset, json.Length);
        for (var i = 0; i < end; i++)
        {
            if (json[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, Encoding.UTF8.GetCharCount(json.Slice(lineStart, end - lineStart)) + 1);
    }
}
