using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json.Serialization;

namespace AffectEngine.Scenarios;

// Descriptions and bounds below are read by the schema generator (ScenarioSchema): the published
// JSON schema is generated from these types, never edited by hand.

/// <summary>A scenario file: agents, scheduled events, perception sources and run settings (docs/formats.md).</summary>
[Description("An AffectEngine scenario: agents, scheduled events, perception sources and run settings.")]
public sealed class Scenario
{
    /// <summary>The JSON schema the file declares (for editors); ignored by the engine.</summary>
    [JsonPropertyName("$schema")]
    [Description("The JSON schema this file follows (for editors' completion); ignored by the engine.")]
    public string? Schema { get; set; }

    /// <summary>A human-readable name.</summary>
    [Description("A human-readable name of the scenario.")]
    public string Name { get; set; } = "unnamed";

    /// <summary>Run settings.</summary>
    [Description("How long and how the scenario runs: ticks, step, seed, threads, appraisal model.")]
    public RunSettings Run { get; set; } = new();

    /// <summary>Background stimuli (random impulses drawn from the seeded streams).</summary>
    [Description("Background stimuli: random emotion impulses drawn from the seeded random streams.")]
    public AmbientSpec? Ambient { get; set; }

    /// <summary>The agents.</summary>
    [Description("The agents of the scenario.")]
    public List<AgentSpec> Agents { get; set; } = [];

    /// <summary>Scheduled events.</summary>
    [Description("Events scheduled at a tick or a time from the start.")]
    public List<EventSpec> Events { get; set; } = [];

    /// <summary>Events made during the run: Poisson templates and streamed files.</summary>
    [Description("Events made during the run: a template fired at a Poisson rate over a set of agents, or events streamed from a JSON Lines or CSV file.")]
    public List<EventGeneratorSpec> EventGenerators { get; set; } = [];

    /// <summary>Perception sources: recognized emotions of real people fed into the run.</summary>
    [Description("Perception sources: recognized emotions of real people (face, voice, physiology) fed into the run.")]
    public List<PerceptionSpec> Perception { get; set; } = [];

    /// <summary>An empathy-training session definition (used by <c>affect train</c>).</summary>
    [Description("An empathy-training session (affect train): trainee, patient and the trainee's moves.")]
    public TrainingSpec? Training { get; set; }

    /// <summary>Plugins to load by name.</summary>
    [Description("Plugins to load, by name (e.g. \"AffectEngine.Perception.Files\").")]
    public List<string> Plugins { get; set; } = [];

    /// <summary>Folders to load plugins from, relative to the scenario file's folder.</summary>
    [Description("Folders to load plugins from, relative to the scenario file's folder (never the working directory); each *.dll in a folder and in its immediate subfolders is examined.")]
    public List<string> PluginDirs { get; set; } = [];

    /// <summary>What a run does when a plugin fails to load or register, or a named plugin is not found.</summary>
    [Description("What a run does when a plugin fails to load or register, or a plugin named in \"plugins\" is not found: \"stop\" (default) or \"skip\" it and go on.")]
    [AllowedValues("stop", "skip")]
    public string PluginFailure { get; set; } = "stop";

    /// <summary>The social layer: contagion, episodic memory, relation rules, network, remembered episodes (docs/social.md).</summary>
    [Description("The social layer: emotion contagion (ASCRIBE), episodic memory, relation update rules, a contagion network and remembered episodes. Present (or an \"encounter\" event) = the social module runs.")]
    public SocialSection? Social { get; set; }

    /// <summary>The behaviour layer: tendencies, actions, a mental break, coping (docs/behaviour.md).</summary>
    [Description("The behaviour layer: action tendencies, actions with preconditions, a mental break and coping. Present = the behaviour module runs.")]
    public BehavioursSection? Behaviours { get; set; }

    /// <summary>Model parameters and choices (decay, thresholds, modulation, mood, OCC and GAMYGDALA options).</summary>
    [Description("Model parameters and choices: decay per emotion type, thresholds, personality modulation, ALMA mood, OCC choices, GAMYGDALA options.")]
    public ModelsSpec? Models { get; set; }
}

/// <summary>How long and how a scenario runs.</summary>
[Description("Run settings.")]
public sealed class RunSettings
{
    /// <summary>Ticks to run.</summary>
    [Description("Ticks to run (the command line may override).")]
    [Bounds(0, 1e9)]
    public long Ticks { get; set; } = 100;

