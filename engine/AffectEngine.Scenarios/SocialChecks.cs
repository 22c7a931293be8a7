using System;
using System.Collections.Generic;

namespace AffectEngine.Scenarios;

/// <summary>
/// Reference checks of the social layer: agent ids in the network, traits, episodes, encounters and
/// witnesses; groups that exist; emotion names; network edges only with network neighbours; positions
/// for spatial contagion. Part of the loader's one pass (<see cref="ScenarioChecks"/>).
/// </summary>
internal static class SocialChecks
{
    /// <summary>Largest group that may be a network clique (its edges grow with the square of its size).</summary>
    public const int MaxCliqueMembers = 4096;

    /// <summary>Largest number of contagious emotion types (AffectEngine.Social's ContagionSettings.MaxChannels).</summary>
    public const int MaxChannels = 8;

    public static void Check(Scenario s, Dictionary<string, AgentSpec> specs, Action<string, string> add)
    {
        var groups = ScenarioChecks.GroupSizes(s);

        void Agent(string? name, string path, bool required)
        {
            if (name is null)
            {
                if (required)
                {
                    add(path, "expected the id of an agent of this scenario, found none");
                }

                return;
            }

            if (!ScenarioChecks.IsAgent(specs, name))
            {
                add(path, $"expected the id of an agent of this scenario, found '{name}'");
            }
        }

        void Group(string name, string path)
        {
            if (!groups.ContainsKey(name))
            {
                add(path, $"expected a group some agent belongs to ({Names(groups.Keys)}), found '{name}'");
            }
        }

        for (var i = 0; i < s.Events.Count; i++)
        {
            var e = s.Events[i];
            var p = new IndexPath("$.events", i);
            if (e.Encounter is { } en)
            {
                Agent(en.Agent, p + ".encounter.agent", true);
                if (en.Object is null)
                {
                    Agent(en.Other, p + ".encounter.other", true);
                    if (string.Equals(en.Agent, en.Other, StringComparison.Ordinal))
                    {
                        add(p + ".encounter.other", $"expected another agent than \"agent\", found '{en.Other}' again");
                    }
                }
                else if (en.Other.Length > 0)
                {
                    add(p + ".encounter", "expected \"other\" (an agent) or \"object\" (an object name), found both");
                }
                else if (string.IsNullOrWhiteSpace(en.Object))
                {
                    add(p + ".encounter.object", "expected an object name, found an empty string");
                }
            }

            if (e.Witnesses is { } witnesses)
            {
                if (e.Action is null && e.Beliefs is null && e.Object is null)
                {
                    add(p + ".witnesses", "expected witnesses only with an \"action\", \"beliefs\" or \"object\", found none");
                }

                for (var w = 0; w < witnesses.Count; w++)
                {
                    Agent(witnesses[w], JsonPathText.Index(p + ".witnesses", w), true);
                }
            }
        }

        if (s.Social is not { } social)
        {
            return;
        }

        var network = false;
        if (social.Contagion is { } c)
        {
            var cp = "$.social.contagion";
            network = c.Neighbours is "network" or "both";
            if (c.Channels is { } channels)
            {
                if (channels.Count > MaxChannels)
                {
                    add(cp + ".channels", $"expected at most {MaxChannels} emotions, found {channels.Count}");
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var k = 0; k < channels.Count; k++)
                {
                    var path = JsonPathText.Index(cp + ".channels", k);
                    if (!ScenarioChecks.EmotionNames.Contains(channels[k]))
                    {
                        add(path, $"expected an emotion name (\"fear\", \"joy\", \"anger\", ...), found '{channels[k]}'");
                    }
                    else if (!seen.Add(channels[k]))
                    {
                        add(path, $"expected each emotion once, found '{channels[k]}' again");
                    }
                }
            }

            if (c.Neighbours is "spatial" or "both")
            {
                if (!(c.Radius > 0f))
                {
                    add(cp + ".radius", $"expected a radius more than 0 for spatial neighbours, found {c.Radius.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                }

                for (var i = 0; i < s.Agents.Count; i++)
                {
                    if (s.Agents[i].Position is null && s.Agents[i].Placement is null)
                    {
                        add(JsonPathText.Index("$.agents", i), $"expected a \"position\" or \"placement\": social.contagion.neighbours is \"{c.Neighbours}\" (agents within the radius catch each other's emotions), found none for '{s.Agents[i].Id}'");
                    }
                }
            }

            for (var k = 0; k < c.Traits.Count; k++)
            {
                var t = c.Traits[k];
                var path = JsonPathText.Index(cp + ".traits", k);
                if ((t.Agent is null) == (t.Group is null))
                {
                    add(path, "expected one of \"agent\" or \"group\", found " + (t.Agent is null ? "neither" : "both"));
                }
                else if (t.Agent is not null)
                {
                    Agent(t.Agent, path + ".agent", true);
                }
                else
                {
                    Group(t.Group!, path + ".group");
                }
            }
        }

        if (social.Memory?.TimeScale is { } tau && !(tau.Seconds > 0 && tau.Seconds < 1e12))
        {
            add("$.social.memory.timeScale", $"expected a positive duration, found {tau}");
        }

        if (social.Network.Count > 0 && !network)
        {
            add("$.social.network", "expected social.contagion.neighbours \"network\" or \"both\" with network edges, found " + (social.Contagion is null ? "no contagion section" : $"\"{social.Contagion.Neighbours}\""));
        }

        for (var k = 0; k < social.Network.Count; k++)
        {
            var edge = social.Network[k];
            var path = JsonPathText.Index("$.social.network", k);
            if (edge.Generator is not null)
            {
                long nodes = 0;
                if (edge.Group is { } gg && !groups.TryGetValue(gg, out nodes))
                {
                    Group(gg, path + ".group");
                    continue;
                }

                NetworkChecks.Check(edge, path, edge.Group is null ? TotalAgents(s) : nodes, add);
                continue;
            }

            if (edge.K is not null || edge.P is not null || edge.M is not null)
            {
                add(path, "expected \"generator\" with \"k\", \"p\" or \"m\", found no generator");
            }

            if (edge.Group is { } g)
            {
                if (edge.From is not null || edge.To is not null)
                {
                    add(path, "expected \"group\" or \"from\"/\"to\", found both");
                }
                else if (!groups.TryGetValue(g, out var members))
                {
                    Group(g, path + ".group");
                }
                else if (members > MaxCliqueMembers)
                {
                    add(path + ".group", $"expected a group of at most {MaxCliqueMembers} agents for a clique, found {members} in '{g}'");
                }

                continue;
            }

            Agent(edge.From, path + ".from", true);
            Agent(edge.To, path + ".to", true);
            if (edge.From is not null && string.Equals(edge.From, edge.To, StringComparison.Ordinal))
            {
                add(path + ".to", $"expected another agent than \"from\", found '{edge.To}' again");
            }
        }

        for (var k = 0; k < social.Episodes.Count; k++)
        {
            var ep = social.Episodes[k];
            var path = JsonPathText.Index("$.social.episodes", k);
            Agent(ep.Owner, path + ".owner", true);
            Agent(ep.Actor, path + ".actor", false);
            Agent(ep.Target, path + ".target", false);
            if (string.IsNullOrWhiteSpace(ep.Kind))
            {
                add(path + ".kind", "expected an action name, found none");
            }

            if (ep.Object is not null && string.IsNullOrWhiteSpace(ep.Object))
            {
                add(path + ".object", "expected an object name, found an empty string");
            }

            if (ep.Emotions.Count == 0)
            {
                add(path + ".emotions", "expected at least one emotion with its intensity, found none");
            }

            foreach (var pair in ep.Emotions)
            {
                var ip = JsonPathText.Property(path + ".emotions", pair.Key);
                if (!ScenarioChecks.EmotionNames.Contains(pair.Key))
                {
                    add(ip, $"expected an emotion name (\"anger\", \"gratitude\", ...), found '{pair.Key}'");
                }
                else if (!(pair.Value >= 0f && pair.Value <= 1f))
                {
                    add(ip, $"expected an intensity in [0, 1], found {pair.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                }
            }
        }
    }

    private static long TotalAgents(Scenario s)
    {
        long n = 0;
        foreach (var a in s.Agents)
        {
            n += a.Count;
        }

        return n;
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = new List<string>(names);
        list.Sort(StringComparer.Ordinal);
        return list.Count == 0 ? "no groups declared" : string.Join(", ", list);
    }
}
