using System;
using System.Collections.Generic;
using System.Globalization;
using AffectEngine.Hosting;
using AffectEngine.Scenarios;

namespace AffectEngine.Distributed.Orleans;

/// <summary>
/// What one shard runs: its own contiguous range of global agents, the ghosts it needs from other
/// shards, and the slice of the scenario its runner is built from. The shard's world holds own agents
/// and ghosts together in global order, so every pass that visits agents in slot order (the contagion
/// neighbour sums, the appraisal perceiver lists) visits them in the single process's order.
/// </summary>
public sealed class ShardPlan
{
    internal ShardPlan(int shard, int shards, int first, int count, int[] world, int[] imports, Scenario slice, bool acts = false)
    {
        Acts = acts;
        Shard = shard;
        Shards = shards;
        First = first;
        Count = count;
        World = world;
        Imports = imports;
        Slice = slice;
        var low = Array.BinarySearch(world, first);
        LowGhosts = low < 0 ? ~low : low;
    }

    /// <summary>This shard's index.</summary>
    public int Shard { get; }

    /// <summary>Shards in the run.</summary>
    public int Shards { get; }

    /// <summary>Global index of the first own agent.</summary>
    public int First { get; }

    /// <summary>Own agents.</summary>
    public int Count { get; }

    /// <summary>Global indices of every agent in this shard's world (own and ghosts), ascending; slot i holds World[i].</summary>
    public int[] World { get; }

    /// <summary>Ghosts whose expressed emotion this shard needs every tick (contagion neighbours living on other shards), ascending.</summary>
    public int[] Imports { get; }

    /// <summary>Ghosts below <see cref="First"/>: own agents occupy slots [LowGhosts, LowGhosts + Count).</summary>
    public int LowGhosts { get; }

    /// <summary>The agent index offset of the shard's runner: own slot s draws random numbers as global agent s + offset.</summary>
    public int IndexOffset => First - LowGhosts;

    /// <summary>
    /// True when agents choose actions (a <c>behaviours</c> section) and the run has more than one shard: the
    /// world then holds every agent (ghosts of all others), only own agents choose, and every tick's choices
    /// are exchanged between shards (see <see cref="ShardLayout.Plan(Scenario, ClusterSocial?, int, int)"/>).
    /// </summary>
    public bool Acts { get; }

    /// <summary>The scenario the shard's runner is built from (world agents in global order, the events its own agents perceive).</summary>
    public Scenario Slice { get; }
}

/// <summary>
/// The fixed partition rule: the scenario's agents, expanded in file order (an agent spec with
/// <c>count</c> k gives k agents), are split into contiguous ranges, shard s holding
/// [s·N/S, (s+1)·N/S). The global agent index is the position in that expanded list, which is also
/// the slot a single-process run gives the agent, so random streams keyed by it match.
/// </summary>
public static class ShardLayout
{
    /// <summary>
    /// Why a scenario cannot be sharded, or null when it can: the one place the CLI and the coordinator
    /// ask before starting a run. Agents, events with their perceivers, encounters and the social section
    /// map onto shards. Perception sources (live people read by one process) and plugins (loaded by the
    /// CLI's host, not by silos) do not yet, and a sharded run without them would compute another model
    /// than <c>affect run</c>, so they are refused with the path that names them.
    /// </summary>
    public static string? Unsupported(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Perception.Count > 0)
        {
            return "$.perception: sharded runs do not read perception sources yet; run the scenario in one process (affect run without --cluster)";
        }

        if (scenario.Plugins.Count > 0)
        {
            return "$.plugins: sharded runs do not load plugins yet; run the scenario in one process (affect run without --cluster)";
        }