    /// <summary>The fixed step: a number of seconds or a duration string such as "100ms", "0.5s", "2m".</summary>
    [Description("The fixed step: a number of seconds or a duration string such as \"100ms\", \"0.5s\", \"2m\".")]
    public Duration Step { get; set; } = Duration.FromSeconds(0.1);

    /// <summary>The seed.</summary>
    [Description("The seed: every random draw is a function of it (the command line may override).")]
    public ulong Seed { get; set; } = 1;

    /// <summary>Threads for per-agent stages (the command line may override).</summary>
    [Description("Threads for per-agent stages; results do not depend on it.")]
    [Bounds(1, 256)]
    public int Threads { get; set; } = 1;

    /// <summary>The appraisal model: "occ" or "gamygdala".</summary>
    [Description("The appraisal model.")]
    [AllowedValues("occ", "gamygdala")]
    public string Appraisal { get; set; } = "occ";

    /// <summary>When the facial action units are computed: "onRead" (default) or "perTick".</summary>
    [Description("When the facial action units (express.au.*) are computed: \"onRead\" (default: only for the agents a host reads, through the expression API, the C ABI, the visualizer and exports; the world's hot fields, hashes, records and snapshots hold none, and the tick is faster) or \"perTick\" (every agent every tick, as hot fields in hashes, records and snapshots). The values read, and the exports, are the same either way.")]
    [AllowedValues("perTick", "onRead")]
    public string ActionUnits { get; set; } = "onRead";
}

/// <summary>Background stimuli.</summary>
[Description("Background stimuli.")]
public sealed class AmbientSpec
{
    /// <summary>Probability per agent per tick of a random impulse.</summary>
    [Description("Probability per agent per tick of a random impulse.")]
    [Bounds(0, 1)]
    public float Rate { get; set; }

    /// <summary>Largest impulse intensity.</summary>
    [Description("Largest impulse intensity.")]
    [Bounds(0, 1)]
    public float MaxIntensity { get; set; } = 0.5f;
}

/// <summary>One agent.</summary>
[Description("An agent: personality, goals, standards, attitudes, relations, initial mood, position and group.")]
public sealed class AgentSpec
{
    /// <summary>The scenario's id of the agent (unique; used in exports).</summary>
    [Description("The agent's unique id (used by events and in exports).")]
    public string Id { get; set; } = "";

    /// <summary>Big Five traits in [-1, 1].</summary>
    [Description("Big Five (OCEAN) traits, each in [-1, 1]; they set the default mood (Mehrabian 1996).")]
    public PersonalitySpec? Personality { get; set; }

    /// <summary>Goals with their utility.</summary>
    [Description("Goals the agent wants achieved (or prevented), with their utility.")]
    public List<GoalSpec> Goals { get; set; } = [];

    /// <summary>Standards: how praiseworthy the agent finds actions.</summary>
    [Description("Standards: how praiseworthy the agent finds each action (OCC agent-based emotions).")]
    public List<StandardSpec> Standards { get; set; } = [];

    /// <summary>Attitudes: how appealing the agent finds objects.</summary>
    [Description("Attitudes: how appealing the agent finds objects (OCC object-based emotions).")]
    public List<AttitudeSpec> Attitudes { get; set; } = [];

    /// <summary>Relations to other agents, by their id, or to every member of a group by "@group".</summary>
    [Description("Relations to other agents, keyed by the other agent's id, or by \"@group\" toward every member of a group (the agent itself excepted; a relation keyed by an agent's id wins over a group's).")]
    public Dictionary<string, RelationSpec> Relations { get; set; } = [];

    /// <summary>Initial mood; the default mood from personality when absent.</summary>
    [Description("Initial mood (PAD); the default mood from personality when absent.")]
    public PadSpec? Mood { get; set; }

    /// <summary>Position in scenario units (for spatial neighbours and the visualizer).</summary>
    [Description("Position in scenario units (spatial neighbours, the visualizer).")]
    public PositionSpec? Position { get; set; }

    /// <summary>A group name (crowds, teams).</summary>
    [Description("A group the agent belongs to (crowds, teams).")]
    public string? Group { get; set; }

    /// <summary>Further groups the agent (each copy) belongs to, beside <see cref="Group"/>.</summary>
    [Description("Further groups the agent (each of its copies) belongs to, beside \"group\".")]
    public List<string>? Groups { get; set; }

    /// <summary>How many copies of this agent to create (ids get a suffix "#k"); for crowds.</summary>
    [Description("How many copies of this agent to create; copies get ids \"id#0\", \"id#1\", ...")]
    [Bounds(1, 1e8)]
    public int Count { get; set; } = 1;

