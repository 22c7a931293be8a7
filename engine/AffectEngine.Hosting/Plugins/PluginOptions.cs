#if NET
using System.Collections.Generic;

namespace AffectEngine.Hosting.Plugins;

/// <summary>What a host does when a plugin cannot be loaded or throws while registering.</summary>
public enum PluginFailurePolicy
{
    /// <summary>Report the failure (in <see cref="PluginCatalog.Failures"/>) and go on without the plugin.</summary>
    Skip = 0,

    /// <summary>Stop: throw <see cref="PluginLoadException"/> listing every failure.</summary>
    Stop = 1,
}

/// <summary>
/// Where plugins come from and how failures are handled. There is no default folder: a host loads
/// nothing from the working directory or anywhere else unless a folder is named here.
/// </summary>
public sealed class PluginOptions
{
    /// <summary>
    /// Folders to search. Each <c>*.dll</c> directly in a folder, and in each of its immediate
    /// subfolders (one folder per plugin with its private dependencies), is examined.
    /// </summary>
    public IList<string> Folders { get; } = new List<string>();

    /// <summary>What to do when a plugin fails (default: skip it and report).</summary>
    public PluginFailurePolicy OnFailure { get; set; } = PluginFailurePolicy.Skip;

    /// <summary>
    /// Load each plugin in a collectible context, so <see cref="PluginCatalog.Dispose"/> lets the
    /// runtime unload it (tools that only inspect plugins). Off by default: collectible contexts cost
    /// a little speed and a plugin in use by a running world must not be unloaded.
    /// </summary>
    public bool Collectible { get; set; }

    /// <summary>Every problem (field path, allowed range and value); empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var p = new Problems();
        for (var i = 0; i < Folders.Count; i++)
        {
            p.Require(!string.IsNullOrWhiteSpace(Folders[i]), $"PluginOptions.Folders[{i}] is empty; name a folder.");
        }

        p.Require(OnFailure is PluginFailurePolicy.Skip or PluginFailurePolicy.Stop, $"PluginOptions.OnFailure must be Skip or Stop; got {(int)OnFailure}.");
        return p.List;
    }
}
#endif
