using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace AffectEngine.Architecture.Tests;

/// <summary>
/// Enforces the layers of docs/architecture.md: tools → Hosting → {Affect, Social, Scenarios, Persistence, Reactive}
/// → Core → Abstractions ← plugins. Checked on every project file in the tree (so new projects are
/// covered without editing this test) and on the built engine assemblies.
/// </summary>
public sealed class DependencyDirectionTests
{
    private static readonly string Root = FindRoot();

    /// <summary>Engine layers: a project may reference only projects of a lower rank (Affect is the model the middle layer shares).</summary>
    private static readonly Dictionary<string, int> Rank = new(StringComparer.Ordinal)
    {
        ["AffectEngine.Abstractions"] = 0,
        ["AffectEngine.Core"] = 1,
        ["AffectEngine.Affect"] = 2,
        ["AffectEngine.Social"] = 3,
        ["AffectEngine.Scenarios"] = 3,
        ["AffectEngine.Persistence"] = 3,
        ["AffectEngine.Reactive"] = 3,
        ["AffectEngine.Behaviour"] = 3,
        ["AffectEngine.Hosting"] = 4,
    };

    private static readonly string[] UiOrConsolePackages = ["System.Reactive", "Silk.NET", "Spectre.Console", "System.CommandLine", "SkiaSharp", "ScottPlot"];

    public static TheoryData<string> EngineProjects() => Projects("engine");

    public static TheoryData<string> PluginProjects() => Projects("plugins");

    [Fact]
    public void Every_engine_project_has_a_known_layer()
    {
        foreach (var project in ProjectList("engine"))
        {
            var name = Path.GetFileNameWithoutExtension(project);
            Assert.True(Rank.ContainsKey(name), $"{name} is not placed in a layer of docs/architecture.md; add it to this test's table.");
        }
    }

    [Theory]
    [MemberData(nameof(EngineProjects))]
    public void Engine_projects_reference_only_lower_layers(string csproj)
    {
        var name = Path.GetFileNameWithoutExtension(csproj);
        if (!Rank.TryGetValue(name, out var rank))
        {
            return;
        }

        foreach (var reference in ProjectReferences(csproj))
        {
            Assert.True(Rank.TryGetValue(reference, out var other), $"{name} references {reference}, which is not an engine project.");
            Assert.True(other < rank, $"{name} (layer {rank}) must not reference {reference} (layer {other}).");
        }
    }

    [Theory]
    [MemberData(nameof(EngineProjects))]
    public void Engine_projects_use_no_ui_console_or_reactive_packages(string csproj)
    {
        var name = Path.GetFileNameWithoutExtension(csproj);
        foreach (var package in PackageReferences(csproj))
        {
            var allowed = name == "AffectEngine.Reactive" && package == "System.Reactive";
            Assert.False(!allowed && UiOrConsolePackages.Any(p => package.StartsWith(p, StringComparison.Ordinal)), $"{name} must not use {package}.");
        }
    }

    [Theory]
    [MemberData(nameof(PluginProjects))]
    public void Plugins_reference_only_abstractions(string csproj)
    {
        foreach (var reference in ProjectReferences(csproj))
        {
            Assert.True(reference == "AffectEngine.Abstractions", $"{Path.GetFileNameWithoutExtension(csproj)} references {reference}; plugins see Abstractions only.");
        }
    }

    [Fact]
    public void Built_engine_assemblies_follow_the_same_direction()
    {
        // The compiled view catches references that come in through packages or props, not only project files.
        var assemblies = new[]
        {
            typeof(AffectEngine.AgentId).Assembly,
            typeof(AffectEngine.Core.World).Assembly,
            typeof(AffectEngine.Affect.AffectModule).Assembly,
            typeof(AffectEngine.Scenarios.Scenario).Assembly,
            typeof(AffectEngine.Hosting.SimulationRunner).Assembly,
        };
        foreach (var assembly in assemblies)
        {
            var name = assembly.GetName().Name!;
            var rank = Rank[name];
            foreach (var reference in assembly.GetReferencedAssemblies().Select(r => r.Name!))
            {
                if (Rank.TryGetValue(reference, out var other))
                {
                    Assert.True(other < rank, $"{name} references {reference}");
                }

                Assert.False(UiOrConsolePackages.Any(p => reference.StartsWith(p, StringComparison.Ordinal)), $"{name} references {reference}");
            }
        }
    }

    [Fact]
    public void Abstractions_depends_on_no_other_project()
    {
        var refs = typeof(AffectEngine.AgentId).Assembly.GetReferencedAssemblies().Select(r => r.Name!).ToList();
        Assert.DoesNotContain(refs, r => r.StartsWith("AffectEngine", StringComparison.Ordinal));
    }

    private static List<string> ProjectList(string folder)
    {
        var dir = Path.Combine(Root, folder);
        return Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.csproj", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    private static TheoryData<string> Projects(string folder)
    {
        var data = new TheoryData<string>();
        foreach (var project in ProjectList(folder))
        {
            data.Add(project);
        }

        // A folder without projects yet still yields one (empty) case, so the theory is not silently empty.
        if (data.Count == 0)
        {
            data.Add("");
        }

        return data;
    }

    private static IEnumerable<string> ProjectReferences(string csproj) =>
        csproj.Length == 0
            ? []
            : XDocument.Load(Path.Combine(Root, csproj)).Descendants("ProjectReference")
                .Select(e => Path.GetFileNameWithoutExtension((string)e.Attribute("Include")!.Value.Replace('\\', '/')));

    private static IEnumerable<string> PackageReferences(string csproj) =>
        csproj.Length == 0
            ? []
            : XDocument.Load(Path.Combine(Root, csproj)).Descendants("PackageReference").Select(e => (string)e.Attribute("Include")!);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AffectEngine.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("AffectEngine.sln not found");
    }
}

/// <summary>Engine code must not read the clock or unseeded randomness; the analyzer bans them, this checks the ban list stays complete.</summary>
public sealed class BannedApiTests
{
    [Theory]
    [InlineData("P:System.DateTime.Now")]
    [InlineData("P:System.DateTime.UtcNow")]
    [InlineData("P:System.DateTimeOffset.Now")]
    [InlineData("P:System.DateTimeOffset.UtcNow")]
    [InlineData("P:System.Environment.TickCount")]
    [InlineData("P:System.Environment.TickCount64")]
    [InlineData("M:System.Random.#ctor;")]
    [InlineData("M:System.Guid.NewGuid")]
    [InlineData("T:System.Diagnostics.Stopwatch")]
    [InlineData("T:System.Console")]
    public void Banned_symbol_list_bans(string symbol)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "AffectEngine.sln")))
        {
            root = root.Parent!;
        }

        var text = File.ReadAllText(Path.Combine(root.FullName, "engine", "BannedSymbols.txt"));
        Assert.Contains(symbol, text);
        var props = File.ReadAllText(Path.Combine(root.FullName, "engine", "Directory.Build.props"));
        Assert.Contains("Microsoft.CodeAnalysis.BannedApiAnalyzers", props);
    }
}