    /// <summary>Per-trait distributions of the copies (seeded from the run seed).</summary>
    [Description("Traits of the copies: per-trait distributions (normal (clamped), uniform or fixed; drawn from the run seed) and/or participants' rows from a CSV file (\"from\") or written inline (\"rows\").")]
    public TraitDistributionsSpec? Traits { get; set; }

    /// <summary>Placement of the copies (grid, uniform in a rectangle, clusters).</summary>
    [Description("Placement of the copies: grid, uniform in a rectangle, or clusters; drawn from the run seed. Use this or \"position\".")]
    public PlacementSpec? Placement { get; set; }

    /// <summary>The name the runner gives copy <paramref name="copy"/>: the id when there is one copy, else "id#copy".</summary>
    public string NameOf(int copy) => Count == 1 ? Id : Id + "#" + copy.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether copy <paramref name="copy"/> belongs to <paramref name="group"/> (through "group", "groups" or its participant row).</summary>
    public bool InGroup(string group, int copy)
    {
        if (string.Equals(Group, group, System.StringComparison.Ordinal) || (Groups?.Contains(group) ?? false))
        {
            return true;
        }

        return Traits?.Rows is { } rows && copy >= 0 && copy < rows.Count && (rows[copy].Groups?.Contains(group) ?? false);
    }

    /// <summary>How many copies of this spec belong to <paramref name="group"/>.</summary>
    public int CountInGroup(string group)
    {
        if (string.Equals(Group, group, System.StringComparison.Ordinal) || (Groups?.Contains(group) ?? false))
        {
            return Count;
        }

        var n = 0;
        var rows = Traits?.Rows;
        for (var k = 0; k < System.Math.Min(Count, rows?.Count ?? 0); k++)
        {
            n += rows![k].Groups?.Contains(group) ?? false ? 1 : 0;
        }

        return n;
    }

    /// <summary>Every group named by the spec: its own, and its participant rows'.</summary>
    public IEnumerable<string> GroupNames()
    {
        if (Group is { } g)
        {
            yield return g;
        }

        foreach (var x in Groups ?? [])
        {
            yield return x;
        }

        foreach (var row in Traits?.Rows ?? [])
        {
            foreach (var x in row.Groups ?? [])
            {
                yield return x;
            }
        }
    }
}

/// <summary>Big Five traits.</summary>
[Description("Big Five (OCEAN) traits, each in [-1, 1].")]
public sealed class PersonalitySpec
{
    /// <summary>Openness.</summary>
    [Description("Openness.")]
    [Bounds(-1, 1)]
    public float O { get; set; }

    /// <summary>Conscientiousness.</summary>
    [Description("Conscientiousness.")]
    [Bounds(-1, 1)]
    public float C { get; set; }

    /// <summary>Extraversion.</summary>
    [Description("Extraversion.")]
    [Bounds(-1, 1)]
    public float E { get; set; }

    /// <summary>Agreeableness.</summary>
    [Description("Agreeableness.")]
    [Bounds(-1, 1)]
    public float A { get; set; }

    /// <summary>Neuroticism.</summary>
    [Description("Neuroticism.")]
    [Bounds(-1, 1)]
    public float N { get; set; }
}

/// <summary>A goal of an agent.</summary>
[Description("A goal (GAMYGDALA: utility in [-1, 1]; negative = the agent wants it not to happen).")]
public sealed class GoalSpec
{
    /// <summary>The goal's id, unique within the agent.</summary>
    [Description("The goal's id, unique within the agent; events refer to it as \"agent/goal\".")]
    public string Id { get; set; } = "";

    /// <summary>Utility in [-1, 1].</summary>
    [Description("How much the agent wants it, in [-1, 1].")]
    [Bounds(-1, 1)]
    public float Utility { get; set; }
}

/// <summary>A standard of an agent.</summary>
[Description("A standard: how praiseworthy an action is to the agent.")]
public sealed class StandardSpec
{
    /// <summary>The action's name, as events name it.</summary>
    [Description("The action's name, as events name it in \"action\".")]
    public string Action { get; set; } = "";

    /// <summary>Praiseworthiness in [-1, 1].</summary>
    [Description("Praiseworthy (positive) or blameworthy (negative), in [-1, 1].")]
    [Bounds(-1, 1)]
    public float Praiseworthiness { get; set; }
}

/// <summary>An attitude of an agent toward an object.</summary>
[Description("An attitude: how appealing an object (or agent) is.")]
public sealed class AttitudeSpec
{
    /// <summary>The object's name (or an agent's id).</summary>
    [Description("The object's name, or an agent's id.")]
    public string Object { get; set; } = "";

