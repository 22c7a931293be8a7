using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AffectEngine.Perception;

namespace AffectEngine.Conformance;

/// <summary>
/// What to feed a perception source kind: a spec whose data holds good percepts and at least
/// <see cref="MinRejects"/> bad lines or packets (garbage, NaN, out of range), plus, for live kinds,
/// a <see cref="Feed"/> that sends them once the source has started.
/// </summary>
public sealed class PerceptionWorkload
{
    /// <summary>The spec to create the source from (e.g. "csv:session.csv").</summary>
    public required string Spec { get; init; }

    /// <summary>The folder relative paths in <see cref="Spec"/> are resolved against.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Live kinds: sends good and bad packets to the started source. Null for recordings.</summary>
    public Func<CancellationToken, Task>? Feed { get; init; }

    /// <summary>The fewest bad lines or packets the data holds (each must be counted as a reject).</summary>
    public int MinRejects { get; init; } = 1;

    /// <summary>The fewest good percepts the data holds.</summary>
    public int MinPercepts { get; init; } = 1;
}

/// <summary>
/// The checks every perception source kind must pass: its kind, form and component name agree; bad
/// specs give typed exceptions; and, given a workload, bad lines or packets are counted (never thrown),
/// every delivered percept is finite and in range (NaN rejected at the source), timestamps are monotone
/// per person or flagged <see cref="PerceptQuality.OutOfOrder"/>, recordings replay identically, and
/// stopping twice is safe. There is no IL scan: sources run on host threads, and live ones timestamp
/// arrivals with a clock; determinism is kept because fused percepts enter the world as recorded inputs.
/// </summary>
public sealed class PerceptionSourceConformance : ComponentConformance<IPerceptionSourceKind>
{
    /// <summary>Tolerance of range checks, the same as the fusion's validator (rounding in tools' output).</summary>
    public const float Tolerance = 1e-3f;

    private static readonly Regex KindPattern = new("^[a-z][a-z0-9-]*$", RegexOptions.CultureInvariant);
    private readonly PerceptionWorkload? _workload;

    /// <summary>Without a workload only the spec checks run (the report then says so by its shorter list).</summary>
    public PerceptionSourceConformance(PerceptionWorkload? workload) => _workload = workload;

    public override string Kind => "perception source";

    protected override bool ChecksIl => false;

    public override IEnumerable<ConformanceCheck<ComponentSubject<IPerceptionSourceKind>>> Checks()
    {
        foreach (var c in base.Checks())
        {
            yield return c;
        }

        yield return new("kind, form and component name agree", KindAndForm);
        yield return new("malformed specs give typed exceptions", MalformedSpecs);
        if (_workload is null)
        {
            yield break;
        }

        yield return new("bad lines or packets are counted, not thrown", s => BadDataCounted(s, _workload));
        yield return new("percepts are finite and within bounds (NaN rejected)", s => WithinBounds(s, _workload));
        yield return new("timestamps are monotone per person or flagged OutOfOrder", s => Monotone(s, _workload));
        yield return new("recordings replay identically", s => Deterministic(s, _workload));
        yield return new("stopping twice and disposing are safe", s => StopSafe(s, _workload));
    }

    private static string KindAndForm(ComponentSubject<IPerceptionSourceKind> s)
    {
        var k = Create(s);
        if (!string.Equals(k.Kind, s.Name, StringComparison.Ordinal))
        {
            throw Fail($"registered as '{s.Name}' but says its kind is '{k.Kind}'");
        }

        if (!KindPattern.IsMatch(k.Kind))
        {
            throw Fail($"kind '{k.Kind}' is not a lower-case spec prefix (a letter, then letters, digits or '-')");
        }

        return k.Form.StartsWith(k.Kind + ":", StringComparison.Ordinal) ? $"{k.Form} ({(k.IsRecording ? "recording" : "live")})" : throw Fail($"form '{k.Form}' does not start with '{k.Kind}:'");
    }

    private static string MalformedSpecs(ComponentSubject<IPerceptionSourceKind> s)
    {
        var k = Create(s);
        var specs = new[] { "", k.Kind, k.Kind + ":", "not-" + k.Kind + ":x", k.Kind + ":/no/such/folder/nothing-here.csv" };
        var refused = 0;
        foreach (var spec in specs)
        {
            try
            {
                var source = k.Create(spec, null);
                source.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or FileNotFoundException or DirectoryNotFoundException)
            {
                if (string.IsNullOrWhiteSpace(ex.Message))
                {
                    throw Fail($"'{spec}' was refused with an empty message");
                }

                refused++;
            }
            catch (Exception ex)
            {
                throw Fail($"spec '{spec}' threw {ex.GetType().Name} ({ex.Message}); expected FormatException, ArgumentException or FileNotFoundException");
            }
        }

        return refused >= 3 ? $"{refused} of {specs.Length} malformed specs refused with typed exceptions" : throw Fail($"only {refused} of {specs.Length} malformed specs were refused");
    }

