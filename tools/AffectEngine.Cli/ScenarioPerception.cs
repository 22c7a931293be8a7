using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using AffectEngine.Hosting;
using AffectEngine.Perception;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli;

/// <summary>
/// The scenario's perception sources, opened for a run and plugged into the runner as an input feed:
/// before each tick the hub's fused percept per person enters the batch (and so the record). File
/// sources are read completely before the first tick and replayed on simulated time (tick × step),
/// so a headless run of a file source is deterministic; live sources (OSC, LSL, E4 streaming)
/// contribute what has arrived by the tick. Replays never open sources: the percepts are in the record.
/// </summary>
internal sealed class ScenarioPerception : ITickInputFeed, IDisposable
{
    private readonly PerceptionHub _hub;
    private readonly List<PerceptInput> _buffer = [];
    private bool _disposed;

    private ScenarioPerception(PerceptionHub hub, IReadOnlyList<string> sources)
    {
        _hub = hub;
        Sources = sources;
    }

    /// <summary>The opened sources as "person ← spec".</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Percepts accepted from the sources so far.</summary>
    public long Accepted => _hub.AcceptedCount;

    /// <summary>Fused percepts handed to the run so far.</summary>
    public long Produced { get; private set; }

    /// <summary>True once every file source has been replayed to its end.</summary>
    public bool RecordingsFinished => _hub.RecordingsFinished;

    /// <summary>The fused percepts as they are produced (for hosts that show them).</summary>
    public IObservable<PerceptInput> Fused => _hub.FusedPercepts;

    /// <summary>Refusals (malformed lines, NaN, out-of-range values), by source and reason.</summary>
    public IReadOnlyList<RejectCount> Rejections() => _hub.Rejections();

    /// <summary>
    /// Opens the scenario's sources (none: null). <paramref name="replace"/> swaps the source of one
    /// person (the trainee's <c>--percepts</c>), or adds it when the scenario lists none for them.
    /// Relative file paths resolve against <paramref name="scenarioDirectory"/>; a replacement given on
    /// the command line resolves against the working directory.
    /// </summary>
    public static ScenarioPerception? Open(Scenario scenario, string scenarioDirectory, (string Person, string Spec)? replace = null)
    {
        var entries = new List<(string Person, string Spec, string? BaseDir, string Where)>();
        var replaced = false;
        for (var i = 0; i < scenario.Perception.Count; i++)
        {
            var p = scenario.Perception[i];
            if (replace is { } r && string.Equals(p.Person, r.Person, StringComparison.Ordinal))
            {
                if (!replaced)
                {
                    entries.Add((r.Person, r.Spec, null, "--percepts"));
                    replaced = true;
                }

                continue;
            }

            entries.Add((p.Person, p.Source, scenarioDirectory, string.Format(CultureInfo.InvariantCulture, "$.perception[{0}].source", i)));
        }

        if (replace is { } add && !replaced)
        {
            entries.Add((add.Person, add.Spec, null, "--percepts"));
        }

        if (entries.Count == 0)
        {
            return null;
        }

        var hub = new PerceptionHub();
        var names = new List<string>();
        try
        {
            foreach (var (person, spec, baseDir, where) in entries)
            {
                IPerceptionSource source;
                try
                {
                    source = PerceptionSourceFactory.Create(spec, baseDir);
                }
                catch (Exception ex) when (ex is FormatException or IOException)
                {
                    throw new UserException($"{where}: {ex.Message}");
                }

                hub.AddSource(source, person);
                names.Add(person + " <- " + spec);
            }

            try
            {
                hub.StartAsync().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is FormatException or IOException or System.Net.Sockets.SocketException)
            {
                throw new UserException($"perception: {ex.Message}");
            }

            return new ScenarioPerception(hub, names);
        }
        catch
        {
            hub.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <inheritdoc />
    public void Produce(long tick, double timeSeconds, List<TickInput> output)
    {
        _buffer.Clear();
        _hub.ProduceInputs(tick, timeSeconds, _buffer);
        Produced += _buffer.Count;
        foreach (var p in _buffer)
        {
            output.Add(p);
        }
    }

    /// <inheritdoc />
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
