using System;
using System.Globalization;
using AffectEngine.Affect;
using AffectEngine.Scenarios;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Hosting;

/// <summary>Command-line style overrides of a scenario's run settings.</summary>
public sealed class RunOverrides
{
    /// <summary>Ticks to run instead of the scenario's.</summary>
    public long? Ticks { get; set; }

    /// <summary>Seed instead of the scenario's.</summary>
    public ulong? Seed { get; set; }

    /// <summary>Threads instead of the scenario's.</summary>
    public int? Threads { get; set; }

    /// <summary>Global index of the first agent when this runner is one shard of a larger run (random streams are keyed by global index).</summary>
    public int? AgentIndexOffset { get; set; }
}

/// <summary>The population a scenario makes and the memory a run of it is estimated to hold.</summary>
/// <param name="Agents">Agents created (every spec's count).</param>
/// <param name="NetworkEdges">Directed contagion-network edges (generated ones estimated from their parameters).</param>
/// <param name="BytesPerAgent">Hot state, the social module's per-agent lists and the agent's name.</param>
/// <param name="Bytes">The whole estimate: agents × bytes per agent + the network.</param>
public readonly record struct PopulationEstimate(long Agents, long NetworkEdges, long BytesPerAgent, long Bytes);

/// <summary>Turns a loaded scenario into a ready runner: agents created, events scheduled.</summary>
public static class ScenarioHost
{
    /// <summary>The ticks a scenario asks for, after overrides.</summary>
    public static long TicksOf(Scenario scenario, RunOverrides? overrides) =>
        overrides?.Ticks ?? (scenario ?? throw new ArgumentNullException(nameof(scenario))).Run.Ticks;

    /// <summary>Builds a runner for the scenario with the default modules, then applies the scenario.</summary>
    public static SimulationRunner CreateRunner(Scenario scenario, RunOverrides? overrides = null, Action<AffectEngineBuilder>? extend = null) =>
        CreateRunner(scenario, overrides, extend, null);

    /// <summary>
    /// Builds a runner for a new run of the scenario: <see cref="CreateRunner(Scenario, RunOverrides?, Action{AffectEngineBuilder}?)"/>
    /// plus the scenario's event generators as an input feed the runner owns (Poisson draws from the run
    /// seed; files resolved against <paramref name="baseDirectory"/>, the scenario file's folder, and
    /// checked through before the first tick). Every host that runs a scenario (the command line's run and
    /// sweep, the visualizer, the C ABI) starts here, so generated events are the same in each; replays
    /// use <c>CreateRunner</c>, since a record holds the inputs the generators made. A generator problem
    /// is a <see cref="ScenarioException"/> with file:line:column.
    /// </summary>
    public static SimulationRunner CreateRun(Scenario scenario, string baseDirectory, RunOverrides? overrides = null, Action<AffectEngineBuilder>? extend = null)
    {
        var runner = CreateRunner(scenario, overrides, extend, null);
        try
        {
            if (ScenarioEventFeed.Open(runner, scenario, baseDirectory ?? ".") is { } feed)
            {
                runner.Own(feed);
                runner.AddInputFeed(feed);
            }
        }
        catch
        {
            runner.Dispose();
            throw;
        }

        return runner;
    }

