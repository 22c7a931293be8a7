using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AffectEngine.Scenarios;

/// <summary>A scenario file: agents, scheduled events and run settings (DESIGN.md section 7).</summary>
public sealed class Scenario
{
    /// <summary>The JSON schema the file declares (for editors); ignored by the engine.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    /// <summary>A human-readable name.</summary>
    public string Name { get; set; } = "unnamed";

    /// <summary>Run settings.</summary>
    public RunSettings Run { get; set; } = new();

    /// <summary>Background stimuli (random impulses drawn from the seeded streams).</summary>
    public AmbientSpec? Ambient { get; set; }

    /// <summary>The agents.</summary>
    public List<AgentSpec> Agents { get; set; } = [];

    /// <summary>Scheduled events.</summary>
    public List<EventSpec> Events { get; set; } = [];
}

/// <summary>How long and how a scenario runs.</summary>
public sealed class RunSettings
{
    /// <summary>Ticks to run.</summary>
    public long Ticks { get; set; } = 100;

    /// <summary>The fixed step: a number of seconds or a duration string such as "100ms", "0.5s", "2m".</summary>
    public Duration Step { get; set; } = Duration.FromSeconds(0.1);

    /// <summary>The seed.</summary>
    public ulong Seed { get; set; } = 1;

    /// <summary>Threads for per-agent stages (the command line may override).</summary>
    public int Threads { get; set; } = 1;
}

/// <summary>Background stimuli.</summary>
public sealed class AmbientSpec
{
    /// <summary>Probability per agent per tick of a random impulse.</summary>
    public float Rate { get; set; }

    /// <summary>Largest impulse intensity.</summary>
    public float MaxIntensity { get; set; } = 0.5f;
}

/// <summary>One agent.</summary>
public sealed class AgentSpec
{
    /// <summary>The scenario's id of the agent (unique; used in exports).</summary>
    public string Id { get; set; } = "";

    /// <summary>Big Five traits in [-1, 1].</summary>
    public PersonalitySpec? Personality { get; set; }

    /// <summary>Initial mood; the default mood from personality when absent.</summary>
    public PadSpec? Mood { get; set; }

    /// <summary>Position in scenario units (for spatial neighbours and the visualizer).</summary>
    public PositionSpec? Position { get; set; }

    /// <summary>How many copies of this agent to create (ids get a suffix "#k"); for crowds.</summary>
    public int Count { get; set; } = 1;
}

/// <summary>Big Five traits.</summary>
public sealed class PersonalitySpec
{
    /// <summary>Openness.</summary>
    public float O { get; set; }

    /// <summary>Conscientiousness.</summary>
    public float C { get; set; }

    /// <summary>Extraversion.</summary>
    public float E { get; set; }

    /// <summary>Agreeableness.</summary>
    public float A { get; set; }

    /// <summary>Neuroticism.</summary>
    public float N { get; set; }
}

/// <summary>A PAD point.</summary>
public sealed class PadSpec
{
    /// <summary>Pleasure.</summary>
    public float P { get; set; }

    /// <summary>Arousal.</summary>
    public float A { get; set; }

    /// <summary>Dominance.</summary>
    public float D { get; set; }
}

/// <summary>A 2-D position.</summary>
public sealed class PositionSpec
{
    /// <summary>X.</summary>
    public float X { get; set; }

    /// <summary>Y.</summary>
    public float Y { get; set; }
}

/// <summary>A scheduled event.</summary>
public sealed class EventSpec
{
    /// <summary>When: a tick number, or a duration string from the start ("12s").</summary>
    public Duration? At { get; set; }

    /// <summary>When, as a tick number (alternative to <see cref="At"/>).</summary>
    public long? Tick { get; set; }

    /// <summary>A direct emotion impulse.</summary>
    public ElicitSpec? Elicit { get; set; }
}

/// <summary>A direct emotion impulse for one agent.</summary>
public sealed class ElicitSpec
{
    /// <summary>The agent's id.</summary>
    public string Agent { get; set; } = "";

    /// <summary>The emotion's kebab-case name.</summary>
    public string Emotion { get; set; } = "";

    /// <summary>Impulse intensity in [0, 1].</summary>
    public float Intensity { get; set; }
}
