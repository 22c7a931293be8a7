using System;
using System.Collections.Generic;
using System.Globalization;
using AffectEngine.Hosting;
using AffectEngine.Perception;
using AffectEngine.Scenarios;

namespace AffectEngine.Cli;

/// <summary>
/// The scenario's perception sources for a CLI run (<see cref="ScenarioPerceptionFeed"/>), plugged into
/// the runner as an input feed: before each tick the hub's fused percept per person enters the batch
/// (and so the record). Replays never open sources: the percepts are in the record.
/// </summary>
internal sealed class ScenarioPerception : ITickInputFeed, IDisposable
{
    private readonly ScenarioPerceptionFeed _feed;

    private ScenarioPerception(ScenarioPerceptionFeed feed) => _feed = feed;

    public IReadOnlyList<string> Sources => _feed.Sources;

    public long Accepted => _feed.Accepted;

    public long Produced => _feed.Produced;

    public IObservable<PerceptInput> Fused => _feed.Fused;

    public IReadOnlyList<RejectCount> Rejections() => _feed.Rejections();

    /// <summary>The scenario's entries; <paramref name="replace"/> swaps (or adds) the source of one person, resolved against the working directory.</summary>
    public static IReadOnlyList<PerceptionEntry> Entries(Scenario scenario, string scenarioDirectory, (string Person, string Spec)? replace = null)
    {
        var entries = new List<PerceptionEntry>();
        var replaced = false;
        for (var i = 0; i < scenario.Perception.Count; i++)
        {
            var p = scenario.Perception[i];
            if (replace is { } r && string.Equals(p.Person, r.Person, StringComparison.Ordinal))
            {
                if (!replaced)
                {
                    entries.Add(new PerceptionEntry(r.Person, r.Spec, null, "--percepts"));
                    replaced = true;
                }

                continue;
            }

            entries.Add(new PerceptionEntry(p.Person, p.Source, scenarioDirectory, string.Format(CultureInfo.InvariantCulture, "$.perception[{0}].source", i)));
        }

        if (replace is { } add && !replaced)
        {
            entries.Add(new PerceptionEntry(add.Person, add.Spec, null, "--percepts"));
        }

        return entries;
    }

    /// <summary>Opens the scenario's sources (none: null); problems are user errors naming the field.</summary>
    public static ScenarioPerception? Open(Scenario scenario, string scenarioDirectory, (string Person, string Spec)? replace = null)
    {
        try
        {
            var feed = ScenarioPerceptionFeed.Open(Entries(scenario, scenarioDirectory, replace));
            return feed is null ? null : new ScenarioPerception(feed);
        }
        catch (FormatException ex)
        {
            throw new UserException(ex.Message);
        }
    }

    /// <inheritdoc />
    public void Produce(long tick, double timeSeconds, List<TickInput> output) => _feed.Produce(tick, timeSeconds, output);

    /// <inheritdoc />
    public void Dispose() => _feed.Dispose();
}