    private static SimulationRunner CreateRunner(Scenario scenario, RunOverrides? overrides, Action<AffectEngineBuilder>? extend, int? capacity)
    {
        if (scenario is null)
        {
            throw new ArgumentNullException(nameof(scenario));
        }

        var services = new ServiceCollection();
        var agents = 0;
        foreach (var a in scenario.Agents)
        {
            agents += a.Count;
        }

        var builder = services.AddAffectEngine(o =>
        {
            o.World.Seed = overrides?.Seed ?? scenario.Run.Seed;
            o.World.StepSeconds = scenario.Run.Step.Seconds;
            o.World.Threads = overrides?.Threads ?? scenario.Run.Threads;
            o.AppraisalModel = scenario.Run.Appraisal;
            o.Affect.ActionUnits = scenario.Run.ActionUnits == "onRead" ? ActionUnitOutput.OnRead : ActionUnitOutput.PerTick;
            o.World.InitialCapacity = capacity ?? Math.Max(64, agents);
            o.World.AgentIndexOffset = overrides?.AgentIndexOffset ?? 0;
            if (scenario.Ambient is { } amb)
            {
                o.Ambient.Rate = amb.Rate;
                o.Ambient.MaxIntensity = amb.MaxIntensity;
            }

            ScenarioModels.Configure(o, scenario);
        });
        if (ScenarioSocial.Uses(scenario))
        {
            builder.AddSocial(s => ScenarioSocial.Configure(s, scenario));
        }

        if (ScenarioBehaviour.Uses(scenario))
        {
            builder.AddBehaviour(b => ScenarioBehaviour.Configure(b, scenario));
        }

        extend?.Invoke(builder);
        using var provider = services.BuildServiceProvider();
        var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        if (capacity is not null)
        {
            return runner; // an empty runner for an estimate: no agents created
        }

        try
        {
            Apply(runner, scenario);
        }
        catch
        {
            runner.Dispose();
            throw;
        }

        return runner;
    }

    /// <summary>
    /// The number of agents a scenario makes and an estimate of the memory a run of it holds, from the
    /// per-agent sizes of the modules it turns on (built once with no agents) and its network's edges.
    /// </summary>
    public static PopulationEstimate Estimate(Scenario scenario, Action<AffectEngineBuilder>? extend = null)
    {
        if (scenario is null)
        {
            throw new ArgumentNullException(nameof(scenario));
        }

        long agents = 0;
        long nameBytes = 0;
        foreach (var a in scenario.Agents)
        {
            agents += a.Count;

            // The name string (UTF-16, ~22 B header, "#k" suffix), its dictionary entry and list slot.
            nameBytes += a.Count * (22L + (2L * (a.Id.Length + (a.Count == 1 ? 0 : 8))) + 24 + 8);
        }

        using var runner = CreateRunner(scenario, null, extend, 64);
        var hot = (long)runner.World.BlockStride * sizeof(float) / AgentBlocks.LanesPerBlock;
        long cold = 0;
        if (HasSocial(runner))
        {
            cold = runner.Social().ColdBytesPerAgent;
        }

        long edges = 0;
        foreach (var e in scenario.Social?.Network ?? [])
        {
            edges += EdgesOf(scenario, e, agents);
        }

        // Each directed edge: sender slot and weight (8 B) in the receivers' table, plus the offsets.
        var network = edges > 0 ? (edges * 8) + (agents * 4) : 0;
        var perAgent = hot + cold + (agents > 0 ? nameBytes / agents : 0);
        return new PopulationEstimate(agents, edges, perAgent, (perAgent * agents) + network);
    }

    private static long EdgesOf(Scenario scenario, NetworkEdgeSection e, long agents)
    {
        long n = agents;
        if (e.Group is { } g)
        {
            n = 0;
            foreach (var a in scenario.Agents)
            {
                n += a.CountInGroup(g);
            }
        }

        return e.Generator switch
        {
            null => e.Group is null ? (e.Mutual ? 2 : 1) : n * (n - 1),
            "lattice" => n * (e.K ?? 4),
            "watts-strogatz" => n * (e.K ?? 4),
            "barabasi-albert" => 2 * n * (e.M ?? 2),
            _ => (long)((e.P ?? (n > 1 ? Math.Min(1.0, (e.K ?? 0) / (n - 1.0)) : 0)) * n * (n - 1)),
        };
    }

