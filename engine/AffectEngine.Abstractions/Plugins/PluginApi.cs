using System;

namespace AffectEngine.Plugins;

/// <summary>
/// The version of the plugin contract in this build of AffectEngine.Abstractions. A host refuses a
/// plugin built against another major version (breaking changes), or a newer minor version (it may
/// call members this host lacks). Bump <see cref="Minor"/> for additions, <see cref="Major"/> for breaks.
/// </summary>
public static class PluginApi
{
    /// <summary>Breaking-change counter of the plugin contract.</summary>
    public const int Major = 1;

    /// <summary>
    /// Additive-change counter of the plugin contract. 1: perception source kinds
    /// (<see cref="AffectEngine.Perception.IPerceptionSourceKind"/>), appraisal model defaults
    /// (<see cref="AffectEngine.Appraisal.IAppraisalModelDefaults"/>), <c>PerceptQuality.OutOfOrder</c>.
    /// </summary>
    public const int Minor = 1;

    /// <summary>Null when a plugin built against <paramref name="major"/>.<paramref name="minor"/> can run on this host; otherwise why not.</summary>
    public static string? CheckCompatible(int major, int minor)
    {
        if (major != Major)
        {
            return $"it was built against plugin API {major}.{minor}, but this host supports {Major}.x (major versions are incompatible)";
        }

        if (minor > Minor)
        {
            return $"it was built against plugin API {major}.{minor}, newer than this host's {Major}.{Minor}; update the host";
        }

        return null;
    }
}

/// <summary>
/// Marks an assembly as an AffectEngine plugin and names its entry type, which must implement
/// <see cref="IAffectEnginePlugin"/> and have a public parameterless constructor. Hosts find plugins
/// by this attribute alone; they never scan every type. Leave the API arguments at their defaults:
/// the compiler then records the <see cref="PluginApi"/> version the plugin was built against.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class AffectEnginePluginAttribute : Attribute
{
    /// <summary>
    /// Marks the assembly. Optional arguments are baked into the plugin's metadata at compile time,
    /// which is how the host learns the API version the plugin was compiled against.
    /// </summary>
    public AffectEnginePluginAttribute(Type pluginType, int apiMajor = PluginApi.Major, int apiMinor = PluginApi.Minor)
    {
        PluginType = pluginType;
        ApiMajor = apiMajor;
        ApiMinor = apiMinor;
    }

    /// <summary>The type implementing <see cref="IAffectEnginePlugin"/>.</summary>
    public Type PluginType { get; }

    /// <summary>The plugin API major version the plugin was built against.</summary>
    public int ApiMajor { get; }

    /// <summary>The plugin API minor version the plugin was built against.</summary>
    public int ApiMinor { get; }
}

/// <summary>A plugin's entry point: says who it is and registers what it adds.</summary>
public interface IAffectEnginePlugin
{
    /// <summary>A stable name (diagnostics, the records' plugin list, <c>affect plugins</c>).</summary>
    string Name { get; }

    /// <summary>The plugin's own version (free text, e.g. "1.2.0").</summary>
    string Version { get; }

    /// <summary>
    /// Registers fields, systems, input readers and components. Called once when the plugin is
    /// loaded, before any world exists; a throw here rejects the whole plugin (nothing it registered is kept).
    /// </summary>
    void Register(IPluginRegistry registry);
}

/// <summary>
/// What a plugin can add to the engine. Names must be non-empty and unique per kind; a duplicate or
/// empty name throws <see cref="ArgumentException"/>, which rejects the plugin with that message.
/// </summary>
public interface IPluginRegistry
{
    /// <summary>
    /// Declares a per-agent hot field. With no components it is a scalar; with components it is a
    /// vector whose parts are also looked up as <c>name.component</c>. Fields are zero for new agents.
    /// </summary>
    void DeclareField(string name, params string[] components);

    /// <summary>
    /// Adds a system. The factory runs once per world, after every field is declared, and may look up
    /// fields (its own and the engine's, such as "mood") through <see cref="IPluginWorld.Agents"/>.
    /// </summary>
    void AddSystem(string name, Func<IPluginWorld, ISystem> factory);

    /// <summary>Adds a reader for inputs of <paramref name="kind"/> (the <see cref="TickInput.Kind"/> the plugin's inputs report).</summary>
    void AddInputReader(string kind, TickInputReader reader);

    /// <summary>
    /// Adds a component of a contract the host looks up by type: an appraisal model, a perception
    /// source factory, or any other extension point whose interface lives in Abstractions.
    /// <paramref name="name"/> is what scenarios select it by (e.g. "gamygdala", "openface").
    /// </summary>
    void AddComponent<TContract>(string name, Func<TContract> factory)
        where TContract : class;
}

/// <summary>What a plugin's system sees of a world: agent storage, the tick's inputs, and the state registry.</summary>
public interface IPluginWorld
{
    /// <summary>The agents' hot fields.</summary>
    IAgentStore Agents { get; }

    /// <summary>The run's seed.</summary>
    ulong Seed { get; }

    /// <summary>The fixed step in simulated seconds.</summary>
    double StepSeconds { get; }

    /// <summary>The input batch of the tick being run, in canonical order (empty between ticks).</summary>
    ReadOnlySpan<TickInput> CurrentInputs { get; }

    /// <summary>Registers state kept outside the blocks so it is hashed and saved with the world.</summary>
    void AddStateContributor(IStateContributor contributor);
}
