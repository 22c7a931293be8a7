using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AffectEngine.Conformance.Tests;

/// <summary>The plugin folders the build copies beside the tests, and fresh temp copies of them.</summary>
internal static class PluginFolders
{
    public static string Bundled => Path.Combine(AppContext.BaseDirectory, "plugins");

    public static string Faulty => Path.Combine(AppContext.BaseDirectory, "faulty-plugins");

    public static string Weather => Path.Combine(Bundled, "AffectEngine.Plugins.Weather");

    /// <summary>One subfolder per bundled plugin (every project under plugins/).</summary>
    public static IEnumerable<string> BundledPlugins() => Directory.GetDirectories(Bundled).OrderBy(d => d, StringComparer.Ordinal);

    /// <summary>A new temp folder holding copies of <paramref name="sources"/>' files, one subfolder each.</summary>
    public static TempFolder CopyToTemp(params string[] sources)
    {
        var temp = new TempFolder();
        foreach (var source in sources)
        {
            var target = Path.Combine(temp.Path, Path.GetFileName(source));
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(source))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        return temp;
    }
}

internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "affect-plugins-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A loaded plugin file may still be mapped; the OS temp cleaner gets it.
        }
    }
}
