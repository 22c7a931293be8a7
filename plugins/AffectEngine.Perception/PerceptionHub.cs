using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Threading;
using System.Threading.Tasks;

namespace AffectEngine.Perception;

/// <summary>How many percepts of one source were refused for one reason.</summary>
/// <param name="SourceId">The source.</param>
/// <param name="Reason">The reason ("nan", "out-of-range", "malformed", "disconnect", ...).</param>
/// <param name="Count">How many.</param>
public readonly record struct RejectCount(string SourceId, string Reason, long Count);

/// <summary>
/// Owns perception sources, validates what they deliver, and turns it into one fused
/// <see cref="PerceptInput"/> per person per tick. Sources push on their own threads; the host calls
/// <see cref="ProduceInputs(long, double, List{PerceptInput})"/> once per tick (on the tick thread,
/// before the tick runs) and enqueues the result into the world's input queue, so the fused percepts
/// are part of the recorded input batch and a live session replays exactly.
/// </summary>
/// <example>
/// <code>
/// await using var hub = new PerceptionHub();
/// hub.AddSource(PerceptionSourceFactory.Create("openface:t01.csv"), person: "trainee");
/// await hub.StartAsync(ct);
/// var batch = new List&lt;PerceptInput&gt;();
/// while (running)
/// {
///     batch.Clear();
///     hub.ProduceInputs(world.Tick, world.Tick * world.Options.StepSeconds, batch);
///     foreach (var p in batch) world.Inputs.Enqueue(p);
///     simulation.Step();
/// }
/// </code>
/// </example>
public sealed class PerceptionHub : IAsyncDisposable
{
    private readonly FusionOptions _options;
    private readonly int _inputSource;
    private readonly PerceptFusion _fusion;
    private readonly List<Entry> _sources = new();
    private readonly ConcurrentQueue<(int Source, Percept Percept)> _arrivals = new();
    private readonly ConcurrentDictionary<(string Source, string Reason), long> _rejects = new();
    private readonly Subject<Percept> _raw = new();
    private readonly ISubject<Percept> _rawSync;
    private readonly Subject<PerceptInput> _fused = new();
    private readonly Subject<ModalitySnapshot> _modalities = new();
    private readonly Action<PerceptInput> _publishFused;
    private readonly object _gate = new();
    private long _accepted;
    private double _lastTime = double.NegativeInfinity;
    private long _lastTick = long.MinValue;
    private bool _started;
    private bool _disposed;

    /// <summary>Creates a hub.</summary>
    /// <param name="options">Fusion constants (validated here); <see cref="FusionOptions.Default"/> when null.</param>
    /// <param name="inputSource">The input source number stamped on fused percepts (<see cref="InputSources.Perception"/> by default).</param>
    public PerceptionHub(FusionOptions? options = null, int inputSource = InputSources.Perception)
    {
        _options = options ?? FusionOptions.Default;
        _fusion = new PerceptFusion(_options);
        _inputSource = inputSource;
        _rawSync = Subject.Synchronize(_raw);
        _publishFused = _fused.OnNext; // cached: no delegate allocation per tick
    }

    /// <summary>Every percept that passed validation, as sources deliver it (on the sources' threads, serialized).</summary>
    public IObservable<Percept> RawPercepts => _raw.AsObservable();

    /// <summary>Every fused percept, on the thread that calls <see cref="ProduceInputs(long, double, List{PerceptInput})"/>.</summary>
    public IObservable<PerceptInput> FusedPercepts => _fused.AsObservable();

    /// <summary>
    /// Every person's per-modality readings and the cross-modal disagreement, each tick (on the tick
    /// thread). Computed only once this property has been read, so hosts that do not look pay nothing.
    /// </summary>
    public IObservable<ModalitySnapshot> ModalityReadings
    {
        get
        {
            lock (_gate)
            {
                _fusion.OnModalities ??= _modalities.OnNext;
            }

            return _modalities.AsObservable();
        }
    }

    /// <summary>Percepts accepted so far.</summary>
    public long AcceptedCount => Interlocked.Read(ref _accepted);

