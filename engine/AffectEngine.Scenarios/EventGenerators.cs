using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace AffectEngine.Scenarios;

/// <summary>Events made during the run: a template fired at a Poisson rate over a set of agents, or events streamed from a file.</summary>
[Description("Events made during the run: \"poisson\" fires \"event\" (a template; \"$agent\" names the drawn agent) at \"rate\" per agent per second over \"group\" (default every agent), drawn from the run seed; \"file\" streams events from a JSON Lines (.jsonl) or CSV (.csv) file read as the run goes.")]
public sealed class EventGeneratorSpec
{
    /// <summary>The text a Poisson template uses for its drawn agent.</summary>
    public const string AgentPlaceholder = "$agent";

    /// <summary>"poisson" or "file".</summary>
    [Description("\"poisson\" (a template at a rate) or \"file\" (events streamed from a file).")]
    [AllowedValues("poisson", "file")]
    public string Kind { get; set; } = "poisson";

    /// <summary>Poisson: events per agent of the set per second.</summary>
    [Description("Poisson: events per agent of the set per simulated second (the set's total rate is rate × agents).")]
    [Bounds(0, 1e6)]
    public double Rate { get; set; }

    /// <summary>Poisson: the agent set (a group); every agent when absent.</summary>
    [Description("Poisson: the group whose members are drawn (uniformly, with replacement); every agent when absent.")]
    public string? Group { get; set; }

    /// <summary>Poisson: first time events may fire.</summary>
    [Description("Poisson: when firing starts (default the start).")]
    public Duration? From { get; set; }

    /// <summary>Poisson: time firing stops (exclusive).</summary>
    [Description("Poisson: when firing stops (exclusive; default the end of the run).")]
    public Duration? Until { get; set; }

    /// <summary>Poisson: the event template; "$agent" stands for the drawn agent.</summary>
    [Description("Poisson: the event to fire, as in \"events\" but without \"tick\"/\"at\"; the text \"$agent\" in elicit.agent, actor, target, targets, witnesses, beliefs' goals (\"$agent/goal\") and encounter names the drawn agent.")]
    public EventSpec? Event { get; set; }

    /// <summary>File: a .jsonl or .csv file of events, relative to the scenario's folder.</summary>
    [Description("File: a JSON Lines (.jsonl; one event object per line, as in \"events\") or CSV (.csv; header tick|at, action, actor, target, object, appeal, agent, emotion, intensity) file, relative to the scenario file's folder; events must come in time order.")]
    public string? File { get; set; }
}

/// <summary>Checks of event generators that bounds cannot express.</summary>
internal static class EventGeneratorChecks
{
    private const string AgentPlaceholder = EventGeneratorSpec.AgentPlaceholder;

    public static void Check(Scenario s, Dictionary<string, AgentSpec> specs, Action<string, string> add)
    {
        var groups = new HashSet<string>(ScenarioChecks.GroupSizes(s).Keys, StringComparer.Ordinal);

        for (var i = 0; i < s.EventGenerators.Count; i++)
        {
            var g = s.EventGenerators[i];
            var p = JsonPathText.Index("$.eventGenerators", i);
            if (g.Kind == "file")
            {
                if (string.IsNullOrWhiteSpace(g.File))
                {
                    add(p + ".file", "expected a .jsonl or .csv file name, found none");
                }
                else if (!g.File.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) && !g.File.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
                {
                    add(p + ".file", $"expected a file name ending in .jsonl or .csv, found '{g.File}'");
                }

                if (g.Event is not null || g.Rate != 0 || g.Group is not null)
                {
                    add(p, "expected only \"file\" for a file generator, found poisson fields (event, rate or group)");
                }

                continue;
            }

            if (g.File is not null)
            {
                add(p + ".file", "expected no \"file\" for a poisson generator (use kind \"file\"), found one");
            }

            if (g.Group is { } group && !groups.Contains(group))
            {
                add(p + ".group", $"expected a group some agent belongs to, found '{group}'");
            }

            if (g.From is { } from && g.Until is { } until && until.Seconds < from.Seconds)
            {
                add(p + ".until", $"expected until ≥ from, found {from} and {until}");
            }

            if (g.Event is not { } e)
            {
                add(p + ".event", "expected an event template, found none");
                continue;
            }

            if (e.Tick is not null || e.At is not null)
            {
                add(p + ".event", "expected a template without \"tick\" or \"at\" (the rate times it), found one");
            }

            var ep = p + ".event";
            Name(e.Actor, ep + ".actor");
            Name(e.Target, ep + ".target");
            Names(e.Targets, ep + ".targets");
            Names(e.Witnesses, ep + ".witnesses");
            if (e.Elicit is { } el)
            {
                Name(el.Agent, ep + ".elicit.agent");
            }

            if (e.Encounter is { } en)
            {
                Name(en.Agent, ep + ".encounter.agent");
                Name(en.Other.Length == 0 ? null : en.Other, ep + ".encounter.other");
            }

            for (var b = 0; b < (e.Beliefs?.Count ?? 0); b++)
            {
                var goal = e.Beliefs![b].Goal;
                var slash = goal.IndexOf('/');
                Name(slash > 0 ? goal.Substring(0, slash) : goal, JsonPathText.Index(ep + ".beliefs", b) + ".goal");
            }

            if (e.Elicit is null && e.Encounter is null && e.Action is null && e.Beliefs is null && e.Object is null)
            {
                add(ep, "expected something to happen (action, beliefs, object, elicit or encounter), found nothing");
            }
        }

        void Name(string? name, string path)
        {
            if (name is not null && name != AgentPlaceholder && !ScenarioChecks.IsAgent(specs, name))
            {
                add(path, $"expected \"{AgentPlaceholder}\" or the id of an agent of this scenario, found '{name}'");
            }
        }

        void Names(List<string>? names, string path)
        {
            for (var k = 0; k < (names?.Count ?? 0); k++)
            {
                Name(names![k], JsonPathText.Index(path, k));
            }
        }
    }
}
