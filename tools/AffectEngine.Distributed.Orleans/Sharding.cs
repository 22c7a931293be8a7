using System;
using System.Collections.Generic;
using System.Globalization;
using AffectEngine.Scenarios;

namespace AffectEngine.Distributed;

/// <summary>
/// The fixed partition rule: the scenario's agents, expanded in file order (an agent spec with
/// <c>count</c> k gives k agents), are split into contiguous ranges, shard s holding
/// [s·N/S, (s+1)·N/S). The global agent index is the position in that expanded list, which is also
/// the slot a single-process run gives the agent, so random streams keyed by it match.
/// </summary>
public static class ShardLayout
{
    /// <summary>Agents in the scenario after expanding counts.</summary>
    public static int AgentCount(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var n = 0;
        foreach (var a in scenario.Agents)
        {
            n += a.Count;
        }

        return n;
    }

    /// <summary>The first global agent index and the agent count of shard <paramref name="shard"/> of <paramref name="shards"/>.</summary>
    public static (int First, int Count) Range(int agents, int shards, int shard)
    {
        if (shards < 1 || shard < 0 || shard >= shards)
        {
            throw new ArgumentOutOfRangeException(nameof(shard), $"Shard {shard} of {shards} does not exist.");
        }

        var first = (int)((long)agents * shard / shards);
        var end = (int)((long)agents * (shard + 1) / shards);
        return (first, end - first);
    }

    /// <summary>
    /// The part of a scenario one shard runs: its agents (as single-agent specs named as a single
    /// process names them) and the elicit events aimed at them, in their original order.
    /// </summary>
    public static Scenario Slice(Scenario scenario, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var slice = new Scenario
        {
            Name = scenario.Name,
            Run = scenario.Run,
            Ambient = scenario.Ambient,
        };
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var spec in scenario.Agents)
        {
            for (var k = 0; k < spec.Count; k++, index++)
            {
                if (index < first || index >= first + count)
                {
                    continue;
                }

                var name = spec.Count == 1 ? spec.Id : spec.Id + "#" + k.ToString(CultureInfo.InvariantCulture);
                names.Add(name);
                slice.Agents.Add(new AgentSpec
                {
                    Id = name,
                    Count = 1,
                    Personality = spec.Personality,
                    Goals = spec.Goals,
                    Standards = spec.Standards,
                    Attitudes = spec.Attitudes,
                    Relations = spec.Relations,
                    Mood = spec.Mood,
                    Position = spec.Position,
                    Group = spec.Group,
                });
            }
        }

        foreach (var e in scenario.Events)
        {
            if (e.Action is not null || e.Beliefs is not null)
            {
                // Appraised actions involve an actor and observers that may live on other shards;
                // routing them needs the cross-agent seam of the social issue (docs/scale-out.md).
                throw new NotSupportedException("Sharded runs support elicit events only; action and belief events are not routed across shards yet.");
            }

            if (e.Elicit is { } el && names.Contains(el.Agent))
            {
                slice.Events.Add(e);
            }
        }

        return slice;
    }
}