        return null;
    }

    /// <summary>
    /// The scenario a sharded run computes: <paramref name="scenario"/> itself, or, with contagion passed
    /// through the API (<paramref name="social"/>), a copy whose social section says the same. The
    /// single-process reference and every shard are built from it, so both sides run one model.
    /// </summary>
    public static Scenario WithSocial(Scenario scenario, ClusterSocial? social)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (social is null)
        {
            return scenario;
        }

        if (scenario.Social is not null)
        {
            throw new ArgumentException("$.social: the scenario has a social section; give contagion either there or as ClusterSocial, not both.");
        }

        var with = SpecCopy.Shallow(scenario);
        with.Social = social.ToSection();
        return with;
    }

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
    /// The part of a scenario one shard runs when no cross-shard effect reaches it: its agents (as
    /// single-agent specs named as a single process names them) and the elicit events aimed at them.
    /// </summary>
    public static Scenario Slice(Scenario scenario, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var all = AgentCount(scenario);
        return Plan(scenario, all, first, count, 0, 1).Slice;
    }

    /// <summary>
    /// Plans shard <paramref name="shard"/> of <paramref name="shards"/>: own range, ghosts and slice.
    /// Ghosts are the other agents an own agent's effects depend on: the actor, targets, witnesses and goal
    /// owners of every appraisable event an own agent perceives, the other side of its encounters, the
    /// agents own agents hold relations to or remember (backstory episodes), and (with contagion) every
    /// agent within the radius of an own agent or sending to it over the network (edges and group cliques).
    /// Only the contagion ghosts need fresh state every tick (<see cref="ShardPlan.Imports"/>): appraisal
    /// reads a ghost's goals, which are fixed by the scenario, and every social store an own agent's
    /// results read (its memory, its relations) belongs to the own agent.
    /// </summary>
    public static ShardPlan Plan(Scenario scenario, ClusterSocial? social, int shards, int shard)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        scenario = WithSocial(scenario, social);
        var agents = AgentCount(scenario);
        var (first, count) = Range(agents, shards, shard);
        return Plan(scenario, agents, first, count, shard, shards);
    }

    private static ShardPlan Plan(Scenario scenario, int agents, int first, int count, int shard, int shards)
    {
        var end = first + count;
        var specs = new AgentSpec[agents];
        var copy = new int[agents];
        var specIndex = new int[agents];
        var g = 0;
        for (var si = 0; si < scenario.Agents.Count; si++)
        {
            var spec = scenario.Agents[si];
            for (var k = 0; k < spec.Count; k++, g++)
            {
                specs[g] = spec;
                copy[g] = k;
                specIndex[g] = si;
            }
        }

        // Where every agent starts, as a single process places it (a population's placement is drawn from the run seed).
        var seed = scenario.Run.Seed;
        var xs = new float[agents];
        var ys = new float[agents];
        for (var i = 0; i < agents; i++)
        {
            if (ScenarioPopulation.Position(specs[i], seed, specIndex[i], copy[i]) is { } at)
            {
                (xs[i], ys[i]) = at;
            }
        }

        string NameOf(int i) => specs[i].Count == 1 ? specs[i].Id : specs[i].Id + "#" + copy[i].ToString(CultureInfo.InvariantCulture);
        bool Own(int i) => i >= first && i < end;

        // Names are looked up only when something refers to agents by name across the scenario.
        Dictionary<string, int>? byName = null;
        int Index(string name, string path)
        {
            if (byName is null)
            {
                byName = new Dictionary<string, int>(agents, StringComparer.Ordinal);
                for (var i = 0; i < agents; i++)
                {
                    byName.TryAdd(NameOf(i), i);
                }
            }

            return byName.TryGetValue(name, out var i2) ? i2 : throw new ArgumentException($"{path}: no agent '{name}' in this scenario.");
        }

        var ghosts = new HashSet<int>();
        var imports = new HashSet<int>();
        void Ghost(int i)
        {
            if (!Own(i))
            {
                ghosts.Add(i);
            }
        }

        for (var i = first; i < end; i++)
        {
            foreach (var other in specs[i].Relations.Keys)
            {
                Ghost(Index(other, $"agents[{specs[i].Id}].relations.{other}"));
            }
        }

        // Appraisable events and encounters: kept by every shard owning one of the participants, which need the others as ghosts.
        var keep = new bool[scenario.Events.Count];
        var participants = new List<int>();
        for (var e = 0; e < scenario.Events.Count; e++)
        {
            var ev = scenario.Events[e];
            if (ev.Action is null && ev.Beliefs is null && ev.Object is null && ev.Encounter is null)
            {
                continue;
            }

            participants.Clear();
            var path = $"$.events[{e}]";
            if (ev.Action is not null || ev.Beliefs is not null || ev.Object is not null)
            {
                if (ev.Actor is not null)
                {
                    participants.Add(Index(ev.Actor, path + ".actor"));
                }

                if (ev.Target is not null)
                {
                    participants.Add(Index(ev.Target, path + ".target"));
                }

                foreach (var t in ev.Targets ?? [])
                {
                    participants.Add(Index(t, path + ".targets"));
                }

                foreach (var w in ev.Witnesses ?? [])
                {
                    participants.Add(Index(w, path + ".witnesses"));
                }

                for (var b = 0; b < (ev.Beliefs?.Count ?? 0); b++)
                {
                    var goal = ev.Beliefs![b].Goal;
                    var slash = goal.IndexOf('/', StringComparison.Ordinal);
                    if (slash > 0)
                    {
                        participants.Add(Index(goal[..slash], $"{path}.beliefs[{b}].goal"));
                    }
                }
            }

            if (ev.Encounter is { } meet)
            {
                participants.Add(Index(meet.Agent, path + ".encounter.agent"));
                if (meet.Object is null)
                {
                    participants.Add(Index(meet.Other, path + ".encounter.other"));
                }
            }

            keep[e] = participants.Exists(Own);
            if (keep[e])
            {
                participants.ForEach(Ghost);
            }
        }

        // Backstory episodes live in their owner's memory; the actor and target are recall cues, so they must exist here.
        var section = scenario.Social;
        var episodes = new List<EpisodeSection>();
        for (var e = 0; e < (section?.Episodes.Count ?? 0); e++)
        {
            var ep = section!.Episodes[e];
            if (!Own(Index(ep.Owner, $"$.social.episodes[{e}].owner")))
            {
                continue;
            }

            episodes.Add(ep);
            if (ep.Actor is not null)
            {
                Ghost(Index(ep.Actor, $"$.social.episodes[{e}].actor"));
            }

            if (ep.Target is not null)
            {
                Ghost(Index(ep.Target, $"$.social.episodes[{e}].target"));
            }
        }

        // Agents that act: a choice reads any agent's position (nearest, within a radius), names any agent
        // (provoker, most/least liked) and is witnessed by whoever is within the radius when it is appraised,
        // and moves change positions every tick, so no fixed halo covers it. Every shard holds every agent;
        // choices travel between shards every tick and are applied everywhere in run-wide order.
        var acts = shards > 1 && Acts(scenario.Behaviours);
        if (acts || (shards > 1 && GeneratesBetweenAgents(scenario)))
        {
            for (var i = 0; i < agents; i++)
            {
                Ghost(i);
            }
        }

        if (section?.Contagion is { } contagion && (contagion.Channels is null || contagion.Channels.Count > 0))
        {
            foreach (var n in ContagionNeighbours(contagion, section.Network, specs, xs, ys, first, end, Index))
            {
                ghosts.Add(n);
                imports.Add(n);
            }

            if (acts && contagion.Neighbours is "spatial" or "both")
            {
                // Moving agents enter and leave the radius: every other agent's record is needed every tick.
                for (var i = 0; i < agents; i++)
                {
                    if (!Own(i))
                    {
                        imports.Add(i);
                    }
                }
            }
        }

        var world = new int[count + ghosts.Count];
        for (var i = 0; i < count; i++)
        {
            world[i] = first + i;
        }

        ghosts.CopyTo(world, count);
        Array.Sort(world);
        var importList = new int[imports.Count];
        imports.CopyTo(importList);
        Array.Sort(importList);

        // The slice is the scenario with its agents, events and social section replaced by the shard's part;
        // everything else (run settings, models, behaviours: rules name agents and groups, and each shard
        // applies them to its own world) goes to every shard as it is.
        var slice = SpecCopy.Shallow(scenario);
        slice.Schema = null;
        slice.Agents = [];
        slice.Events = [];
        slice.Social = null;
        var ownNames = new HashSet<string>(StringComparer.Ordinal);
        var worldNames = new HashSet<string>(StringComparer.Ordinal);
        var ownGroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in world)
        {
            var spec = specs[i];
            var name = NameOf(i);
            if (section is not null)
            {
                worldNames.Add(name);
            }

            if (Own(i))
            {
                ownNames.Add(name);
                if (spec.Group is { } group)
                {
                    ownGroups.Add(group);
                }
            }

            // A ghost brings its goals (others' fortunes are appraised against them) and its group (group
            // traits), but not its own relations, which would pull in further ghosts; its own emotions and
            // social stores on this shard are never reported.
            slice.Agents.Add(SliceAgent(spec, name, Own(i), seed, specIndex[i], copy[i]));
        }

        for (var e = 0; e < scenario.Events.Count; e++)
        {
            // One slice event per kept event, in file order, so the relative input order (sequence) is the single process's.
            var ev = scenario.Events[e];
            var elicit = ev.Elicit is { } el && ownNames.Contains(el.Agent);
            if (!keep[e] && !elicit)
            {
                continue;
            }

            slice.Events.Add(SliceEvent(ev, keep[e], elicit));
        }

        if (section is not null)
        {
            slice.Social = SliceSocial(section, episodes, worldNames, ownGroups);
        }

        return new ShardPlan(shard, shards, first, count, world, importList, slice, acts);
    }

    /// <summary>
    /// True when the scenario's event generators may make events between agents (a template with an actor,
    /// targets, witnesses, beliefs or an encounter, or a file, whose events are known only as they come): any
    /// agent may then take part with an own agent, so the shard's world holds every agent. Each shard runs
    /// the same generators over the whole scenario and keeps what its own agents take part in (<see cref="Select"/>).
    /// </summary>
    private static bool GeneratesBetweenAgents(Scenario scenario) =>
        scenario.EventGenerators.Exists(g => g.Kind == "file" || (g.Event is { } e && (ScenarioHost.IsAppraisable(e) || e.Encounter is not null)));

    /// <summary>
    /// The part of a scenario or generated event a shard schedules: the whole event when one of its own agents
    /// (<paramref name="own"/>, by name) is a participant (actor, target, witness, goal owner, encounter side),
    /// only its elicit part when that alone is aimed at an own agent, nothing (null) otherwise. The same rule as
    /// for the scenario's scripted events.
    /// </summary>
    internal static EventSpec? Select(EventSpec ev, Func<string, bool> own)
    {
        var participates = false;
        if (ScenarioHost.IsAppraisable(ev))
        {
            participates = (ev.Actor is { } a && own(a)) || (ev.Target is { } t && own(t))
                || (ev.Targets?.Exists(x => own(x)) ?? false) || (ev.Witnesses?.Exists(x => own(x)) ?? false)
                || (ev.Beliefs?.Exists(b => b.Goal.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash && own(b.Goal[..slash])) ?? false);
        }

        if (ev.Encounter is { } meet)
        {
            participates |= own(meet.Agent) || (meet.Object is null && own(meet.Other));
        }

        var elicit = ev.Elicit is { } el && own(el.Agent);
        return participates || elicit ? SliceEvent(ev, participates, elicit) : null;
    }

    /// <summary>True when a behaviours section makes agents choose (actions or coping).</summary>
    private static bool Acts(BehavioursSection? behaviours) => behaviours is { } b && (b.Actions.Count > 0 || b.Coping is not null);

    /// <summary>
    /// A scenario event as a shard keeps it: the whole event (every field, present and future) when an own agent
    /// takes part in it; only its elicit part when that is all an own agent receives; the elicit part cleared
    /// when it is aimed at an agent of another shard.
    /// </summary>
    internal static EventSpec SliceEvent(EventSpec ev, bool participates, bool elicit)
    {
        if (!participates)
        {
            return new EventSpec { At = ev.At, Tick = ev.Tick, Elicit = elicit ? ev.Elicit : null };
        }

        var copy = SpecCopy.Shallow(ev);
        if (!elicit)
        {
            copy.Elicit = null;
        }

        return copy;
    }

    /// <summary>
    /// One expanded agent as a shard's world holds it: the spec (every field) as a single agent named as a
    /// single process names it. A ghost keeps its goals (others' fortunes are appraised against them) and
    /// group (group traits) but not its relations, which would pull in further ghosts; its own emotions and
    /// social stores on this shard are never reported.
    /// </summary>
    internal static AgentSpec SliceAgent(AgentSpec spec, string name, bool own, ulong seed, int specIndex, int k)
    {
        var copy = SpecCopy.Shallow(spec);
        copy.Id = name;
        copy.Count = 1;

        // A population copy as drawn for the whole run (seed, spec index, copy), not as copy 0 of a new spec.
        if (spec.Traits is not null)
        {
            var p = ScenarioPopulation.Personality(spec, seed, specIndex, k)!.Value;
            copy.Personality = new PersonalitySpec { O = p.O, C = p.C, E = p.E, A = p.A, N = p.N };

            // A participant row's groups belong to this copy alone; dropping the rows would drop them.
            if (spec.Traits.Rows is { } rows && k < rows.Count && rows[k].Groups is { Count: > 0 } rowGroups)
            {
                copy.Groups = [.. spec.Groups ?? [], .. rowGroups];
            }

            copy.Traits = null;
        }

        if (spec.Placement is not null)
        {
            var (x, y) = ScenarioPopulation.Position(spec, seed, specIndex, k)!.Value;
            copy.Position = new PositionSpec { X = x, Y = y };
            copy.Placement = null;
        }

        if (!own)
        {
            copy.Relations = [];
        }

        return copy;
    }

    /// <summary>
    /// The social section of a slice: the same settings; trait overrides and network edges of agents in the
    /// shard's world; group cliques of groups with an own member; the episodes of own agents, in file order.
    /// </summary>
    private static SocialSection SliceSocial(SocialSection section, List<EpisodeSection> episodes, HashSet<string> world, HashSet<string> ownGroups)
    {
        var slice = new SocialSection { Memory = section.Memory, Relations = section.Relations, Episodes = episodes };
        if (section.Contagion is { } c)
        {
            slice.Contagion = new ContagionSection
            {
                Neighbours = c.Neighbours,
                Radius = c.Radius,
                Channels = c.Channels,
                TraitsFromPersonality = c.TraitsFromPersonality,
                Defaults = c.Defaults,
                Traits = c.Traits.FindAll(t => t.Agent is null || world.Contains(t.Agent)),
            };
        }

        foreach (var e in section.Network)
        {
            if (e.Group is { } group ? ownGroups.Contains(group) : world.Contains(e.From!) && world.Contains(e.To!))
            {
                slice.Network.Add(e);
            }
        }

        return slice;
    }

    /// <summary>
    /// Agents on other shards that send to an own agent: within the contagion radius (the same float test
    /// the contagion pass uses, on the scenario's fixed positions) or over a network edge into it (an edge
    /// or a clique of a group the own agent belongs to).
    /// </summary>
    private static HashSet<int> ContagionNeighbours(ContagionSection contagion, List<NetworkEdgeSection> network, AgentSpec[] specs, float[] xs, float[] ys, int first, int end, Func<string, string, int> index)
    {
        var found = new HashSet<int>();
        if (contagion.Neighbours is "spatial" or "both")
        {
            var r = contagion.Radius;
            var r2 = r * r;
            var inv = 1f / r;
            var cells = new Dictionary<(int, int), List<int>>();
            for (var i = 0; i < specs.Length; i++)
            {
                var key = ((int)MathF.Floor(xs[i] * inv), (int)MathF.Floor(ys[i] * inv));
                if (!cells.TryGetValue(key, out var list))
                {
                    cells[key] = list = [];
                }

                list.Add(i);
            }

            for (var i = first; i < end; i++)
            {
                var x = xs[i];
                var y = ys[i];
                var cx = (int)MathF.Floor(x * inv);
                var cy = (int)MathF.Floor(y * inv);
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        if (!cells.TryGetValue((cx + dx, cy + dy), out var list))
                        {
                            continue;
                        }

                        foreach (var j in list)
                        {
                            var ddx = xs[j] - x;
                            var ddy = ys[j] - y;
                            if ((j < first || j >= end) && (ddx * ddx) + (ddy * ddy) <= r2)
                            {
                                found.Add(j);
                            }
                        }
                    }
                }
            }
        }

        if (contagion.Neighbours is "network" or "both")
        {
            Dictionary<string, List<int>>? members = null;
            for (var e = 0; e < network.Count; e++)
            {
                var edge = network[e];
                if (edge.Group is { } group)
                {
                    if (members is null)
                    {
                        members = new Dictionary<string, List<int>>(StringComparer.Ordinal);
                        for (var i = 0; i < specs.Length; i++)
                        {
                            if (specs[i].Group is { } gi)
                            {
                                if (!members.TryGetValue(gi, out var list))
                                {
                                    members[gi] = list = [];
                                }

                                list.Add(i);
                            }
                        }
                    }

                    if (members.TryGetValue(group, out var clique) && clique.Exists(i => i >= first && i < end))
                    {
                        // Every member sends to every other: an own member receives from all of them.
                        foreach (var i in clique)
                        {
                            if (i < first || i >= end)
                            {
                                found.Add(i);
                            }
                        }
                    }

                    continue;
                }

                var from = index(edge.From!, $"$.social.network[{e}].from");
                var to = index(edge.To!, $"$.social.network[{e}].to");
                AddSender(from, to);
                if (edge.Mutual)
                {
                    AddSender(to, from);
                }
            }
        }

        return found;

        void AddSender(int from, int to)
        {
            if (to >= first && to < end && (from < first || from >= end))
            {
                found.Add(from);
            }
        }

    }
}
