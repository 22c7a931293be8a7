using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using AffectEngine.Hosting.Plugins;
using AffectEngine.Plugins;

namespace AffectEngine.Cli.Commands;

/// <summary>
/// <c>affect plugins [--dir d]...</c>: lists the plugins found in the given folders — name, version,
/// plugin API version, what each adds — and every load error. Plugins are loaded in collectible
/// contexts and unloaded afterwards; nothing is loaded when no folder is named.
/// </summary>
internal static class PluginsCommand
{
    public static Command Create()
    {
        var dirs = new Option<string[]>("--dir") { Description = "A plugin folder (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = new Command("plugins", $"List the plugins found in folders (this host speaks plugin API {PluginApi.Major}.{PluginApi.Minor}).") { dirs };
        command.SetAction(parse => Run(parse.GetValue(dirs) ?? []));
        return command;
    }

    private static int Run(string[] dirs)
    {
        var options = new PluginOptions { Collectible = true };
        foreach (var d in dirs)
        {
            if (!Directory.Exists(d))
            {
                throw new UserException($"--dir: no folder '{d}'");
            }

            options.Folders.Add(d);
        }

        var output = Console.Out;
        output.WriteLine($"plugin API {PluginApi.Major}.{PluginApi.Minor}; folders: {(dirs.Length == 0 ? "(none; pass --dir)" : string.Join(", ", dirs))}");
        using var catalog = PluginCatalog.Load(options);
        foreach (var p in catalog.Plugins)
        {
            output.WriteLine($"{p.Name} {p.Version} (API {p.ApiVersion}) {p.AssemblyPath}");
            Line(output, "fields", p.Fields);
            Line(output, "systems", p.Systems);
            Line(output, "inputs", p.InputKinds);
            Line(output, "appraisal models", Of(p, "IAppraisalModel"));
            Line(output, "perception sources", Of(p, "IPerceptionSourceKind"));
            Line(output, "components", p.Components.Where(c => !c.StartsWith("IAppraisalModel:", StringComparison.Ordinal) && !c.StartsWith("IPerceptionSourceKind:", StringComparison.Ordinal)).ToArray());
        }

        foreach (var f in catalog.Failures)
        {
            output.WriteLine($"error: {f}");
        }

        output.WriteLine($"{catalog.Plugins.Count} loaded, {catalog.Failures.Count} failed");
        return catalog.Failures.Count == 0 ? 0 : 1;
    }

    private static string[] Of(LoadedPlugin plugin, string contract) =>
        plugin.Components.Where(c => c.StartsWith(contract + ":", StringComparison.Ordinal)).Select(c => c.Substring(contract.Length + 1)).ToArray();

    private static void Line(TextWriter output, string what, System.Collections.Generic.IReadOnlyList<string> items)
    {
        if (items.Count > 0)
        {
            output.WriteLine($"  {what}: {string.Join(", ", items)}");
        }
    }
}