    /// <summary>Number of sources.</summary>
    public int SourceCount => _sources.Count;

    /// <summary>
    /// True once every recording has been delivered and replayed up to its last percept (live sources
    /// never finish). Tools use it to stop a file replay.
    /// </summary>
    public bool RecordingsFinished
    {
        get
        {
            lock (_gate)
            {
                return _arrivals.IsEmpty && _sources.All(s => !s.Source.IsRecording || (s.Started && s.Pending.Count == 0));
            }
        }
    }

    /// <summary>
    /// Adds a source. <paramref name="person"/> overrides the person ids the source reports (the
    /// scenario's "person" field); <paramref name="reliability"/> overrides the modality default.
    /// Returns the source's index.
    /// </summary>
    public int AddSource(IPerceptionSource source, string? person = null, float? reliability = null)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        if (reliability is { } r && !(r >= 0 && r <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(reliability), r, "Reliability must be in [0, 1].");
        }

        lock (_gate)
        {
            var index = _sources.Count;
            _sources.Add(new Entry(this, index, source, person, reliability ?? _options.ReliabilityOf(source.Modality)));
            if (person is not null)
            {
                _fusion.AddPerson(person);
            }

            if (_started)
            {
                _ = StartOne(_sources[index], CancellationToken.None);
            }

            return index;
        }
    }

    /// <summary>
    /// Adds a source the host feeds itself (a game UI, a test): returns the sink to push into. Percepts
    /// count as live (from arrival) unless <paramref name="isRecording"/>.
    /// </summary>
    public IPerceptSink AddPushSource(string id, Modality modality, bool isRecording = false, string? person = null, float? reliability = null)
    {
        var source = new PushSource(id, modality, isRecording);
        var index = AddSource(source, person, reliability);
        lock (_gate)
        {
            _sources[index].Started = true;
        }

        return _sources[index];
    }

    /// <summary>Makes a person known from the start, so they get (Uncertain) fused percepts before any evidence.</summary>
    public void AddPerson(string person)
    {
        if (string.IsNullOrEmpty(person))
        {
            throw new ArgumentException("A person id must not be empty.", nameof(person));
        }

        lock (_gate)
        {
            _fusion.AddPerson(person);
        }
    }

    /// <summary>
    /// Starts every source. Recordings are fully read before this completes (so their replay does not
    /// depend on thread timing); live sources are listening or connecting.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Entry[] entries;
        lock (_gate)
        {
            _started = true;
            entries = _sources.Where(e => !e.Started).ToArray();
        }

        await Task.WhenAll(entries.Select(e => StartOne(e, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// Produces the fused percepts for <paramref name="tick"/>, whose simulated time is
    /// <paramref name="timeSeconds"/>, and appends them to <paramref name="output"/> (one per known person,
    /// in ordinal order of person id). Call once per tick, with increasing ticks and times.
    /// </summary>
    public void ProduceInputs(long tick, double timeSeconds, List<PerceptInput> output)
    {
        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        if (double.IsNaN(timeSeconds) || double.IsInfinity(timeSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(timeSeconds), timeSeconds, "Tick time must be finite.");
        }

        lock (_gate)
        {
            if (tick <= _lastTick || timeSeconds < _lastTime)
            {
                throw new ArgumentException($"Ticks must increase: tick {tick} at {timeSeconds}s follows tick {_lastTick} at {_lastTime}s.", nameof(tick));
            }

            _lastTick = tick;
            _lastTime = timeSeconds;
            while (_arrivals.TryDequeue(out var item))
            {
                var e = _sources[item.Source];
                var p = item.Percept;
                if (e.Source.IsRecording)
                {
                    // A recording's timeline starts when fusion first sees it.
                    if (double.IsNaN(e.FirstSourceTime))
                    {
                        e.FirstSourceTime = p.SourceTime;
                        e.Origin = timeSeconds;
                    }

                    e.Pending.Enqueue((e.Origin + (p.SourceTime - e.FirstSourceTime), p));
                }
                else
                {
                    _fusion.Accept(p, e.Person ?? p.Person, e.Index, e.Reliability, timeSeconds);
                }
            }

            foreach (var e in _sources)
            {
                while (e.Pending.Count > 0 && e.Pending.Peek().Due <= timeSeconds)
                {
                    var (due, p) = e.Pending.Dequeue();
                    _fusion.Accept(p, e.Person ?? p.Person, e.Index, e.Reliability, due);
                }
            }

            _fusion.Produce(tick, timeSeconds, _inputSource, output, _publishFused);
        }
    }

    /// <summary>Convenience overload that allocates the list.</summary>
    public IReadOnlyList<PerceptInput> ProduceInputs(long tick, double timeSeconds)
    {
        var list = new List<PerceptInput>();
        ProduceInputs(tick, timeSeconds, list);
        return list;
    }

    /// <summary>Refusals so far, sorted by source then reason.</summary>
    public IReadOnlyList<RejectCount> Rejections() =>
        _rejects.Select(kv => new RejectCount(kv.Key.Source, kv.Key.Reason, kv.Value))
            .OrderBy(r => r.SourceId, StringComparer.Ordinal).ThenBy(r => r.Reason, StringComparer.Ordinal).ToArray();

    /// <summary>Refusals for one reason, over all sources.</summary>
    public long RejectionCount(string reason) => _rejects.Where(kv => kv.Key.Reason == reason).Sum(kv => kv.Value);

    /// <summary>Stops every source.</summary>
    public async Task StopAsync()
    {
        Entry[] entries;
        lock (_gate)
        {
            entries = _sources.ToArray();
        }

        foreach (var e in entries)
        {
            try
            {
                await e.Source.StopAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Count(e.Source.Id, "stop-failed");
            }
        }
    }

    /// <summary>Stops and disposes every source and completes the streams.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync().ConfigureAwait(false);
        foreach (var e in _sources)
        {
            await e.Source.DisposeAsync().ConfigureAwait(false);
        }

        _rawSync.OnCompleted();
        _fused.OnCompleted();
        _modalities.OnCompleted();
        _raw.Dispose();
        _fused.Dispose();
        _modalities.Dispose();
    }

    private async Task StartOne(Entry e, CancellationToken ct)
    {
        try
        {
            await e.Source.StartAsync(e, ct).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                e.Started = true;
            }
        }
    }

    private void Count(string source, string reason) => _rejects.AddOrUpdate((source, reason), 1, (_, n) => n + 1);

    private void Deliver(Entry e, in Percept percept)
    {
        var reason = PerceptValidator.Check(percept);
        if (reason is not null)
        {
            Count(e.Source.Id, reason);
            return;
        }

        Interlocked.Increment(ref _accepted);
        _arrivals.Enqueue((e.Index, percept));
        _rawSync.OnNext(percept);
    }

    private sealed class Entry : IPerceptSink
    {
        private readonly PerceptionHub _hub;

        public Entry(PerceptionHub hub, int index, IPerceptionSource source, string? person, float reliability)
        {
            _hub = hub;
            Index = index;
            Source = source;
            Person = person;
            Reliability = reliability;
        }

        public int Index { get; }

        public IPerceptionSource Source { get; }

        public string? Person { get; }

        public float Reliability { get; }

        public bool Started { get; set; }

        public double FirstSourceTime { get; set; } = double.NaN;

        public double Origin { get; set; }

        public Queue<(double Due, Percept Percept)> Pending { get; } = new();

        public void Push(in Percept percept) => _hub.Deliver(this, percept);

        public void Reject(string sourceId, string reason) => _hub.Count(sourceId ?? Source.Id, reason ?? "unknown");
    }

    private sealed class PushSource : IPerceptionSource
    {
        public PushSource(string id, Modality modality, bool isRecording)
        {
            Id = id;
            Modality = modality;
            IsRecording = isRecording;
        }

        public string Id { get; }

        public Modality Modality { get; }

        public bool IsRecording { get; }

        public Task StartAsync(IPerceptSink sink, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync() => Task.CompletedTask;

        public ValueTask DisposeAsync() => default;
    }
}