    /// <summary>Creates the scenario's agents and schedules its events on a fresh runner.</summary>
    public static void Apply(SimulationRunner runner, Scenario scenario)
    {
        if (runner is null || scenario is null)
        {
            throw new ArgumentNullException(runner is null ? nameof(runner) : nameof(scenario));
        }

        var affect = runner.Affect;
        var binders = Binders(runner);
        var created = new System.Collections.Generic.List<(AgentId Id, AgentSpec Spec)>();
        var seed = runner.World.Seed;
        for (var si = 0; si < scenario.Agents.Count; si++)
        {
            var spec = scenario.Agents[si];
            for (var k = 0; k < spec.Count; k++)
            {
                var name = spec.Count == 1 ? spec.Id : spec.Id + "#" + k.ToString(CultureInfo.InvariantCulture);
                var id = runner.AddAgent(name);
                if (ScenarioPopulation.Personality(spec, seed, si, k) is { } p)
                {
                    affect.SetPersonality(id, p);
                }

                if (spec.Mood is { } m)
                {
                    affect.SetMood(id, new Pad(m.P, m.A, m.D));
                }

                if (ScenarioPopulation.Position(spec, seed, si, k) is { } pos)
                {
                    runner.World.Value(id, runner.Position, 0) = pos.X;
                    runner.World.Value(id, runner.Position, 1) = pos.Y;
                }

                created.Add((id, spec));
            }
        }

        // Bound after every agent exists, so relations may name agents declared later in the file.
        foreach (var (id, spec) in created)
        {
            foreach (var binder in binders)
            {
                binder.BindAgent(runner, id, spec);
            }
        }

        BindGroupRelations(runner, scenario, created);
        AttendPerceivedPersons(runner, scenario);
        if (HasSocial(runner))
        {
            ScenarioSocial.Apply(runner, scenario);
        }

        if (scenario.Behaviours is not null && HasModule<BehaviourEngineModule>(runner))
        {
            ScenarioBehaviour.Apply(runner, scenario);
        }

        var step = scenario.Run.Step.Seconds;
        for (var i = 0; i < scenario.Events.Count; i++)
        {
            var e = scenario.Events[i];
            Schedule(runner, binders, e, i, e.Tick ?? (long)Math.Round(e.At!.Value.Seconds / step));
        }
    }

    /// <summary>
    /// Likings of relation templates toward groups ("@group"): every member but the agent itself, in
    /// ordinal order of the templates; a relation keyed by the member's id (bound before) wins.
    /// </summary>
    private static void BindGroupRelations(SimulationRunner runner, Scenario scenario, System.Collections.Generic.List<(AgentId Id, AgentSpec Spec)> created)
    {
        AffectEngineModule? affect = null;
        foreach (var m in runner.Modules)
        {
            affect ??= m as AffectEngineModule;
        }

        if (affect is null)
        {
            return;
        }

        var members = GroupMembers(runner, scenario);
        foreach (var (id, spec) in created)
        {
            foreach (var (group, relation) in GroupTemplates(spec))
            {
                foreach (var (member, name) in members.TryGetValue(group, out var list) ? list : [])
                {
                    if (member != id && !spec.Relations.ContainsKey(name))
                    {
                        affect.Appraisal.SetLiking(id, member, relation.Liking);
                    }
                }
            }
        }
    }

