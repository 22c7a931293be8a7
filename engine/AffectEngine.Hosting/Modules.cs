using AffectEngine.Affect;
using AffectEngine.Core;

namespace AffectEngine.Hosting;

/// <summary>Fields every host needs whatever the model: the agent's position (scenario units).</summary>
internal sealed class SpatialModule : IEngineModule
{
    private static readonly string[] Xy = ["x", "y"];

    public string Name => "spatial";

    public FieldId Position { get; private set; }

    public void Declare(AgentSchema.Builder schema) => Position = schema.Add("position", Xy);

    public void Attach(Simulation simulation)
    {
    }
}

/// <summary>The affect model (emotion dynamics, ALMA mood, direct impulses, ambient stimuli) as an engine module.</summary>
public sealed class AffectEngineModule : IEngineModule
{
    private readonly AffectSettings _settings;
    private readonly AmbientSettings _ambient;
    private AffectModule? _module;

    /// <summary>Creates the module with its settings.</summary>
    public AffectEngineModule(AffectSettings settings, AmbientSettings ambient)
    {
        _settings = settings;
        _ambient = ambient;
    }

    /// <inheritdoc />
    public string Name => "affect";

    /// <summary>The affect model of this runner's world.</summary>
    public AffectModule Affect => _module ?? throw new System.InvalidOperationException("The affect module has not been declared yet.");

    /// <inheritdoc />
    public void Declare(AgentSchema.Builder schema) => _module = new AffectModule(schema, _settings);

    /// <inheritdoc />
    public void Attach(Simulation simulation)
    {
        AffectInputs.Attach(simulation, Affect, _ambient);
        Affect.Attach(simulation);
    }
}
