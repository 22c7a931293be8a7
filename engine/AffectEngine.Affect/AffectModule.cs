using System;
using AffectEngine.Core;

namespace AffectEngine.Affect;

/// <summary>
/// The affect model attached to a world: its fields, settings and the systems it runs. Hosts and
/// other modules read and set per-agent affect through it (between ticks, or from systems in order).
/// </summary>
public sealed class AffectModule
{
    private World? _world;

    // The expression pass's own copy of the table (set at Attach): on-read action units use the same one.
    private ExpressionTable? _table;

    /// <summary>Declares the affect fields; call <see cref="Attach"/> once the world exists.</summary>
    public AffectModule(AgentSchema.Builder schema, AffectSettings settings)
    {
        if (settings is null)
        {
            throw new ArgumentNullException(nameof(settings));
        }

        Problems.ThrowIfAny(settings.Validate(), paramName: nameof(settings));

        Fields = new AffectFields(schema, settings.ActionUnits);
        Settings = settings;
    }

    /// <summary>The hot fields.</summary>
    public AffectFields Fields { get; }

    /// <summary>Dynamics and mood parameters.</summary>
    public AffectSettings Settings { get; }

    /// <summary>The world (after <see cref="Attach"/>).</summary>
    public World World => _world ?? throw new InvalidOperationException("The affect module is not attached to a world yet.");

    /// <summary>Binds the module to a world and attaches its systems to the simulation's stages.</summary>
    public AffectModule Attach(Simulation simulation)
    {
        if (simulation is null)
        {
            throw new ArgumentNullException(nameof(simulation));
        }

        if (_world is not null)
        {
            throw new InvalidOperationException("The affect module is already attached to a world.");
        }

        _world = simulation.World;
        _table = Settings.Expression.Clone();
        var express = new ExpressSystem(simulation.World, Fields, _table, simulation);
        simulation.Attach(new AffectDynamicsSystem(simulation.World, Fields, Settings, simulation) { Express = express });
        simulation.Attach(express);
        if (Settings.Events.Enabled)
        {
            simulation.Attach(new EventExtractionSystem(simulation.World, Fields, Settings.Events.Clone()));
        }
        return this;
    }

    /// <summary>
    /// Sets personality, the default mood derived from it (Mehrabian 1996), the current mood to that
    /// default, and the agent's negative-emotion decay rate 1 − k·N (<see cref="AffectSettings.NeuroticismDecaySlowing"/>).
    /// </summary>
    public void SetPersonality(AgentId agent, Ocean traits)
    {
        Problems.ThrowIfAny(traits.Validate(), paramName: nameof(traits));

        var w = World;
        w.Value(agent, Fields.Personality, 0) = traits.O;
        w.Value(agent, Fields.Personality, 1) = traits.C;
        w.Value(agent, Fields.Personality, 2) = traits.E;
        w.Value(agent, Fields.Personality, 3) = traits.A;
        w.Value(agent, Fields.Personality, 4) = traits.N;
        var mood = Mehrabian1996.DefaultMood(traits);
        SetPad(agent, Fields.DefaultMood, mood);
        SetPad(agent, Fields.Mood, mood);
        w.Value(agent, Fields.DecayRate, 0) = 0f;
        w.Value(agent, Fields.DecayRate, 1) = -Settings.NeuroticismDecaySlowing * traits.N;
    }

    /// <summary>The agent's expression output of the last tick (dominant emotion, mood octant and class, action units).</summary>
    public Expression Expression(AgentId agent) => new(World, Fields, _table!, agent);

    /// <summary>The agent's personality.</summary>
    public Ocean Personality(AgentId agent)
    {
        var w = World;
        return new Ocean(
            w.Value(agent, Fields.Personality, 0),
            w.Value(agent, Fields.Personality, 1),
            w.Value(agent, Fields.Personality, 2),
            w.Value(agent, Fields.Personality, 3),
            w.Value(agent, Fields.Personality, 4));
    }

    /// <summary>Sets the current mood (each axis must be in [-1, 1]).</summary>
    public void SetMood(AgentId agent, Pad mood)
    {
        if (!InRange(mood))
        {
            throw new ArgumentOutOfRangeException(nameof(mood), mood, "Mood axes must be in [-1, 1].");
        }

        SetPad(agent, Fields.Mood, mood);
    }

    /// <summary>The current mood.</summary>
    public Pad Mood(AgentId agent) => GetPad(agent, Fields.Mood);

    /// <summary>The default mood.</summary>
    public Pad DefaultMood(AgentId agent) => GetPad(agent, Fields.DefaultMood);

    /// <summary>The current intensity of an emotion type.</summary>
    public float Intensity(AgentId agent, EmotionType type) => World.Value(agent, Fields.Emotion, (int)type);

    /// <summary>
    /// Adds an impulse of intensity <paramref name="impulse"/> in [0, 1] to an emotion. Repeated
    /// impulses combine as a probabilistic sum, I' = I + x − I·x: commutative, associative, monotone
    /// and bounded by 1, so the order of impulses in one tick does not matter (docs/models.md).
    /// </summary>
    public void Elicit(AgentId agent, EmotionType type, float impulse)
    {
        if (float.IsNaN(impulse) || impulse < 0f || impulse > 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(impulse), impulse, $"Impulse of '{type.Name()}' must be in [0, 1].");
        }

        ref var i = ref World.Value(agent, Fields.Emotion, (int)type);
        i = Combine(i, impulse);
    }

    /// <summary>The combination rule for repeated impulses (probabilistic sum).</summary>
    public static float Combine(float current, float impulse) => current + impulse - (current * impulse);

    private static bool InRange(Pad p) =>
        p.P is >= -1f and <= 1f && p.A is >= -1f and <= 1f && p.D is >= -1f and <= 1f;

    private void SetPad(AgentId agent, FieldId field, Pad pad)
    {
        var w = World;
        w.Value(agent, field, 0) = pad.P;
        w.Value(agent, field, 1) = pad.A;
        w.Value(agent, field, 2) = pad.D;
    }

    private Pad GetPad(AgentId agent, FieldId field)
    {
        var w = World;
        return new Pad(w.Value(agent, field, 0), w.Value(agent, field, 1), w.Value(agent, field, 2));
    }
}