    /// <summary>A spec's relation templates toward groups ("@group" keys), the group without its '@', in ordinal order.</summary>
    internal static System.Collections.Generic.List<(string Group, AffectEngine.Scenarios.RelationSpec Relation)> GroupTemplates(AgentSpec spec)
    {
        var list = new System.Collections.Generic.List<(string Group, AffectEngine.Scenarios.RelationSpec Relation)>();
        foreach (var pair in spec.Relations)
        {
            if (pair.Key.StartsWith('@'))
            {
                list.Add((pair.Key.Substring(1), pair.Value));
            }
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Group, b.Group));
        return list;
    }

    /// <summary>Members (id and name) of every group some relation template names, in creation order.</summary>
    internal static System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<(AgentId Id, string Name)>> GroupMembers(SimulationRunner runner, Scenario scenario)
    {
        var wanted = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in scenario.Agents)
        {
            foreach (var (group, _) in GroupTemplates(spec))
            {
                wanted.Add(group);
            }
        }

        var members = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.List<(AgentId Id, string Name)>>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return members;
        }

        foreach (var spec in scenario.Agents)
        {
            for (var k = 0; k < spec.Count; k++)
            {
                foreach (var group in wanted)
                {
                    if (spec.InGroup(group, k) && runner.TryGetAgent(spec.NameOf(k), out var id))
                    {
                        if (!members.TryGetValue(group, out var list))
                        {
                            members.Add(group, list = []);
                        }

                        list.Add((id, spec.NameOf(k)));
                    }
                }
            }
        }

        return members;
    }

    /// <summary>Schedules one event's impulse, encounter and appraisable part; <paramref name="sequence"/> is its sequence number (the file position for the scenario's own events).</summary>
    internal static void Schedule(SimulationRunner runner, System.Collections.Generic.List<IScenarioBinder> binders, EventSpec e, int sequence, long tick)
    {
        var i = sequence;
        if (e.Elicit is { } el)
        {
            Emotions.TryParse(el.Emotion, out var type);
            if (!runner.TryGetAgent(el.Agent, out var agent))
            {
                throw new ArgumentException($"$.events[{i}].elicit.agent: no agent '{el.Agent}'.");
            }

            runner.Enqueue(new ElicitCommand(tick, InputSources.Scenario, i, agent, type, el.Intensity));
        }

        if (e.Encounter is { } encounter)
        {
            if (!HasSocial(runner))
            {
                throw new ArgumentException($"$.events[{i}].encounter: encounters need the social module; register it with AddSocial.");
            }

            ScenarioSocial.ScheduleEncounter(runner, encounter, i, tick);
        }

        if (IsAppraisable(e))
        {
            foreach (var binder in binders)
            {
                binder.ScheduleEvent(runner, e, i, tick);
            }
        }
    }

    /// <summary>
    /// Sets who attends to each perceived person of the scenario's perception list (its attendedBy, or
    /// every agent but the person's own), and links a person who is also an agent to that agent. Done
    /// for runs and replays alike: it is setup, not input.
    /// </summary>
    private static void AttendPerceivedPersons(SimulationRunner runner, Scenario scenario)
    {
        if (scenario.Perception.Count == 0)
        {
            return;
        }

        AffectEngineModule? module = null;
        foreach (var m in runner.Modules)
        {
            module ??= m as AffectEngineModule;
        }

        if (module is null)
        {
            return;
        }

        var attention = module.Appraisal.Attention;
        for (var i = 0; i < scenario.Perception.Count; i++)
        {
            var spec = scenario.Perception[i];
            var hasAgent = runner.TryGetAgent(spec.Person, out var personAgent);
            if (hasAgent)
            {
                attention.SetAgent(spec.Person, personAgent);
            }

            if (spec.Reading == "addressed")
            {
                attention.SetReading(spec.Person, PerceivedReading.Addressed);
            }

            if (spec.AttendedBy is { } names)
            {
                for (var k = 0; k < names.Count; k++)
                {
                    if (!runner.TryGetAgent(names[k], out var a))
                    {
                        throw new ArgumentException($"$.perception[{i}].attendedBy[{k}]: no agent '{names[k]}'.");
                    }

                    attention.Attend(spec.Person, a);
                }
            }
            else
            {
                foreach (var a in runner.World.Agents)
                {
                    if (!hasAgent || a != personAgent)
                    {
                        attention.Attend(spec.Person, a);
                    }
                }
            }
        }
    }

    private static bool HasModule<T>(SimulationRunner runner)
        where T : class, IEngineModule
    {
        foreach (var m in runner.Modules)
        {
            if (m is T)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when an event is for the appraisal model: an action, beliefs or a presented object.</summary>
    public static bool IsAppraisable(EventSpec e) =>
        (e ?? throw new ArgumentNullException(nameof(e))).Action is not null || e.Beliefs is not null || e.Object is not null;

    private static bool HasSocial(SimulationRunner runner)
    {
        foreach (var m in runner.Modules)
        {
            if (m is SocialEngineModule)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a registered module takes goals, standards, attitudes, relations and appraisable events (<see cref="IScenarioBinder"/>).</summary>
    public static bool HasBinder(SimulationRunner runner) => Binders(runner ?? throw new ArgumentNullException(nameof(runner))).Count > 0;

    internal static System.Collections.Generic.List<IScenarioBinder> Binders(SimulationRunner runner)
    {
        var list = new System.Collections.Generic.List<IScenarioBinder>();
        foreach (var m in runner.Modules)
        {
            if (m is IScenarioBinder b)
            {
                list.Add(b);
            }
        }

        return list;
    }
}