    private static string BadDataCounted(ComponentSubject<IPerceptionSourceKind> s, PerceptionWorkload w)
    {
        var run = Collect(s, w);
        if (run.Rejects.Count < w.MinRejects)
        {
            throw Fail($"{run.Rejects.Count} rejects counted, the data holds at least {w.MinRejects} bad lines or packets");
        }

        if (run.Percepts.Count < w.MinPercepts)
        {
            throw Fail($"{run.Percepts.Count} percepts delivered, the data holds at least {w.MinPercepts}");
        }

        var reasons = string.Join(", ", run.Rejects.GroupBy(r => r, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"));
        return $"{run.Percepts.Count} percepts, rejects: {reasons}";
    }

    private static string WithinBounds(ComponentSubject<IPerceptionSourceKind> s, PerceptionWorkload w)
    {
        var run = Collect(s, w);
        foreach (var p in run.Percepts)
        {
            var problem = Problem(p);
            if (problem is not null)
            {
                throw Fail($"delivered a percept of '{p.Person}' at {p.SourceTime.ToString(CultureInfo.InvariantCulture)} with {problem}; reject it at the source (sink.Reject)");
            }
        }

        return $"{run.Percepts.Count} percepts finite and in range";
    }

    private static string Monotone(ComponentSubject<IPerceptionSourceKind> s, PerceptionWorkload w)
    {
        var run = Collect(s, w);
        var last = new Dictionary<string, double>(StringComparer.Ordinal);
        var flagged = 0;
        foreach (var p in run.Percepts)
        {
            if ((p.Quality & PerceptQuality.OutOfOrder) != 0)
            {
                flagged++;
                continue;
            }

            if (last.TryGetValue(p.Person, out var previous) && p.SourceTime < previous)
            {
                throw Fail($"'{p.Person}' at {p.SourceTime.ToString(CultureInfo.InvariantCulture)} after {previous.ToString(CultureInfo.InvariantCulture)} is not flagged OutOfOrder");
            }

            last[p.Person] = p.SourceTime;
        }

        return $"{last.Count} person(s) monotone, {flagged} out-of-order percept(s) flagged";
    }

    private static string Deterministic(ComponentSubject<IPerceptionSourceKind> s, PerceptionWorkload w)
    {
        if (!Create(s).IsRecording)
        {
            return "live source: arrivals depend on the network; determinism comes from recording the fused inputs";
        }

        var a = Collect(s, w);
        var b = Collect(s, w);
        var fa = a.Percepts.Select(Fingerprint).ToArray();
        var fb = b.Percepts.Select(Fingerprint).ToArray();
        for (var i = 0; i < Math.Min(fa.Length, fb.Length); i++)
        {
            if (fa[i] != fb[i])
            {
                throw Fail($"percept {i} differs between two replays: {fa[i]} vs {fb[i]}");
            }
        }

        if (fa.Length != fb.Length || !a.Rejects.SequenceEqual(b.Rejects, StringComparer.Ordinal))
        {
            throw Fail($"two replays gave {fa.Length} vs {fb.Length} percepts and {a.Rejects.Count} vs {b.Rejects.Count} rejects");
        }

        return $"{fa.Length} percepts and {a.Rejects.Count} rejects identical in two replays";
    }

    private static string StopSafe(ComponentSubject<IPerceptionSourceKind> s, PerceptionWorkload w)
    {
        var k = Create(s);
        Task.Run(async () =>
        {
            var source = k.Create(w.Spec, w.BaseDirectory);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await source.StartAsync(new CollectingSink(), cts.Token).ConfigureAwait(false);
            await source.StopAsync().ConfigureAwait(false);
            await source.StopAsync().ConfigureAwait(false);
            await source.DisposeAsync().ConfigureAwait(false);
        }).GetAwaiter().GetResult();
        return "start, stop, stop, dispose";
    }

    /// <summary>Null when the percept is finite and in range; otherwise what is wrong.</summary>
    public static string? Problem(in Percept p)
    {
        if (string.IsNullOrEmpty(p.Person))
        {
            return "no person";
        }

        if (!double.IsFinite(p.SourceTime))
        {
            return $"time {p.SourceTime}";
        }

        if (!In(p.Confidence, 0f, 1f))
        {
            return $"confidence {p.Confidence}";
        }

        var probs = p.ClassProbabilities.Span;
        if (!probs.IsEmpty && (p.Labels is null || probs.Length != p.Labels.Count))
        {
            return $"{probs.Length} class probabilities for label set '{p.LabelSet}'";
        }

        foreach (var v in probs)
        {
            if (!In(v, 0f, 1f))
            {
                return $"class probability {v}";
            }
        }

        if (p.Affect is { } va && (!In(va.Valence, -1f, 1f) || !In(va.Arousal, -1f, 1f)))
        {
            return $"valence/arousal {va.Valence}/{va.Arousal}";
        }

        var aus = p.ActionUnitIntensities.Span;
        if (!aus.IsEmpty && aus.Length != ActionUnits.Count)
        {
            return $"{aus.Length} action units (expected {ActionUnits.Count})";
        }

        foreach (var v in aus)
        {
            if (!In(v, 0f, ActionUnits.MaxIntensity))
            {
                return $"action unit intensity {v}";
            }
        }

        return p.Physiology is { } ph && (!float.IsFinite(ph.Value) || ph.Value < 0f) ? $"{ph.Signal} {ph.Value}" : null;
    }

    private static bool In(float v, float min, float max) => float.IsFinite(v) && v >= min - Tolerance && v <= max + Tolerance;

    private static string Fingerprint(Percept p)
    {
        var b = new StringBuilder();
        b.Append(p.Person).Append('|').Append(p.Modality).Append('|').Append(p.SourceTime.ToString("R", CultureInfo.InvariantCulture)).Append('|').Append(p.Clock)
            .Append('|').Append(p.LabelSet).Append('|').Append(p.Confidence.ToString("R", CultureInfo.InvariantCulture)).Append('|').Append(p.Quality).Append('|').Append(p.Affect).Append('|').Append(p.Physiology);
        foreach (var v in p.ClassProbabilities.Span)
        {
            b.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
        }

        b.Append('|');
        foreach (var v in p.ActionUnitIntensities.Span)
        {
            b.Append(',').Append(v.ToString("R", CultureInfo.InvariantCulture));
        }

        return b.ToString();
    }

    private static CollectingSink Collect(ComponentSubject<IPerceptionSourceKind> s, PerceptionWorkload w)
    {
        var k = Create(s);
        return Task.Run(async () =>
        {
            var sink = new CollectingSink();
            var source = k.Create(w.Spec, w.BaseDirectory);
            await using (source.ConfigureAwait(false))
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try
                {
                    await source.StartAsync(sink, cts.Token).ConfigureAwait(false);
                    if (w.Feed is not null)
                    {
                        await w.Feed(cts.Token).ConfigureAwait(false);

                        // Delivery is asynchronous: wait (bounded) until what was sent has arrived.
                        for (var i = 0; i < 100 && (sink.Percepts.Count < w.MinPercepts || sink.Rejects.Count < w.MinRejects); i++)
                        {
                            await Task.Delay(50, cts.Token).ConfigureAwait(false);
                        }
                    }
                }
                catch (Exception ex) when (ex is not ConformanceException)
                {
                    throw Fail($"the source threw {ex.GetType().Name} while reading its data: {ex.Message}");
                }
                finally
                {
                    await source.StopAsync().ConfigureAwait(false);
                }
            }

            return sink;
        }).GetAwaiter().GetResult();
    }

    /// <summary>Records what a source delivers and rejects, in order.</summary>
    private sealed class CollectingSink : IPerceptSink
    {
        private readonly object _gate = new();
        private readonly List<Percept> _percepts = [];
        private readonly List<string> _rejects = [];

        public IReadOnlyList<Percept> Percepts
        {
            get
            {
                lock (_gate)
                {
                    return _percepts.ToArray();
                }
            }
        }

        public IReadOnlyList<string> Rejects
        {
            get
            {
                lock (_gate)
                {
                    return _rejects.ToArray();
                }
            }
        }

        public void Push(in Percept percept)
        {
            lock (_gate)
            {
                _percepts.Add(percept);
            }
        }

        public void Reject(string sourceId, string reason)
        {
            lock (_gate)
            {
                _rejects.Add(reason);
            }
        }
    }
}
