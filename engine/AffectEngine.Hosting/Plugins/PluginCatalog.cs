#if NET
using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using AffectEngine.Plugins;

namespace AffectEngine.Hosting.Plugins;

/// <summary>A plugin that loaded and registered: who it is and what it adds.</summary>
public sealed class LoadedPlugin
{
    internal LoadedPlugin(IAffectEnginePlugin instance, string assemblyPath, int apiMajor, int apiMinor, PluginRegistry registry)
    {
        Instance = instance;
        Name = instance.Name;
        Version = instance.Version;
        AssemblyPath = assemblyPath;
        ApiVersion = $"{apiMajor}.{apiMinor}";
        Registry = registry;
        Fields = registry.Fields.Select(f => f.Components.Length == 0 ? f.Name : $"{f.Name}({string.Join(",", f.Components)})").ToArray();
        Systems = registry.Systems.Select(s => s.Name).ToArray();
        InputKinds = registry.InputReaders.Select(r => r.Kind).ToArray();
        Components = registry.Components.Select(c => $"{c.Contract.Name}:{c.Name}").ToArray();
    }

    /// <summary>The plugin's name.</summary>
    public string Name { get; }

    /// <summary>The plugin's own version.</summary>
    public string Version { get; }

    /// <summary>The plugin API version it was built against ("major.minor").</summary>
    public string ApiVersion { get; }

    /// <summary>Where its assembly was loaded from.</summary>
    public string AssemblyPath { get; }

    /// <summary>The plugin object (its types live in the plugin's own load context).</summary>
    public IAffectEnginePlugin Instance { get; }

    /// <summary>Declared fields (vector fields as <c>name(p,a,d)</c>).</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>System names.</summary>
    public IReadOnlyList<string> Systems { get; }

    /// <summary>Input kinds it reads.</summary>
    public IReadOnlyList<string> InputKinds { get; }

    /// <summary>Components as <c>Contract:name</c>.</summary>
    public IReadOnlyList<string> Components { get; }

    /// <summary>The registered system factories by system name (conformance kits call them against unusual worlds).</summary>
    public IReadOnlyList<(string Name, Func<IPluginWorld, ISystem> Factory)> SystemFactories => Registry.Systems;

    internal PluginRegistry Registry { get; }
}

/// <summary>A plugin (or a file that looked like one) that could not be used, and why.</summary>
public sealed class PluginLoadFailure
{
    internal PluginLoadFailure(string name, string path, string reason)
    {
        Name = name;
        Path = path;
        Reason = reason;
    }

    /// <summary>The plugin's name when known, else the assembly's or file's name.</summary>
    public string Name { get; }

    /// <summary>The file or folder concerned.</summary>
    public string Path { get; }

    /// <summary>What went wrong, in words a plugin author can act on.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string ToString() => $"plugin '{Name}' ({Path}): {Reason}";
}

/// <summary>Thrown under <see cref="PluginFailurePolicy.Stop"/> when any plugin fails; the message lists each one.</summary>
public sealed class PluginLoadException : Exception
{
    /// <summary>Creates the exception from the failures.</summary>
    public PluginLoadException(IReadOnlyList<PluginLoadFailure> failures)
        : base("Plugins failed to load: " + string.Join("; ", (failures ?? []).Select(f => f.ToString())))
    {
        Failures = failures ?? [];
    }

    /// <summary>Creates the exception.</summary>
    public PluginLoadException()
        : this([])
    {
    }

    /// <summary>Creates the exception.</summary>
    public PluginLoadException(string message)
        : base(message) => Failures = [];

    /// <summary>Creates the exception.</summary>
    public PluginLoadException(string message, Exception innerException)
        : base(message, innerException) => Failures = [];

    /// <summary>Every failure.</summary>
    public IReadOnlyList<PluginLoadFailure> Failures { get; }
}

/// <summary>
/// The plugins found in the configured folders, each loaded in its own <c>AssemblyLoadContext</c>
/// that shares only AffectEngine.Abstractions with the host. Files are visited in ordinal path order,
/// so the field layout and system order (and hence state hashes) do not depend on the file system's order.
/// </summary>
public sealed class PluginCatalog : IDisposable
{
    internal const string TrimMessage = "Plugins are loaded from files at run time; trimming cannot see what they use.";
    private const string AttributeNamespace = "AffectEngine.Plugins";
    private const string AttributeName = nameof(AffectEnginePluginAttribute);
    private readonly List<PluginLoadContext> _contexts = [];
    private readonly List<LoadedPlugin> _plugins = [];
    private readonly List<PluginLoadFailure> _failures = [];

    private PluginCatalog()
    {
    }

    /// <summary>Plugins loaded, in load order.</summary>
    public IReadOnlyList<LoadedPlugin> Plugins => _plugins;

