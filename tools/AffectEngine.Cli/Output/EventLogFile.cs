using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using AffectEngine.Affect;

namespace AffectEngine.Cli.Output;

/// <summary>
/// <c>affect run --events</c>: every tick's engine events appended as JSON lines (.jsonl) or CSV
/// (.csv), one event per line in the buffer's deterministic order, written under a temporary name
/// and renamed when the run completes (docs/formats.md, "Event logs").
/// </summary>
internal sealed class EventLogFile : IDisposable
{
    internal const string CsvHeader = "tick,time,agent,kind,code,name,from,to,other,detail";
    private static readonly byte[] Newline = [(byte)'\n'];
    private readonly AtomicFile _file;
    private readonly bool _ownsFile;
    private Utf8JsonWriter? _json;
    private readonly StreamWriter? _csv;

    private EventLogFile(AtomicFile file, bool json, bool ownsFile)
    {
        _file = file;
        _ownsFile = ownsFile;
        if (json)
        {
            _json = new Utf8JsonWriter(file.Stream);
        }
        else
        {
            _csv = new StreamWriter(file.Stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            _csv.WriteLine(CsvHeader);
        }
    }

    /// <summary>Events written so far.</summary>
    public long Count { get; private set; }

    /// <summary>
    /// Opens the log; the extension picks the format. With <paramref name="outputs"/>, the file is one of
    /// a command's outputs, renamed into place with the others (<see cref="Commit"/> then only flushes).
    /// </summary>
    public static EventLogFile Create(string path, OutputSet? outputs = null)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var json = ext is ".jsonl" or ".ndjson";
        if (!json && ext != ".csv")
        {
            throw new UserException($"--events {path}: expected a file name ending in .jsonl or .csv");
        }

        return outputs is null ? new EventLogFile(AtomicFile.Create(path, "--events"), json, true) : new EventLogFile(outputs.Add(path, "--events"), json, false);
    }

    /// <summary>
    /// Appends one tick's events (<paramref name="step"/>: seconds per tick, for the time column);
    /// <paramref name="codeName"/> names the codes the affect model does not know (actions, coping strategies).
    /// </summary>
    public void Write(ReadOnlySpan<EngineEvent> events, Func<AgentId, string> nameOf, double step, Func<EngineEvent, string?>? codeName = null)
    {
        foreach (var e in events)
        {
            var time = e.Tick * step;
            var agent = nameOf(e.Agent);
            string? other = e.OtherGeneration == 0 ? null : nameOf(e.Other);
            var kind = EngineEventNames.Kind(e.Kind);
            var name = EngineEventNames.Code(e) ?? codeName?.Invoke(e);
            if (_json is not null)
            {
                _json.WriteStartObject();
                _json.WriteNumber("tick", e.Tick);
                _json.WriteNumber("time", time);
                _json.WriteString("agent", agent);
                _json.WriteString("kind", kind);
                _json.WriteNumber("code", e.Code);
                if (name is not null)
                {
                    _json.WriteString("name", name);
                }

                _json.WriteNumber("from", e.From);
                _json.WriteNumber("to", e.To);
                if (other is not null)
                {
                    _json.WriteString("other", other);
                }

                if (e.Detail != 0)
                {
                    _json.WriteNumber("detail", e.Detail);
                }

                _json.WriteEndObject();
                _json.Flush();
                _json.Reset();
                _file.Stream.Write(Newline, 0, 1);
            }
            else
            {
                var inv = CultureInfo.InvariantCulture;
                _csv!.Write(e.Tick.ToString(inv));
                _csv.Write(',');
                _csv.Write(time.ToString("R", inv));
                _csv.Write(',');
                _csv.Write(CsvSink.Quote(agent));
                _csv.Write(',');
                _csv.Write(kind);
                _csv.Write(',');
                _csv.Write(e.Code.ToString(inv));
                _csv.Write(',');
                _csv.Write(name is null ? "" : CsvSink.Quote(name));
                _csv.Write(',');
                _csv.Write(e.From.ToString("R", inv));
                _csv.Write(',');
                _csv.Write(e.To.ToString("R", inv));
                _csv.Write(',');
                _csv.Write(other is null ? "" : CsvSink.Quote(other));
                _csv.Write(',');
                _csv.WriteLine(e.Detail.ToString(inv));
            }

            Count++;
        }
    }

    /// <summary>Flushes and renames the file into place.</summary>
    public void Commit()
    {
        // The JSON writer flushes into the stream when disposed, so it goes before the file is closed.
        _json?.Dispose();
        _json = null;
        _csv?.Flush();
        if (_ownsFile)
        {
            _file.Commit();
        }
    }

    public void Dispose()
    {
        _json?.Dispose();
        if (_ownsFile)
        {
            _file.Dispose();
        }
    }
}
