#if NET
using System;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace AffectEngine.Hosting.Plugins;

/// <summary>
/// One plugin's load context. AffectEngine.Abstractions always resolves to the host's own copy, so
/// the plugin's <see cref="AffectEngine.Plugins.IAffectEnginePlugin"/> is the host's type; the
/// plugin's private dependencies resolve from its folder; the framework comes from the default
/// context. Other engine assemblies are refused: plugins see Abstractions only (docs/architecture.md, "Layers").
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private static readonly Assembly Abstractions = typeof(AffectEngine.Plugins.IAffectEnginePlugin).Assembly;
    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _folder;

    public PluginLoadContext(string pluginPath, bool collectible)
        : base("AffectEngine plugin " + Path.GetFileNameWithoutExtension(pluginPath), collectible)
    {
        _resolver = new AssemblyDependencyResolver(pluginPath);
        _folder = Path.GetDirectoryName(pluginPath) ?? ".";
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Plugin loading is marked RequiresUnreferencedCode at its public entry (PluginCatalog.Load).")]
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name ?? "";
        if (string.Equals(name, Abstractions.GetName().Name, StringComparison.Ordinal))
        {
            return Abstractions;
        }

        if (name.StartsWith("AffectEngine.", StringComparison.Ordinal) && IsEngineAssembly(name))
        {
            throw new FileLoadException($"Plugins may reference AffectEngine.Abstractions only; this one asks for {name}.");
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            // No .deps.json (a plain copied folder): a private dependency sits beside the plugin.
            var beside = Path.Combine(_folder, name + ".dll");
            path = File.Exists(beside) && !IsInDefaultContext(name) ? beside : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static bool IsEngineAssembly(string name)
    {
        foreach (var a in Default.Assemblies)
        {
            if (string.Equals(a.GetName().Name, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // Not loaded in the host, but still an engine library by name: refuse rather than load a second engine.
        return name is "AffectEngine.Core" or "AffectEngine.Affect" or "AffectEngine.Hosting" or "AffectEngine.Scenarios";
    }

    private static bool IsInDefaultContext(string name)
    {
        // Framework assemblies come from the host even if a plugin folder carries a copy.
        var dir = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        return !string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, name + ".dll"));
    }
}
#endif
