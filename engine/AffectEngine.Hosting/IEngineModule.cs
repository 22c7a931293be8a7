using AffectEngine.Core;

namespace AffectEngine.Hosting;

/// <summary>
/// A part of the engine that declares hot fields and attaches systems: the affect model, the social
/// module, a plugin. Modules are set up in registration order, which fixes the field layout and
/// the order of systems within each stage.
/// </summary>
public interface IEngineModule
{
    /// <summary>A stable name (diagnostics, records' plugin list).</summary>
    string Name { get; }

    /// <summary>Declares the module's per-agent fields before the world exists.</summary>
    void Declare(AgentSchema.Builder schema);

    /// <summary>Attaches the module's systems and state contributors once the world exists.</summary>
    void Attach(Simulation simulation);
}

/// <summary>A module that links itself to other modules of its runner once all are attached (the social layer to appraisal).</summary>
internal interface IRunnerAware
{
    /// <summary>Called once, after every module and system is attached.</summary>
    void Connect(SimulationRunner runner);
}
