using System;
using System.Collections.Generic;
using System.IO;

namespace AffectEngine.Perception;

/// <summary>One perception source a run should open: who it observes and its spec string.</summary>
/// <param name="Person">The observed person's id (the scenario's <c>person</c>).</param>
/// <param name="Spec">The source spec, e.g. <c>openface:face.csv</c> (see <see cref="PerceptionSourceFactory"/>).</param>
/// <param name="BaseDirectory">Folder relative file paths resolve against (the scenario's), or null for the working directory.</param>
/// <param name="Where">Where the spec came from, for error messages (<c>$.perception[0].source</c>, <c>--percepts</c>).</param>
public readonly record struct PerceptionEntry(string Person, string Spec, string? BaseDirectory, string Where);

/// <summary>
/// The perception sources of a run, opened and started together, producing the fused percepts of each
/// tick for the host's input feed (<c>SimulationRunner.AddInputFeed</c>). File sources are read
/// completely by <see cref="Open"/> and replayed on simulated time, so runs of file sources are
/// deterministic; live sources contribute what has arrived by the tick. Every host (the CLI, the
/// visualizer, an embedding game) opens a scenario's sources through this one type.
/// </summary>
public sealed class ScenarioPerceptionFeed : IDisposable
{
    private readonly PerceptionHub _hub;
    private readonly List<PerceptInput> _buffer = new();
    private bool _disposed;

    private ScenarioPerceptionFeed(PerceptionHub hub, IReadOnlyList<string> sources)
    {
        _hub = hub;
        Sources = sources;
    }

    /// <summary>The opened sources as "person &lt;- spec".</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Percepts accepted from the sources so far (files: all of them, read up front).</summary>
    public long Accepted => _hub.AcceptedCount;

    /// <summary>Fused percepts handed to the run so far.</summary>
    public long Produced { get; private set; }

    /// <summary>True once every file source has been replayed to its end.</summary>
    public bool RecordingsFinished => _hub.RecordingsFinished;

    /// <summary>The fused percepts as they are produced (on the tick thread).</summary>
    public IObservable<PerceptInput> Fused => _hub.FusedPercepts;

    /// <summary>Each person's per-modality readings and cross-modal disagreement, each tick (see <see cref="PerceptionHub.ModalityReadings"/>).</summary>
    public IObservable<ModalitySnapshot> ModalityReadings => _hub.ModalityReadings;

    /// <summary>Refusals (malformed lines, NaN, out-of-range values), by source and reason.</summary>
    public IReadOnlyList<RejectCount> Rejections() => _hub.Rejections();

    /// <summary>
    /// Creates and starts the sources; null when there are none. A malformed spec, a missing file or
    /// an unreadable source is a <see cref="FormatException"/> whose message starts with the entry's
    /// <see cref="PerceptionEntry.Where"/>; sources opened so far are closed again.
    /// </summary>
    public static ScenarioPerceptionFeed? Open(IReadOnlyList<PerceptionEntry> entries)
    {
        if (entries is null)
        {
            throw new ArgumentNullException(nameof(entries));
        }

        if (entries.Count == 0)
        {
            return null;
        }

        var hub = new PerceptionHub();
        var names = new List<string>();
        try
        {
            foreach (var e in entries)
            {
                IPerceptionSource source;
                try
                {
                    source = PerceptionSourceFactory.Create(e.Spec, e.BaseDirectory);
                }
                catch (Exception ex) when (ex is FormatException or IOException)
                {
                    throw new FormatException($"{e.Where}: {ex.Message}", ex);
                }

                hub.AddSource(source, e.Person);
                names.Add(e.Person + " <- " + e.Spec);
            }

            try
            {
                hub.StartAsync().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is FormatException or IOException or System.Net.Sockets.SocketException)
            {
                throw new FormatException($"perception: {ex.Message}", ex);
            }

            return new ScenarioPerceptionFeed(hub, names);
        }
        catch
        {
            hub.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Appends the fused percepts of <paramref name="tick"/> (simulated time <paramref name="timeSeconds"/>); call once per tick, before it runs.</summary>
    public void Produce(long tick, double timeSeconds, List<TickInput> output)
    {
        if (output is null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        _buffer.Clear();
        _hub.ProduceInputs(tick, timeSeconds, _buffer);
        Produced += _buffer.Count;
        foreach (var p in _buffer)
        {
            output.Add(p);
        }
    }

    /// <summary>Stops and closes every source.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _hub.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