    /// <summary>Appeal in [-1, 1].</summary>
    [Description("Appealing (positive) or unappealing (negative), in [-1, 1].")]
    [Bounds(-1, 1)]
    public float Appeal { get; set; }
}

/// <summary>A relation to another agent.</summary>
[Description("A relation to another agent.")]
public sealed class RelationSpec
{
    /// <summary>Liking in [-1, 1].</summary>
    [Description("Liking in [-1, 1] (fortunes-of-others emotions: happy-for, pity, resentment, gloating).")]
    [Bounds(-1, 1)]
    public float Liking { get; set; }

    /// <summary>Familiarity in [0, 1] (used by the social layer).</summary>
    [Description("Familiarity in [0, 1] (social layer: the least familiar relation is dropped first when the relation list is full).")]
    [Bounds(0, 1)]
    public float Familiarity { get; set; }
}

/// <summary>A PAD point.</summary>
[Description("A point in PAD space, each axis in [-1, 1].")]
public sealed class PadSpec
{
    /// <summary>Pleasure.</summary>
    [Description("Pleasure.")]
    [Bounds(-1, 1)]
    public float P { get; set; }

    /// <summary>Arousal.</summary>
    [Description("Arousal.")]
    [Bounds(-1, 1)]
    public float A { get; set; }

    /// <summary>Dominance.</summary>
    [Description("Dominance.")]
    [Bounds(-1, 1)]
    public float D { get; set; }
}

/// <summary>A 2-D position.</summary>
[Description("A 2-D position in scenario units.")]
public sealed class PositionSpec
{
    /// <summary>X.</summary>
    [Description("X.")]
    public float X { get; set; }

    /// <summary>Y.</summary>
    [Description("Y.")]
    public float Y { get; set; }
}

/// <summary>A scheduled event: an appraisable happening (action, actor, targets, beliefs) and/or a direct impulse.</summary>
[Description("A scheduled event: something that happens (action by an actor to targets, with beliefs about goals) and/or a direct emotion impulse.")]
public sealed class EventSpec
{
    /// <summary>When: a duration from the start ("12s").</summary>
    [Description("When, as a time from the start: seconds or a duration string (\"12s\"). Use this or \"tick\".")]
    public Duration? At { get; set; }

    /// <summary>When, as a tick number (alternative to <see cref="At"/>).</summary>
    [Description("When, as a tick number. Use this or \"at\".")]
    [Bounds(0, 1e12)]
    public long? Tick { get; set; }

    /// <summary>The action or happening (matched against agents' standards).</summary>
    [Description("What happens: an action or event name, matched against agents' standards.")]
    public string? Action { get; set; }

    /// <summary>The agent who acts.</summary>
    [Description("The id of the agent who acts (agent-based emotions: pride, shame, admiration, reproach).")]
    public string? Actor { get; set; }

    /// <summary>The agent acted upon (an object goes in <see cref="Object"/>).</summary>
    [Description("The id of the agent acted upon (one). Use this or \"targets\"; an object acted upon goes in \"object\".")]
    public string? Target { get; set; }

    /// <summary>The agents acted upon.</summary>
    [Description("The ids of the agents acted upon (several).")]
    public List<string>? Targets { get; set; }

    /// <summary>An object the event presents (love/hate toward it from attitudes, liking/disliking from <see cref="Appeal"/>).</summary>
    [Description("An object the event presents to its perceivers (not an agent): perceivers with an attitude toward it feel love or hate (OCC attraction); without one, \"appeal\" gives liking or disliking (ALMA).")]
    public string? Object { get; set; }

    /// <summary>The object's momentary appeal in [-1, 1] (needs <see cref="Object"/>).</summary>
    [Description("The presented object's appeal in [-1, 1] for perceivers without an attitude toward it: liking (positive) or disliking (negative). Needs \"object\".")]
    [Bounds(-1, 1)]
    public float? Appeal { get; set; }

    /// <summary>Beliefs: how the event bears on agents' goals.</summary>
    [Description("Beliefs: how likely the event makes each goal, and whether it helps or hurts it (GAMYGDALA).")]
    public List<BeliefSpec>? Beliefs { get; set; }

    /// <summary>How far the agents the event hurts can change its outcome, in [0, 1] (coping; EMA).</summary>
    [Description("How far the agents whose goals the event hurts can change its outcome, in [0, 1] (EMA's controllability): with behaviours.coping, 0.5 or more leads to problem-focused coping, less to emotion-focused coping. A belief's own value takes precedence; without either, the agent's coping.agents[].controllability or its personality default applies.")]
    [Bounds(0, 1)]
    public float? Controllability { get; set; }

