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

    public IObservable<ModalitySnapshot> ModalityReadings => _feed.ModalityReadings;

    /// <summary>
    /// Splits a <c>--percepts</c> list (<c>face:a.csv,openpose:poses/,e4:e4/</c>) at the commas that start
    /// a new <c>kind:</c>, so commas inside one spec (an LSL predicate) stay in it.
    /// </summary>
    public static IReadOnlyList<string> SplitSpecs(string list)
    {
        var specs = new List<string>();
        var start = 0;
        for (var i = 0; i <= list.Length; i++)
        {
            if (i == list.Length || (list[i] == ',' && StartsKind(list, i + 1)))
            {
                var spec = list.Substring(start, i - start).Trim();
                if (spec.Length == 0)
                {
                    throw new UserException($"--percepts: empty source in '{list}'; expected a comma-separated list like face:clip.csv,openpose:poses/");
                }

                specs.Add(spec);
                start = i + 1;
            }
        }

        return specs;
    }

    private static bool StartsKind(string s, int at)
    {
        var i = at;
        while (i < s.Length && s[i] == ' ')
        {
            i++;
        }

        var begin = i;
        while (i < s.Length && char.IsAsciiLetterOrDigit(s[i]))
        {
            i++;
        }

        return i > begin && i < s.Length && s[i] == ':';
    }

    public IReadOnlyList<RejectCount> Rejections() => _feed.Rejections();

    /// <summary>The scenario's entries; <paramref name="replace"/> swaps (or adds) the source of one person, resolved against the working directory.</summary>
    public static IReadOnlyList<PerceptionEntry> Entries(Scenario scenario, string scenarioDirectory, (string Person, string Spec)? replace = null)
    {
        return Entries(scenario, scenarioDirectory, replace is { } r ? (r.Person, (IReadOnlyList<string>)[r.Spec]) : null);
    }

    /// <summary>The scenario's entries; <paramref name="replace"/> swaps (or adds) the sources of one person (one per modality), resolved against the working directory.</summary>
    public static IReadOnlyList<PerceptionEntry> Entries(Scenario scenario, string scenarioDirectory, (string Person, IReadOnlyList<string> Specs)? replace)
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
                    foreach (var spec in r.Specs)
                    {
                        entries.Add(new PerceptionEntry(r.Person, spec, null, "--percepts"));
                    }

                    replaced = true;
                }

                continue;
            }

            entries.Add(new PerceptionEntry(p.Person, p.Source, scenarioDirectory, string.Format(CultureInfo.InvariantCulture, "$.perception[{0}].source", i)));
        }

        if (replace is { } add && !replaced)
        {
            foreach (var spec in add.Specs)
            {
                entries.Add(new PerceptionEntry(add.Person, spec, null, "--percepts"));
            }
        }

        return entries;
    }

    /// <summary>Notes a source that is a file (<c>kind:path</c>, relative to <paramref name="baseDirectory"/>), so no output replaces it.</summary>
    public static void NoteFile(string spec, string? baseDirectory, string where)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var rest = colon < 0 ? "" : spec[(colon + 1)..].Trim();
        var path = baseDirectory is null || System.IO.Path.IsPathRooted(rest) ? rest : System.IO.Path.Combine(baseDirectory, rest);
        if (rest.Length > 0 && System.IO.File.Exists(path))
        {
            Output.InputFiles.Note(path, $"the perception file of {where}");
        }
    }

    /// <summary>Opens the scenario's sources (none: null); problems are user errors naming the field.</summary>
    public static ScenarioPerception? Open(Scenario scenario, string scenarioDirectory, (string Person, string Spec)? replace = null) =>
        Open(scenario, scenarioDirectory, replace is { } r ? (r.Person, (IReadOnlyList<string>)[r.Spec]) : null);

    /// <summary>Opens the scenario's sources with one person's sources replaced by a list (none: null).</summary>
    public static ScenarioPerception? Open(Scenario scenario, string scenarioDirectory, (string Person, IReadOnlyList<string> Specs)? replace)
    {
        try
        {
            var entries = Entries(scenario, scenarioDirectory, replace);
            foreach (var e in entries)
            {
                NoteFile(e.Spec, e.BaseDirectory, e.Where);
            }

            var feed = ScenarioPerceptionFeed.Open(entries);
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
