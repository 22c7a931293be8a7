using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AffectEngine.Perception;

/// <summary>
/// The library side of <c>affect percepts &lt;source-spec&gt; [--seconds S] [--csv out.csv]</c>: shows
/// what a source delivers, raw and fused, so a lab can check its setup without a simulation.
/// </summary>
public static class PerceptsInspector
{
    /// <summary>The tick step used for fusion, in seconds (10 Hz).</summary>
    public const double StepSeconds = 0.1;

    /// <summary>The CSV header: one row per fused percept.</summary>
    public const string CsvHeader = "time,person,source,category,confidence,valence,arousal,dominance,quality";

    /// <summary>
    /// Runs a source and prints raw percepts ("raw …") and fused percepts ("fused …") to
    /// <paramref name="output"/>, then the rejection counts. Recordings (files) replay on their own
    /// timestamps as fast as they can (<paramref name="seconds"/> &gt; 0 limits the replayed time);
    /// network sources run for <paramref name="seconds"/> of wall time (10 s when not positive).
    /// With <paramref name="csvPath"/>, fused percepts are written there (via a temporary file renamed
    /// at the end). Returns 0 on success, 2 for a bad spec or source error.
    /// </summary>
    public static Task<int> RunAsync(string spec, double seconds, string? csvPath, TextWriter output, CancellationToken ct) =>
        RunAsync(spec, seconds, csvPath, output, output, ct);

    /// <summary>
    /// As <see cref="RunAsync(string, double, string, TextWriter, CancellationToken)"/>, with problems
    /// (a bad spec, an unreadable file, a file with no usable percept) written to <paramref name="error"/>.
    /// A recording is replayed to its end unless <paramref name="seconds"/> &gt; 0; then both the raw
    /// dump and the fused rows stop at that much recording time.
    /// </summary>
    public static async Task<int> RunAsync(string spec, double seconds, string? csvPath, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        if (error is null)
        {
            throw new ArgumentNullException(nameof(error));
        }

        IPerceptionSource source;
        try
        {
            source = PerceptionSourceFactory.Create(spec);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            await error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        var limit = source.IsRecording && seconds > 0 ? seconds : double.PositiveInfinity;
        var firstTimes = new System.Collections.Generic.Dictionary<string, double>(StringComparer.Ordinal);
        long hidden = 0;

        var gate = new object();
        StreamWriter? csv = null;
        var tmp = csvPath is null ? null : csvPath + ".tmp";
        await using var hub = new PerceptionHub();
        hub.AddSource(source);
        using var rawSub = hub.RawPercepts.Subscribe(p =>
        {
            lock (gate)
            {
                // Files deliver every percept at start; --seconds limits the dump to that much recording time.
                if (!firstTimes.TryGetValue(p.SourceId, out var first))
                {
                    firstTimes[p.SourceId] = first = p.SourceTime;
                }

                if (p.SourceTime - first > limit)
                {
                    hidden++;
                    return;
                }

                output.WriteLine(FormatRaw(p));
            }
        });
        using var fusedSub = hub.FusedPercepts.Subscribe(f =>
        {
            lock (gate)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fused t={f.Tick * StepSeconds:0.000} {f}"));
                csv?.WriteLine(CsvRow(f, source.Id));
            }
        });

        try
        {
            if (tmp is not null)
            {
                csv = new StreamWriter(tmp, append: false) { NewLine = "\n" };
                await csv.WriteLineAsync(CsvHeader).ConfigureAwait(false);
            }

            try
            {
                await hub.StartAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is FormatException or IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
                return 2;
            }

            if (source is Sources.RecordingSource { Description: { } what })
            {
                lock (gate)
                {
                    output.WriteLine($"reading {spec}: {what}");
                }
            }

            if (source.IsRecording)
            {
                // Replay on the file's own timeline: tick until every percept was due and fused.
                for (long tick = 0; !ct.IsCancellationRequested; tick++)
                {
                    var t = tick * StepSeconds;
                    if (t > limit)
                    {
                        break;
                    }

                    hub.ProduceInputs(tick, t);
                    if (hub.RecordingsFinished)
                    {
                        break;
                    }
                }
            }
            else
            {
                var duration = seconds > 0 ? seconds : 10;
                var clock = Stopwatch.StartNew();
                for (long tick = 0; !ct.IsCancellationRequested && clock.Elapsed.TotalSeconds < duration; tick++)
                {
                    hub.ProduceInputs(tick, tick * StepSeconds);
                    var next = TimeSpan.FromSeconds((tick + 1) * StepSeconds) - clock.Elapsed;
                    if (next > TimeSpan.Zero)
                    {
                        try
                        {
                            await Task.Delay(next, ct).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException)
                        {
                            break;
                        }
                    }
                }
            }

            await hub.StopAsync().ConfigureAwait(false);
            var rejections = hub.Rejections();
            lock (gate)
            {
                output.WriteLine($"accepted {hub.AcceptedCount} percepts");
                if (hidden > 0)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"not shown: {hidden} raw percepts after the first {limit:0.###} s (--seconds)"));
                }

