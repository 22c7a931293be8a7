using System.Collections.Generic;
using System.IO;
using System.Linq;
using AffectEngine.Affect;
using AffectEngine.Appraisal;
using AffectEngine.Hosting.Plugins;
using AffectEngine.Perception;

namespace AffectEngine.Conformance.Tests;

/// <summary>The conformance kit over every plugin under plugins/, and over a rule-breaking fixture to show the kit can fail.</summary>
public sealed class ConformanceTests
{
    /// <summary>Per-plugin workloads: plugin inputs to drive and bounds of its own fields. Unknown plugins get the default.</summary>
    private static readonly Dictionary<string, SystemWorkload> Workloads = new()
    {
        ["weather"] = new SystemWorkload
        {
            // Force rain at tick 50 (inside the first simulated day) through the plugin's own reader.
            PluginInputs = [(50, "weather.set", w => w.WriteInt32(2))],
            Bounds = new Dictionary<string, (float, float)>
            {
                ["mood.p"] = (-1f, 1f),
                ["mood.a"] = (-1f, 1f),
                ["weather.felt"] = (-0.002f, 0.002f),
            },
        },
    };

    public static TheoryData<string> BundledPlugins()
    {
        var data = new TheoryData<string>();
        foreach (var folder in PluginFolders.BundledPlugins())
        {
            data.Add(Path.GetFileName(folder));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BundledPlugins))]
    public void Bundled_plugin_loads_from_its_folder_and_passes_the_kit_of_every_kind_it_adds(string folder)
    {
        using var catalog = PluginCatalog.Load(new PluginOptions { Folders = { Path.Combine(PluginFolders.Bundled, folder) }, OnFailure = PluginFailurePolicy.Stop });
        Assert.NotEmpty(catalog.Plugins);
        var kits = 0;
        foreach (var plugin in catalog.Plugins.Where(p => p.Systems.Count > 0 || p.Fields.Count > 0 || p.InputKinds.Count > 0))
        {
            var workload = Workloads.GetValueOrDefault(plugin.Name) ?? new SystemWorkload();
            var report = new PluginSystemConformance().Run(new PluginSystemSubject(catalog, plugin, workload));
            Assert.True(report.Passed, report.ToString());
            Assert.Equal(9, report.Results.Count);
            kits++;
        }

        foreach (var name in catalog.ComponentNames<IAppraisalModel>())
        {
            var report = new AppraisalModelConformance().Run(ComponentSubject<IAppraisalModel>.FromCatalog(catalog, name));
            Assert.True(report.Passed, report.ToString());
            Assert.Equal(8, report.Results.Count);
            kits++;
        }

        using var temp = new TempFolder();
        foreach (var name in catalog.ComponentNames<IPerceptionSourceKind>())
        {
            var workload = PerceptionWorkloads.For(name, Directory.CreateDirectory(Path.Combine(temp.Path, name)).FullName);
            Assert.True(workload is not null || PerceptionWorkloads.SpecOnly.ContainsKey(name), $"perception source kind '{name}' has no conformance workload: add one to PerceptionWorkloads");
            var report = new PerceptionSourceConformance(workload).Run(ComponentSubject<IPerceptionSourceKind>.FromCatalog(catalog, name));
            Assert.True(report.Passed, report.ToString());
            Assert.Equal(workload is null ? 3 : 8, report.Results.Count);
            kits++;
        }

        Assert.True(kits > 0, $"{folder} adds nothing the kit checks");
    }

    [Fact]
    public void The_perception_plugin_adds_every_bundled_source_kind_and_gamygdala_its_model()
    {
        using var catalog = PluginCatalog.Load(new PluginOptions { Folders = { PluginFolders.Bundled }, OnFailure = PluginFailurePolicy.Stop });
        Assert.Equal(["openface", "imotions", "csv", "e4", "openpose", "mediapipe", "osc", "lsl", "e4stream"], catalog.ComponentNames<IPerceptionSourceKind>().Where(k => k is not ("face" or "pose" or "voice" or "opensmile")));
        Assert.Contains("face", catalog.ComponentNames<IPerceptionSourceKind>());
        Assert.Contains("pose", catalog.ComponentNames<IPerceptionSourceKind>());
        Assert.Equal(["gamygdala"], catalog.ComponentNames<IAppraisalModel>());

        // The Perception plugin brought its own private dependency; Abstractions is the host's.
        var perception = Assert.Single(catalog.Plugins, p => p.Name == "perception");
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(perception.AssemblyPath)!, "System.Reactive.dll")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(perception.AssemblyPath)!, "AffectEngine.Abstractions.dll")));
        var kind = catalog.PerceptionSourceKinds().Single(k => k.Kind == "csv");
        Assert.NotSame(typeof(PluginCatalog).Assembly, kind.GetType().Assembly);
        Assert.Equal("AffectEngine plugin AffectEngine.Perception", System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(kind.GetType().Assembly)!.Name);

        // A scenario's spec resolves through the plugin; an unknown kind is not the catalog's to create.
        Assert.Throws<FileNotFoundException>(() => catalog.TryCreatePerceptionSource("csv:no-such-file.csv", Path.GetTempPath(), out _));
        Assert.False(catalog.TryCreatePerceptionSource("nosuchkind:x", null, out var none));
        Assert.Null(none);

        // The folder-loaded GAMYGDALA registers as published (no thresholds) in the host's model list.
        var models = new AppraisalModels().AddFrom(catalog);
        Assert.Contains("gamygdala", models.Names);
        Assert.Equal(0f, models.DefaultSettings("gamygdala").Threshold(EmotionType.Joy));
        Assert.Equal("gamygdala", models.Create("gamygdala").Name);
    }

    [Fact]
    public void The_built_in_OCC_model_passes_the_appraisal_kit()
    {
        var report = new AppraisalModelConformance().Run(new ComponentSubject<IAppraisalModel>("occ", () => new OccAppraisalModel()));
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(8, report.Results.Count);
    }

    [Fact]
    public void The_appraisal_kit_fails_a_model_that_allocates_leaves_bounds_and_crashes_on_null()
    {
        var report = new AppraisalModelConformance(new AppraisalWorkload { Ticks = 60 }).Run(new ComponentSubject<IAppraisalModel>("sloppy", () => new SloppyModel()));
        var failed = report.Results.Where(r => !r.Passed).Select(r => r.Check).ToArray();
        Assert.Contains("impulses within MaxImpulses, valid types, finite, in [0, 1], for live agents", failed);
        Assert.Contains("no allocation per appraisal after warm-up", failed);
        Assert.Contains("bad input gives typed exceptions, never a crash", failed);
        Assert.Contains("same events give the same hashes twice", report.Results.Where(r => r.Passed).Select(r => r.Check));
    }

    [Fact]
    public void The_perception_kit_fails_a_source_that_passes_NaN_unflagged_times_and_throws_on_garbage()
    {
        var workload = new PerceptionWorkload { Spec = "sloppy:x", MinRejects = 1 };
        var report = new PerceptionSourceConformance(workload).Run(new ComponentSubject<IPerceptionSourceKind>("sloppy", () => new SloppyKind()));
        var failed = report.Results.Where(r => !r.Passed).Select(r => r.Check).ToArray();
        Assert.Contains("bad lines or packets are counted, not thrown", failed);
        Assert.Contains("percepts are finite and within bounds (NaN rejected)", failed);
        Assert.Contains("timestamps are monotone per person or flagged OutOfOrder", failed);
        Assert.Contains("malformed specs give typed exceptions", failed);
    }

    [Fact]
    public void The_kit_fails_a_plugin_that_breaks_determinism_allocates_and_crashes_on_bad_input()
    {
        using var catalog = PluginCatalog.Load(new PluginOptions { Folders = { PluginFolders.Faulty } });
        var leaky = Assert.Single(catalog.Plugins, p => p.Name == "leaky");

        var report = new PluginSystemConformance().Run(new PluginSystemSubject(catalog, leaky, new SystemWorkload { Ticks = 60 }));

        var failed = report.Results.Where(r => !r.Passed).Select(r => r.Check).ToArray();
        Assert.Contains("same inputs give the same hashes twice", failed);
        Assert.Contains("same hashes at 1 and 2 threads", failed);
        Assert.Contains("no wall clock, unseeded randomness or console in its IL", failed);
        Assert.Contains("zero allocation per tick after warm-up", failed);
        Assert.Contains("bad input payloads give typed exceptions", failed);
        Assert.Contains(report.Results, r => r.Check.StartsWith("no wall clock") && r.Detail.Contains("System.Random::.ctor"));
        Assert.Throws<ConformanceException>(report.ThrowIfFailed);

        // What it does right is still reported as passing.
        Assert.Contains(report.Results, r => r.Passed && r.Check == "a world without the fields it needs gives a typed exception");
    }

    [Fact]
    public void Every_plugin_project_in_the_repo_is_bundled_here_and_does_not_copy_Abstractions()
    {
        var root = new DirectoryInfo(System.AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AffectEngine.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var projects = Directory.GetFiles(Path.Combine(root!.FullName, "plugins"), "*.csproj", SearchOption.AllDirectories);
        Assert.NotEmpty(projects);
        foreach (var project in projects)
        {
            var abstractions = System.Xml.Linq.XDocument.Load(project).Descendants("ProjectReference")
                .Where(r => ((string?)r.Attribute("Include") ?? "").EndsWith("AffectEngine.Abstractions.csproj", System.StringComparison.Ordinal))
                .ToArray();
            var reference = Assert.Single(abstractions);
            Assert.True((string?)reference.Attribute("Private") == "false", $"{Path.GetFileName(project)}: reference Abstractions with Private=\"false\" so a plugin folder does not carry its own copy");
        }

        // The conformance theory runs over what the build copied; every folder-loadable plugin (one that
        // declares [assembly: AffectEnginePlugin]) must be among them.
        var bundled = PluginFolders.BundledPlugins().Select(Path.GetFileName).ToHashSet();
        foreach (var project in projects.Where(p => Directory.EnumerateFiles(Path.GetDirectoryName(p)!, "*.cs", SearchOption.AllDirectories)
                     .Any(f => File.ReadAllText(f).Contains("[assembly: AffectEnginePlugin(", System.StringComparison.Ordinal))))
        {
            Assert.True(bundled.Contains(Path.GetFileNameWithoutExtension(project)), $"{Path.GetFileName(project)} is not bundled for the conformance kit: add it as a BundledPlugin reference in AffectEngine.Conformance.Tests.csproj");
        }
    }

    [Fact]
    public void Banned_api_scanner_finds_nothing_in_the_engine_and_the_unseeded_random_in_the_fixture()
    {
        Assert.Empty(BannedApiScanner.Scan(typeof(AffectEngine.Core.World).Assembly.Location));
        var fixture = Path.Combine(PluginFolders.Faulty, "AffectEngine.TestPlugins.Faulty", "AffectEngine.TestPlugins.Faulty.dll");
        Assert.Equal(["System.Random::.ctor"], BannedApiScanner.Scan(fixture));
    }
}