    /// <summary>Plugins that failed (only under <see cref="PluginFailurePolicy.Skip"/>; Stop throws instead).</summary>
    public IReadOnlyList<PluginLoadFailure> Failures => _failures;

    /// <summary>
    /// Loads the plugins of <paramref name="options"/>' folders. Under <see cref="PluginFailurePolicy.Stop"/>
    /// throws <see cref="PluginLoadException"/> if any fails; invalid options throw <see cref="ArgumentException"/>.
    /// </summary>
    [RequiresUnreferencedCode(TrimMessage)]
    public static PluginCatalog Load(PluginOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Problems.ThrowIfAny(options.Validate(), paramName: nameof(options));

        var catalog = new PluginCatalog();
        foreach (var folder in options.Folders)
        {
            catalog.LoadFolder(Path.GetFullPath(folder), options.Collectible);
        }

        if (options.OnFailure == PluginFailurePolicy.Stop && catalog._failures.Count > 0)
        {
            var failures = catalog._failures.ToArray();
            catalog.Dispose();
            throw new PluginLoadException(failures);
        }

        return catalog;
    }

    /// <summary>
    /// The plugins a host ships with (assemblies it references, by name), registered the way
    /// <see cref="Load"/> registers a folder's: the assembly's AffectEnginePlugin attribute, the API
    /// version check, Register. So a host adds its bundled plugins through the loader, never by naming
    /// their types. A bundled plugin that does not register is a build defect: it throws <see cref="PluginLoadException"/>.
    /// </summary>
    [RequiresUnreferencedCode(TrimMessage)]
    public static PluginCatalog LoadBundled(params string[] assemblyNames)
    {
        ArgumentNullException.ThrowIfNull(assemblyNames);
        var catalog = new PluginCatalog();
        foreach (var assemblyName in assemblyNames)
        {
            // Assembly.Location is empty in a single-file app; the host's folder is where the file ships otherwise.
            var assembly = Assembly.Load(new AssemblyName(assemblyName));
            catalog.RegisterPlugins(assembly, Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"));
        }

        if (catalog._failures.Count > 0)
        {
            throw new PluginLoadException(catalog._failures.ToArray());
        }

        return catalog;
    }

    /// <summary>The names of the components registered for <typeparamref name="TContract"/>, in load order.</summary>
    public IReadOnlyList<string> ComponentNames<TContract>()
        where TContract : class =>
        _plugins.SelectMany(p => p.Registry.Components).Where(c => c.Contract == typeof(TContract)).Select(c => c.Name).ToArray();

    /// <summary>Creates the component <paramref name="name"/> of <typeparamref name="TContract"/>; false when no plugin adds it.</summary>
    public bool TryCreateComponent<TContract>(string name, out TContract? component)
        where TContract : class
    {
        foreach (var plugin in _plugins)
        {
            foreach (var c in plugin.Registry.Components)
            {
                if (c.Contract == typeof(TContract) && string.Equals(c.Name, name, StringComparison.Ordinal))
                {
                    component = (TContract)c.Factory();
                    return true;
                }
            }
        }

        component = null;
        return false;
    }

    /// <summary>The reader plugins registered for an input kind.</summary>
    public bool TryGetInputReader(string kind, out TickInputReader? reader)
    {
        foreach (var plugin in _plugins)
        {
            foreach (var r in plugin.Registry.InputReaders)
            {
                if (string.Equals(r.Kind, kind, StringComparison.Ordinal))
                {
                    reader = r.Reader;
                    return true;
                }
            }
        }

        reader = null;
        return false;
    }

    /// <summary>Unloads collectible plugin contexts (no-op for non-collectible ones, which live as long as the process).</summary>
    public void Dispose()
    {
        _plugins.Clear();
        foreach (var context in _contexts)
        {
            if (context.IsCollectible)
            {
                context.Unload();
            }
        }

        _contexts.Clear();
    }

    private void LoadFolder(string folder, bool collectible)
    {
        if (!Directory.Exists(folder))
        {
            _failures.Add(new PluginLoadFailure(Path.GetFileName(folder), folder, "the plugin folder does not exist"));
            return;
        }

        var files = Directory.GetFiles(folder, "*.dll").ToList();
        foreach (var sub in Directory.GetDirectories(folder))
        {
            files.AddRange(Directory.GetFiles(sub, "*.dll"));
        }

        files.Sort(StringComparer.Ordinal);
        foreach (var file in files)
        {
            LoadFile(file, collectible);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Reached only from Load, which carries RequiresUnreferencedCode.")]
    private void LoadFile(string file, bool collectible)
    {
        var fileName = Path.GetFileNameWithoutExtension(file);
        string? why = null;
        bool marked;
        try
        {
            marked = HasPluginAttribute(file);
        }
        catch (Exception ex) when (ex is BadImageFormatException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            marked = false;
            why = $"not a valid .NET assembly ({ex.Message})";
        }

        if (why is not null)
        {
            _failures.Add(new PluginLoadFailure(fileName, file, why));
            return;
        }

        if (!marked)
        {
            // A private dependency of a plugin, not a plugin itself.
            return;
        }

        var context = new PluginLoadContext(file, collectible);
        _contexts.Add(context);
        Assembly assembly;
        try
        {
            assembly = context.LoadFromAssemblyPath(file);
        }
        catch (Exception ex) when (ex is BadImageFormatException or FileLoadException or IOException)
        {
            _failures.Add(new PluginLoadFailure(fileName, file, "the assembly could not be loaded: " + ex.Message));
            return;
        }

        RegisterPlugins(assembly, file);
    }

    /// <summary>Registers each plugin an assembly's AffectEnginePlugin attributes name: the one path folder and bundled plugins share.</summary>
    private void RegisterPlugins(Assembly assembly, string file)
    {
        var name = assembly.GetName().Name ?? Path.GetFileNameWithoutExtension(file);
        foreach (var attribute in assembly.GetCustomAttributesData())
        {
            if (attribute.AttributeType.Name != AttributeName || attribute.AttributeType.Namespace != AttributeNamespace)
            {
                continue;
            }

            if (attribute.AttributeType != typeof(AffectEnginePluginAttribute))
            {
                _failures.Add(new PluginLoadFailure(name, file, "it carries its own copy of AffectEngine.Abstractions; reference it with Private=false so the host's copy is used"));
                continue;
            }

            TryRegister(name, file, attribute);
        }
    }

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "Reached only from Load, which carries RequiresUnreferencedCode.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Reached only from Load, which carries RequiresUnreferencedCode.")]
    private void TryRegister(string assemblyName, string file, CustomAttributeData attribute)
    {
        var args = attribute.ConstructorArguments;
        var type = args.Count > 0 ? args[0].Value as Type : null;
        var major = args.Count > 1 && args[1].Value is int m ? m : -1;
        var minor = args.Count > 2 && args[2].Value is int n ? n : -1;
        var label = type is null ? assemblyName : $"{assemblyName} ({type.FullName})";
        var incompatible = PluginApi.CheckCompatible(major, minor);
        if (incompatible is not null)
        {
            _failures.Add(new PluginLoadFailure(label, file, "refused: " + incompatible));
            return;
        }

        if (type is null || !typeof(IAffectEnginePlugin).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
        {
            _failures.Add(new PluginLoadFailure(label, file, "the attribute's type must be a concrete IAffectEnginePlugin with a public parameterless constructor"));
            return;
        }

        IAffectEnginePlugin plugin;
        try
        {
            plugin = (IAffectEnginePlugin)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException ex)
        {
            _failures.Add(new PluginLoadFailure(label, file, "its constructor threw " + Describe(ex.InnerException ?? ex)));
            return;
        }

        string name;
        try
        {
            name = string.IsNullOrWhiteSpace(plugin.Name) ? label : plugin.Name;
        }
#pragma warning disable CA1031 // A plugin's Name getter is foreign code: any failure is reported, never fatal to the host.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _failures.Add(new PluginLoadFailure(label, file, "its Name threw " + Describe(ex)));
            return;
        }

        if (_plugins.Any(p => string.Equals(p.Name, name, StringComparison.Ordinal)))
        {
            _failures.Add(new PluginLoadFailure(name, file, "another plugin with this name is already loaded"));
            return;
        }

        var registry = new PluginRegistry(name);
        try
        {
            plugin.Register(registry);
            _plugins.Add(new LoadedPlugin(plugin, file, major, minor, registry));
        }
#pragma warning disable CA1031 // Register runs foreign code: whatever it throws rejects the plugin and is reported by name.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _failures.Add(new PluginLoadFailure(name, file, "Register threw " + Describe(ex)));
        }
    }

    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";

    /// <summary>Reads the metadata without loading code: is there an assembly-level AffectEnginePlugin attribute?</summary>
    private static bool HasPluginAttribute(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("the file has no .NET metadata");
        }

        var md = pe.GetMetadataReader();
        foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            var ctor = md.GetCustomAttribute(handle).Constructor;
            if (ctor.Kind != HandleKind.MemberReference)
            {
                continue;
            }

            var parent = md.GetMemberReference((MemberReferenceHandle)ctor).Parent;
            if (parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            var typeRef = md.GetTypeReference((TypeReferenceHandle)parent);
            if (md.StringComparer.Equals(typeRef.Name, AttributeName) && md.StringComparer.Equals(typeRef.Namespace, AttributeNamespace))
            {
                return true;
            }
        }

        return false;
    }
}
#endif
