using System;
using System.Collections.Generic;
using System.Globalization;

namespace AffectEngine.Scenarios;

/// <summary>
/// Checks that need more than one value: unique ids, references between agents, goals and events,
/// exclusive alternatives. Kinds, ranges and allowed values are checked by <see cref="ScenarioShape"/>
/// from the model's own declarations.
/// </summary>
internal static class ScenarioChecks
{
    /// <summary>Emotion names a scenario may use (kebab-case).</summary>
    // The engine's own list (Abstractions), so a new emotion type cannot be refused by the loader.
    internal static readonly HashSet<string> EmotionNames = new(AffectEngine.Affect.Emotions.Names, StringComparer.Ordinal);

    /// <summary>Problems as (path, message); positions are added by the loader.</summary>
    public static List<(string Path, string Message)> Check(Scenario s)
    {
        var errors = new List<(string Path, string Message)>();
        void Add(string path, string message) => errors.Add((path, message));

        if (!(s.Run.Step.Seconds > 0) || s.Run.Step.Seconds > 3600)
        {
            Add("$.run.step", $"expected a step in (0, 1h], found {s.Run.Step}");
        }

        var specs = new Dictionary<string, AgentSpec>(StringComparer.Ordinal);
        for (var i = 0; i < s.Agents.Count; i++)
        {
            var a = s.Agents[i];
            var p = JsonPathText.Index("$.agents", i);
            if (string.IsNullOrWhiteSpace(a.Id))
            {
                Add(p + ".id", "expected a non-empty agent id, found none");
            }
            else if (a.Id.IndexOf('#') >= 0 || a.Id.IndexOf('/') >= 0)
            {
                Add(p + ".id", $"expected an id without '#' or '/', found '{a.Id}'");
            }
            else if (specs.ContainsKey(a.Id))
            {
                Add(p + ".id", $"expected a unique agent id, found '{a.Id}' again");
            }
            else
            {
                specs.Add(a.Id, a);
            }

            var goals = new HashSet<string>(StringComparer.Ordinal);
            for (var g = 0; g < a.Goals.Count; g++)
            {
                var id = a.Goals[g].Id;
                if (string.IsNullOrWhiteSpace(id))
                {
                    Add(JsonPathText.Index(p + ".goals", g) + ".id", "expected a non-empty goal id, found none");
                }
                else if (!goals.Add(id))
                {
                    Add(JsonPathText.Index(p + ".goals", g) + ".id", $"expected a goal id unique within the agent, found '{id}' again");
                }
            }

            var actions = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 0; k < a.Standards.Count; k++)
            {
                var action = a.Standards[k].Action;
                if (string.IsNullOrWhiteSpace(action) || !actions.Add(action))
                {
                    Add(JsonPathText.Index(p + ".standards", k) + ".action", $"expected a non-empty action name unique within the agent, found '{action}'");
                }
            }

            for (var k = 0; k < a.Attitudes.Count; k++)
            {
                if (string.IsNullOrWhiteSpace(a.Attitudes[k].Object))
                {
                    Add(JsonPathText.Index(p + ".attitudes", k) + ".object", "expected a non-empty object name, found none");
                }
            }
        }

        // Relations may name agents declared later, so they are checked once every id is known.
        var groupSizes = GroupSizes(s);
        for (var i = 0; i < s.Agents.Count; i++)
        {
            var a = s.Agents[i];
            var ap = JsonPathText.Index("$.agents", i);
            if (a.Group is { } own && string.IsNullOrWhiteSpace(own))
            {
                Add(ap + ".group", "expected a non-empty group name, found an empty one");
            }

            for (var k = 0; k < (a.Groups?.Count ?? 0); k++)
            {
                var g = a.Groups![k];
                if (string.IsNullOrWhiteSpace(g) || g[0] == '@')
                {
                    Add(JsonPathText.Index(ap + ".groups", k), $"expected a group name (not empty, not starting with '@'), found '{g}'");
                }
                else if (string.Equals(g, a.Group, StringComparison.Ordinal) || a.Groups.IndexOf(g) < k)
                {
                    Add(JsonPathText.Index(ap + ".groups", k), $"expected each group once, found '{g}' again");
                }
            }

            foreach (var pair in a.Relations)
            {
                var path = JsonPathText.Property(ap + ".relations", pair.Key);
                if (pair.Key.Length > 0 && pair.Key[0] == '@')
                {
                    // A template toward every member of a group: the group must exist, else the relation silently binds no one.
                    var group = pair.Key.Substring(1);
                    if (!groupSizes.ContainsKey(group))
                    {
                        Add(path, $"expected \"@\" and a group some agent belongs to ({GroupList(groupSizes.Keys)}), found '{pair.Key}'");
                    }
                }
                else if (!IsAgent(specs, pair.Key))
                {
                    Add(path, $"expected the id of an agent of this scenario, found '{pair.Key}'");
                }
                else if (string.Equals(pair.Key, a.Id, StringComparison.Ordinal))
                {
                    Add(path, "expected another agent, found the agent itself");
                }
            }
        }