                foreach (var r in rejections)
                {
                    output.WriteLine($"rejected {r.Count} from {r.SourceId}: {r.Reason}");
                }

                csv?.Flush();
                csv?.Dispose();
                csv = null;
            }

            if (source.IsRecording && hub.AcceptedCount == 0)
            {
                // A file that yields nothing is a mistake to report, not a quiet success.
                var why = rejections.Count == 0 ? "it has no data rows" : "every row was refused (" + string.Join(", ", rejections.Select(r => $"{r.Count} {r.Reason}")) + ")";
                await error.WriteLineAsync($"error: {spec}: no usable percept: {why}").ConfigureAwait(false);
                return 2;
            }

            if (tmp is not null && csvPath is not null)
            {
                File.Move(tmp, csvPath, overwrite: true);
                await output.WriteLineAsync($"wrote {csvPath}").ConfigureAwait(false);
            }

            return 0;
        }
        finally
        {
            lock (gate)
            {
                csv?.Dispose();
                csv = null;
            }

            if (tmp is not null && File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }
    }

    internal static string CsvRow(PerceptInput f, string source) => string.Join(
        ",",
        (f.Tick * StepSeconds).ToString("0.###", CultureInfo.InvariantCulture),
        Quote(f.Person),
        Quote(source),
        LabelTables.NameOf(f.Category),
        f.Confidence.ToString("0.####", CultureInfo.InvariantCulture),
        f.Valence.ToString("0.####", CultureInfo.InvariantCulture),
        f.Arousal.ToString("0.####", CultureInfo.InvariantCulture),
        f.Dominance?.ToString("0.####", CultureInfo.InvariantCulture) ?? string.Empty,
        Quote(f.Quality == PerceptQuality.None ? string.Empty : f.Quality.ToString()));

    private static string Quote(string s) =>
        s.IndexOfAny(new[] { ',', '"', '\n' }) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;

    private static string FormatRaw(Percept p)
    {
        var parts = new System.Collections.Generic.List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"raw t={p.SourceTime:0.###} ({p.Clock})"),
            p.Person,
            p.Modality.ToString().ToLowerInvariant(),
        };
        if (p.Labels is { } labels && !p.ClassProbabilities.IsEmpty)
        {
            var probs = p.ClassProbabilities.Span;
            var best = 0;
            for (var i = 1; i < probs.Length; i++)
            {
                best = probs[i] > probs[best] ? i : best;
            }

            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{labels.Name}:{labels[best].ClassName}={probs[best]:0.##}"));
        }

        if (p.Affect is { } va)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"va=({va.Valence:0.##},{va.Arousal:0.##})"));
        }

        if (p.Physiology is { } s)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{s.Signal}={s.Value:0.###}"));
        }

        if (!p.ActionUnitIntensities.IsEmpty)
        {
            var aus = p.ActionUnitIntensities.ToArray();
            var active = Enumerable.Range(0, aus.Length).Where(i => aus[i] >= 1).Select(i => string.Create(CultureInfo.InvariantCulture, $"AU{ActionUnits.Numbers[i]}={aus[i]:0.#}"));
            parts.Add("aus[" + string.Join(" ", active) + "]");
        }

        parts.Add(string.Create(CultureInfo.InvariantCulture, $"conf={p.Confidence:0.##}"));
        if (p.Quality != PerceptQuality.None)
        {
            parts.Add("[" + p.Quality + "]");
        }

        return string.Join(" ", parts);
    }
}
