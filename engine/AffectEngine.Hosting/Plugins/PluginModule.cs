#if NET
using System;
using System.Diagnostics.CodeAnalysis;
using AffectEngine.Core;
using AffectEngine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Hosting.Plugins;

/// <summary>A loaded plugin as an engine module: declares its fields, then creates and attaches its systems per world.</summary>
internal sealed class PluginModule : IEngineModule, IInputReaders
{
    private readonly LoadedPlugin _plugin;

    public PluginModule(LoadedPlugin plugin) => _plugin = plugin;

    public string Name => "plugin:" + _plugin.Name;

    public void Declare(AgentSchema.Builder schema)
    {
        foreach (var (name, components) in _plugin.Registry.Fields)
        {
            try
            {
                _ = components.Length == 0 ? schema.Add(name) : schema.Add(name, components);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException($"Plugin '{_plugin.Name}' cannot declare field '{name}': {ex.Message}", ex);
            }
        }
    }

    public void AddInputReaders(Persistence.TickInputRegistry registry)
    {
        foreach (var (kind, reader) in _plugin.Registry.InputReaders)
        {
            registry.Register(kind, reader);
        }
    }

    public void Attach(Simulation simulation)
    {
        var world = new PluginWorld(simulation.World);
        foreach (var (name, factory) in _plugin.Registry.Systems)
        {
            ISystem system;
            try
            {
                system = factory(world) ?? throw new InvalidOperationException("the factory returned null");
            }
#pragma warning disable CA1031 // Foreign code: any failure becomes one message naming the plugin and the system.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                throw new InvalidOperationException($"Plugin '{_plugin.Name}' could not create system '{name}': {ex.GetType().Name}: {ex.Message}", ex);
            }

            simulation.Attach(system);
        }
    }
}

/// <summary>The world as plugin systems see it (Abstractions types only).</summary>
internal sealed class PluginWorld : IPluginWorld
{
    private readonly World _world;

    public PluginWorld(World world) => _world = world;

    public IAgentStore Agents => _world;

    public ulong Seed => _world.Seed;

    public double StepSeconds => _world.Options.StepSeconds;

    public ReadOnlySpan<TickInput> CurrentInputs => _world.Inputs.Current;

    public void AddStateContributor(IStateContributor contributor) => _world.AddStateContributor(contributor);
}

/// <summary>Enables plugin folders on an engine registration.</summary>
public static class PluginBuilderExtensions
{
    /// <summary>
    /// Loads plugins from the folders named in <paramref name="configure"/> (none by default) and adds
    /// each as a module of every runner, after the modules registered before this call. The catalog
    /// (with any failures) is registered as a singleton. Throws <see cref="PluginLoadException"/> under
    /// <see cref="PluginFailurePolicy.Stop"/> when a plugin fails.
    /// </summary>
    [RequiresUnreferencedCode(PluginCatalog.TrimMessage)]
    public static AffectEngineBuilder AddPlugins(this AffectEngineBuilder builder, Action<PluginOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new PluginOptions();
        configure(options);
        return builder.AddPlugins(PluginCatalog.Load(options));
    }

    /// <summary>
    /// Adds the plugins of an already loaded catalog as modules of every runner, and registers their
    /// appraisal models in <see cref="AffectEngineOptions.AppraisalModels"/> (so a scenario can select
    /// them by name). Call it after any code that replaces <see cref="AffectEngineOptions.AppraisalModels"/>.
    /// </summary>
    public static AffectEngineBuilder AddPlugins(this AffectEngineBuilder builder, PluginCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(catalog);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddAffectEngine(o => o.AppraisalModels.AddFrom(catalog));
        foreach (var plugin in catalog.Plugins)
        {
            builder.AddModule(_ => new PluginModule(plugin));
        }

        return builder;
    }
}
#endif