        for (var i = 0; i < s.Events.Count; i++)
        {
            var e = s.Events[i];
            var p = new IndexPath("$.events", i);
            if (e.At is null && e.Tick is null)
            {
                Add(p, "expected \"at\" (a duration) or \"tick\" (a number), found neither");
            }
            else if (e.At is not null && e.Tick is not null)
            {
                Add(p + ".tick", "expected one of \"at\" or \"tick\", found both");
            }
            else if (e.At is { } at && (at.Seconds < 0 || at.Seconds / s.Run.Step.Seconds > 1e12))
            {
                Add(p + ".at", $"expected a time from the start within 1e12 ticks, found {at}");
            }

            if (e.Elicit is null && e.Action is null && e.Beliefs is null && e.Encounter is null && e.Object is null)
            {
                Add(p, "expected an event body (\"action\", \"beliefs\", \"object\", \"elicit\" or \"encounter\"), found none");
            }

            if (e.Object is { } obj && string.IsNullOrWhiteSpace(obj))
            {
                Add(p + ".object", "expected a non-empty object name, found an empty one");
            }
            else if (e.Object is { } named && IsAgent(specs, named))
            {
                Add(p + ".object", $"expected an object, found the agent '{named}' (agents are actors, targets or witnesses)");
            }

            if (e.Object is not null && e.Actor is null && e.Target is null && (e.Targets?.Count ?? 0) == 0 && (e.Witnesses?.Count ?? 0) == 0 && (e.Beliefs?.Count ?? 0) == 0)
            {
                Add(p + ".object", "expected someone to perceive the object (\"witnesses\", \"actor\" or \"target\"), found no one");
            }

            if (e.Appeal is not null && e.Object is null)
            {
                Add(p + ".appeal", "expected \"object\" beside \"appeal\" (the appeal is the object's), found no object");
            }

            if (e.Elicit is { } el)
            {
                if (!IsAgent(specs, el.Agent))
                {
                    Add(p + ".elicit.agent", $"expected the id of an agent of this scenario, found '{el.Agent}'");
                }
            }

            if (e.Action is { } action && string.IsNullOrWhiteSpace(action))
            {
                Add(p + ".action", "expected a non-empty action name, found an empty one");
            }

            if (e.Actor is { } actor && !IsAgent(specs, actor))
            {
                Add(p + ".actor", $"expected the id of an agent of this scenario, found '{actor}'");
            }

            if (e.Target is { } target && !IsAgent(specs, target))
            {
                Add(p + ".target", $"expected the id of an agent of this scenario, found '{target}'");
            }

            for (var k = 0; k < (e.Targets?.Count ?? 0); k++)
            {
                if (!IsAgent(specs, e.Targets![k]))
                {
                    Add(JsonPathText.Index(p + ".targets", k), $"expected the id of an agent of this scenario, found '{e.Targets[k]}'");
                }
            }

            if (e.Target is not null && e.Targets is not null)
            {
                Add(p + ".targets", "expected one of \"target\" or \"targets\", found both");
            }

            if (e.Beliefs is { } beliefs)
            {
                for (var b = 0; b < beliefs.Count; b++)
                {
                    var goal = beliefs[b].Goal;
                    var slash = goal.IndexOf('/');
                    if (slash <= 0 || slash == goal.Length - 1)
                    {
                        Add(BeliefGoal(p, b), $"expected \"agentId/goalId\", found '{goal}'");
                        continue;
                    }

                    var agent = goal.Substring(0, slash);
                    if (!TryGetSpec(specs, agent, out var spec))
                    {
                        Add(BeliefGoal(p, b), $"expected the id of an agent of this scenario before '/', found '{agent}'");
                    }
                    else if (!HasGoal(spec, goal, slash + 1))
                    {
                        Add(BeliefGoal(p, b), $"expected one of {spec.Id}'s goals ({Names(spec.Goals)}), found '{goal.Substring(slash + 1)}'");
                    }
                }
            }
        }

