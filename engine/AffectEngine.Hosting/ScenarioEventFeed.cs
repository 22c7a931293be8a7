using System;
using System.Collections.Generic;
using AffectEngine.Scenarios;

namespace AffectEngine.Hosting;

/// <summary>
/// The scenario's event generators as an input feed (<see cref="SimulationRunner.AddInputFeed"/>):
/// Poisson templates drawn per tick from the run seed, and file events read line by line as their
/// ticks come. What they make enters the tick's batch, so a record of the run replays without them.
/// </summary>
public sealed class ScenarioEventFeed : ITickInputFeed, IDisposable
{
    private const ulong PoissonStream = 0x706F6973736F6EUL; // "poisson"
    private readonly SimulationRunner _runner;
    private readonly Scenario _scenario;
    private readonly List<IScenarioBinder> _binders;
    private readonly List<(int Index, EventGeneratorSpec Spec, string[] Set)> _poisson = [];
    private Func<EventSpec, EventSpec?>? _select;
    private readonly List<(EventFileReader Reader, EventSpec? Next, long Tick)> _files = [];

    private ScenarioEventFeed(SimulationRunner runner, Scenario scenario)
    {
        _runner = runner;
        _scenario = scenario;
        _binders = ScenarioHost.Binders(runner);
    }

    /// <summary>
    /// The feed of the scenario's generators, or null when it has none. Files are resolved against
    /// <paramref name="baseDirectory"/> (the scenario file's folder) and checked through once first;
    /// a problem is a <see cref="ScenarioException"/> with file:line:column.
    /// </summary>
    public static ScenarioEventFeed? Open(SimulationRunner runner, Scenario scenario, string baseDirectory) => Open(runner, scenario, baseDirectory, null);

    /// <summary>
    /// The feed of <paramref name="scenario"/>'s generators for a runner that holds part of its agents (a shard):
    /// every event is drawn exactly as for the whole scenario (same draws, same sequence numbers), then
    /// <paramref name="select"/> gives the part the runner schedules (null: none), e.g. only what its own
    /// agents take part in. Agents the kept parts name must exist in the runner.
    /// </summary>
    public static ScenarioEventFeed? Open(SimulationRunner runner, Scenario scenario, string baseDirectory, Func<EventSpec, EventSpec?>? select)
    {
        if (runner is null || scenario is null)
        {
            throw new ArgumentNullException(runner is null ? nameof(runner) : nameof(scenario));
        }

        if (scenario.EventGenerators.Count == 0)
        {
            return null;
        }

        EventFileReader.CheckFiles(scenario, baseDirectory);
        var feed = new ScenarioEventFeed(runner, scenario) { _select = select };
        try
        {
            for (var i = 0; i < scenario.EventGenerators.Count; i++)
            {
                var g = scenario.EventGenerators[i];
                if (g.Kind == "file")
                {
                    var reader = EventFileReader.Open(EventFileReader.Resolve(g, baseDirectory), scenario.Run.Step.Seconds);
                    feed._files.Add((reader, null, 0));
                    feed.Advance(feed._files.Count - 1);
                }
                else
                {
                    feed._poisson.Add((i, g, Members(scenario, g.Group)));
                }
            }
        }
        catch
        {
            feed.Dispose();
            throw;
        }

        return feed;
    }

    /// <summary>Starts the run at <paramref name="tick"/> (a restored snapshot): file events before it are passed over, as they were fed before the snapshot.</summary>
    public void SkipTo(long tick)
    {
        for (var f = 0; f < _files.Count; f++)
        {
            while (_files[f].Next is not null && _files[f].Tick < tick)
            {
                Advance(f);
            }
        }
    }

