#if NET
using System;
using System.Collections.Generic;
using System.Linq;
using AffectEngine.Plugins;

namespace AffectEngine.Hosting.Plugins;

/// <summary>Collects what one plugin registers; checks names as they come so a bad registration names itself.</summary>
internal sealed class PluginRegistry : IPluginRegistry
{
    private readonly string _plugin;

    public PluginRegistry(string plugin) => _plugin = plugin;

    public List<(string Name, string[] Components)> Fields { get; } = [];

    public List<(string Name, Func<IPluginWorld, ISystem> Factory)> Systems { get; } = [];

    public List<(string Kind, TickInputReader Reader)> InputReaders { get; } = [];

    public List<(Type Contract, string Name, Func<object> Factory)> Components { get; } = [];

    public void DeclareField(string name, params string[] components)
    {
        CheckName(name, "field");
        components ??= [];
        foreach (var c in components)
        {
            CheckName(c, $"component of field '{name}'");
        }

        if (Fields.Any(f => f.Name == name))
        {
            throw new ArgumentException($"Plugin '{_plugin}' declares field '{name}' twice.", nameof(name));
        }

        Fields.Add((name, (string[])components.Clone()));
    }

    public void AddSystem(string name, Func<IPluginWorld, ISystem> factory)
    {
        CheckName(name, "system");
        ArgumentNullException.ThrowIfNull(factory);
        if (Systems.Any(s => s.Name == name))
        {
            throw new ArgumentException($"Plugin '{_plugin}' adds system '{name}' twice.", nameof(name));
        }

        Systems.Add((name, factory));
    }

    public void AddInputReader(string kind, TickInputReader reader)
    {
        CheckName(kind, "input kind");
        ArgumentNullException.ThrowIfNull(reader);
        if (InputReaders.Any(r => r.Kind == kind))
        {
            throw new ArgumentException($"Plugin '{_plugin}' adds a reader for input kind '{kind}' twice.", nameof(kind));
        }

        InputReaders.Add((kind, reader));
    }

    public void AddComponent<TContract>(string name, Func<TContract> factory)
        where TContract : class
    {
        CheckName(name, typeof(TContract).Name);
        ArgumentNullException.ThrowIfNull(factory);
        if (Components.Any(c => c.Contract == typeof(TContract) && c.Name == name))
        {
            throw new ArgumentException($"Plugin '{_plugin}' adds {typeof(TContract).Name} '{name}' twice.", nameof(name));
        }

        Components.Add((typeof(TContract), name, factory));
    }

    private void CheckName(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException($"Plugin '{_plugin}' registers a {what} without a name.", nameof(name));
        }
    }
}
#endif