    /// <summary>A direct emotion impulse.</summary>
    [Description("A direct emotion impulse for one agent (bypasses appraisal).")]
    public ElicitSpec? Elicit { get; set; }

    /// <summary>Other agents who perceive the action (bystanders).</summary>
    [Description("Other agents who see the action happen (bystanders): they appraise it too, e.g. pity for a liked target, reproach of the actor.")]
    public List<string>? Witnesses { get; set; }

    /// <summary>Two agents meet: recall of shared episodes (social layer).</summary>
    [Description("Two agents meet: each recalls the episodes involving the other (the remembered emotions return, attenuated) and grows more familiar. Turns the social layer on.")]
    public EncounterSpec? Encounter { get; set; }
}

/// <summary>A belief about how an event bears on a goal.</summary>
[Description("How an event bears on a goal.")]
public sealed class BeliefSpec
{
    /// <summary>The goal as "agent/goal".</summary>
    [Description("The goal, as \"agentId/goalId\".")]
    public string Goal { get; set; } = "";

    /// <summary>Congruence in [-1, 1]: helps (positive) or hurts (negative) the goal.</summary>
    [Description("Goal congruence in [-1, 1]: helps (positive) or hurts (negative) the goal.")]
    [Bounds(-1, 1)]
    public float Congruence { get; set; }

    /// <summary>Likelihood in [0, 1]; 1 = it happened.</summary>
    [Description("Likelihood in [0, 1] that the event happens (1 = certain: it happened).")]
    [Bounds(0, 1)]
    public float Likelihood { get; set; } = 1f;

    /// <summary>How far the goal's owner can change this outcome, in [0, 1] (coping; EMA).</summary>
    [Description("How far the goal's owner can change this outcome, in [0, 1] (EMA's controllability): with behaviours.coping, 0.5 or more leads to problem-focused coping, less to emotion-focused coping. Takes precedence over the event's controllability.")]
    [Bounds(0, 1)]
    public float? Controllability { get; set; }
}

/// <summary>A direct emotion impulse for one agent.</summary>
[Description("A direct emotion impulse for one agent.")]
public sealed class ElicitSpec
{
    /// <summary>The agent's id.</summary>
    [Description("The agent's id.")]
    public string Agent { get; set; } = "";

    /// <summary>The emotion's kebab-case name.</summary>
    [Description("The emotion's kebab-case name (\"joy\", \"fears-confirmed\", ...).")]
    [AllowedValues("joy", "distress", "hope", "fear", "satisfaction", "fears-confirmed", "relief", "disappointment", "happy-for", "resentment", "gloating", "pity", "pride", "shame", "admiration", "reproach", "gratification", "remorse", "gratitude", "anger", "love", "hate", "liking", "disliking")]
    public string Emotion { get; set; } = "";

    /// <summary>Impulse intensity in [0, 1].</summary>
    [Description("Impulse intensity in [0, 1].")]
    [Bounds(0, 1)]
    public float Intensity { get; set; }
}

/// <summary>A perception source: where a real person's recognized emotions come from.</summary>
[Description("A perception source: a real person whose recognized emotions enter the run.")]
public sealed class PerceptionSpec
{
    /// <summary>The person's id (an agent id, or a new one for an observed person).</summary>
    [Description("The person's id (e.g. \"trainee\").")]
    public string Person { get; set; } = "";

    /// <summary>The source as "transport:address", e.g. "openface:sessions/t01.csv".</summary>
    [Description("The source as \"transport:address\", e.g. \"openface:sessions/t01.csv\", \"osc:127.0.0.1:9000\", \"lsl:name\".")]
    [Pattern("^[a-z][a-z0-9-]*:.+$")]
    public string Source { get; set; } = "";

    /// <summary>The agents that attend to this person and react to their recognized emotion (default: every agent but the person's own).</summary>
    [Description("Agent ids that attend to this person and react to their recognized emotion (default: every agent except the person's own).")]
    public List<string>? AttendedBy { get; set; }

    /// <summary>How the attending agents read this person's displays: "fortunes" (spectators; default) or "addressed" (the person is talking to them).</summary>
    [Description("How attending agents read this person's recognized emotion: \"fortunes\" (as spectators: happy-for, pity, reproach; default) or \"addressed\" (the person is talking to them: a concerned face earns admiration, a bored one reproach).")]
    [Pattern("^(fortunes|addressed)$")]
    public string? Reading { get; set; }
}