    /// <inheritdoc />
    public void Produce(long tick, double timeSeconds, List<TickInput> output)
    {
        // Sequences after the scenario's own events, so generated inputs never share (tick, source, sequence) with them.
        var sequence = _scenario.Events.Count;
        var step = _scenario.Run.Step.Seconds;
        foreach (var (index, g, set) in _poisson)
        {
            if (set.Length == 0 || timeSeconds < (g.From?.Seconds ?? 0) || (g.Until is { } until && timeSeconds >= until.Seconds))
            {
                continue;
            }

            var rng = new RandomStream(_runner.World.Seed, PoissonStream, tick, index);
            var n = Poisson(g.Rate * set.Length * step, ref rng);
            for (var j = 0; j < n; j++)
            {
                var agent = set[rng.NextInt(set.Length)];
                var e = Instantiate(g.Event!, agent);
                Schedule(e, sequence++, tick, $"$.eventGenerators[{index}].event");
            }
        }

        for (var f = 0; f < _files.Count; f++)
        {
            while (_files[f].Next is { } e && _files[f].Tick <= tick)
            {
                var reader = _files[f].Reader;
                if (_files[f].Tick < tick)
                {
                    throw reader.Error(1, $"expected an event at tick {tick} or later (the run is there), found tick {_files[f].Tick}");
                }

                Schedule(e, sequence++, tick, $"{reader.FilePath}:{reader.Line}");
                Advance(f);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var f in _files)
        {
            f.Reader.Dispose();
        }
    }

    /// <summary>A Poisson(λ) count by Knuth's product of uniforms, in chunks of λ ≤ 30 (a sum of independent Poisson counts is Poisson) so e^−λ never underflows.</summary>
    public static long Poisson(double lambda, ref RandomStream rng)
    {
        long count = 0;
        while (lambda > 0)
        {
            var chunk = Math.Min(lambda, 30.0);
            lambda -= chunk;
            var limit = Math.Exp(-chunk);
            var product = rng.NextDouble();
            while (product > limit)
            {
                count++;
                product *= rng.NextDouble();
            }
        }

        return count;
    }

    /// <summary>The names of the scenario's agents (of <paramref name="group"/>) in file order: the same set for a whole world and for a shard holding part of it.</summary>
    private static string[] Members(Scenario scenario, string? group)
    {
        var list = new List<string>();
        foreach (var spec in scenario.Agents)
        {
            for (var k = 0; k < spec.Count; k++)
            {
                if (group is null || spec.InGroup(group, k))
                {
                    list.Add(spec.NameOf(k));
                }
            }
        }

        return list.ToArray();
    }

    private static EventSpec Instantiate(EventSpec t, string agent)
    {
        string? Sub(string? s) => s == EventGeneratorSpec.AgentPlaceholder ? agent : s;
        List<string>? Subs(List<string>? list) => list?.ConvertAll(x => Sub(x)!);
        return new EventSpec
        {
            Action = t.Action,
            Actor = Sub(t.Actor),
            Target = Sub(t.Target),
            Targets = Subs(t.Targets),
            Witnesses = Subs(t.Witnesses),
            Object = t.Object,
            Appeal = t.Appeal,
            Beliefs = t.Beliefs?.ConvertAll(b => new BeliefSpec
            {
                Goal = b.Goal.StartsWith(EventGeneratorSpec.AgentPlaceholder + "/", StringComparison.Ordinal) ? agent + b.Goal.Substring(EventGeneratorSpec.AgentPlaceholder.Length) : b.Goal,
                Congruence = b.Congruence,
                Likelihood = b.Likelihood,
                Controllability = b.Controllability,
            }),
            Controllability = t.Controllability,
            Elicit = t.Elicit is { } el ? new ElicitSpec { Agent = Sub(el.Agent)!, Emotion = el.Emotion, Intensity = el.Intensity } : null,
            Encounter = t.Encounter is { } en ? new EncounterSpec { Agent = Sub(en.Agent)!, Other = Sub(en.Other)!, Object = en.Object, Mutual = en.Mutual } : null,
        };
    }

    private void Schedule(EventSpec e, int sequence, long tick, string origin)
    {
        if (_select is not null)
        {
            if (_select(e) is not { } part)
            {
                return;
            }

            e = part;
        }

        try
        {
            ScenarioHost.Schedule(_runner, _binders, e, sequence, tick);
        }
        catch (ArgumentException ex)
        {
            var message = ex.Message;
            var dot = message.IndexOf("]", StringComparison.Ordinal);
            throw new ScenarioException($"{origin}: {(message.StartsWith("$.events[", StringComparison.Ordinal) && dot > 0 ? message.Substring(dot + 1).TrimStart('.') : message)}", ex);
        }
    }

    private void Advance(int f)
    {
        var (reader, _, _) = _files[f];
        _files[f] = reader.Next(out var e, out var t) ? (reader, e, t) : (reader, null, 0);
    }
}