        SocialChecks.Check(s, specs, Add);
        BehaviourChecks.Check(s, specs, Add);
        ModelsChecks.Check(s, Add);
        PopulationChecks.Check(s, Add);
        EventGeneratorChecks.Check(s, specs, Add);

        var people = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < s.Perception.Count; i++)
        {
            var src = s.Perception[i];
            var p = JsonPathText.Index("$.perception", i);
            if (string.IsNullOrWhiteSpace(src.Person))
            {
                Add(p + ".person", "expected a non-empty person id, found none");
            }
            else if (!people.Add(src.Person + "\n" + src.Source))
            {
                Add(p, $"expected each (person, source) once, found '{src.Person}' with '{src.Source}' again");
            }

            for (var k = 0; k < (src.AttendedBy?.Count ?? 0); k++)
            {
                if (!IsAgent(specs, src.AttendedBy![k]))
                {
                    Add(JsonPathText.Index(p + ".attendedBy", k), $"expected an agent id, found '{src.AttendedBy[k]}' (no such agent)");
                }
            }
        }

        TrainingChecks.Check(s, specs, Add);

        for (var i = 0; i < s.Plugins.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(s.Plugins[i]))
            {
                Add(JsonPathText.Index("$.plugins", i), "expected a plugin name, found an empty string");
            }
        }

        for (var i = 0; i < s.PluginDirs.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(s.PluginDirs[i]))
            {
                Add(JsonPathText.Index("$.pluginDirs", i), "expected a folder relative to the scenario file, found an empty string");
            }
        }

        return errors;
    }

    /// <summary>Every group some agent belongs to, with its number of members (copies included; through "group", "groups" or participant rows).</summary>
    internal static Dictionary<string, long> GroupSizes(Scenario s)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var specLevel = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in s.Agents)
        {
            specLevel.Clear();
            if (a.Group is { } g)
            {
                specLevel.Add(g);
            }

            foreach (var x in a.Groups ?? [])
            {
                specLevel.Add(x);
            }

            specLevel.RemoveWhere(string.IsNullOrWhiteSpace); // reported as a bad name, not offered as a group
            foreach (var x in specLevel)
            {
                sizes[x] = (sizes.TryGetValue(x, out var n) ? n : 0) + a.Count;
            }

            var rows = a.Traits?.Rows;
            for (var k = 0; k < Math.Min(a.Count, rows?.Count ?? 0); k++)
            {
                foreach (var x in rows![k].Groups ?? [])
                {
                    if (!specLevel.Contains(x))
                    {
                        sizes[x] = (sizes.TryGetValue(x, out var n) ? n : 0) + 1;
                    }
                }
            }
        }

        return sizes;
    }

    private static string GroupList(IEnumerable<string> groups)
    {
        var names = new List<string>();
        foreach (var g in groups)
        {
            names.Add("@" + g);
        }

        names.Sort(StringComparer.Ordinal);
        return names.Count == 0 ? "no groups declared" : string.Join(", ", names);
    }

    private static string BeliefGoal(IndexPath eventPath, int belief) => JsonPathText.Index(eventPath + ".beliefs", belief) + ".goal";

    /// <summary>Whether the agent has the goal named by <paramref name="reference"/> from <paramref name="start"/> on (no substring made).</summary>
    private static bool HasGoal(AgentSpec spec, string reference, int start)
    {
        foreach (var g in spec.Goals)
        {
            if (g.Id.Length == reference.Length - start && string.CompareOrdinal(g.Id, 0, reference, start, g.Id.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    internal static string Names(List<GoalSpec> goals)
    {
        var names = new List<string>();
        foreach (var g in goals)
        {
            names.Add(g.Id);
        }

        return names.Count == 0 ? "none declared" : string.Join(", ", names);
    }

    /// <summary>An agent name as the runner knows it: a spec id with count 1, or "id#k" for a copy of a crowd spec.</summary>
    internal static bool IsAgent(Dictionary<string, AgentSpec> specs, string name) => TryGetSpec(specs, name, out _);

    internal static bool TryGetSpec(Dictionary<string, AgentSpec> specs, string name, out AgentSpec spec)
    {
        if (specs.TryGetValue(name, out spec!) && spec.Count == 1)
        {
            return true;
        }

        var hash = name.LastIndexOf('#');
        if (hash > 0 && specs.TryGetValue(name.Substring(0, hash), out spec!) && spec.Count > 1
            && int.TryParse(name.Substring(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k < spec.Count)
        {
            return true;
        }

        spec = null!;
        return false;
    }
}
