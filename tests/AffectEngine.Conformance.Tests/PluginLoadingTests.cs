using System;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using AffectEngine.Core;
using AffectEngine.Hosting;
using AffectEngine.Hosting.Plugins;
using AffectEngine.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace AffectEngine.Conformance.Tests;

public sealed class PluginLoadingTests
{
    [Fact]
    public void Plugin_from_a_folder_loads_in_its_own_context_and_shares_the_hosts_Abstractions()
    {
        using var temp = PluginFolders.CopyToTemp(PluginFolders.Weather);
        Assert.False(File.Exists(Path.Combine(temp.Path, "AffectEngine.Plugins.Weather", "AffectEngine.Abstractions.dll")), "the plugin folder must not carry Abstractions");

        using var catalog = PluginCatalog.Load(new PluginOptions { Folders = { temp.Path } });

        Assert.Empty(catalog.Failures);
        var plugin = Assert.Single(catalog.Plugins);
        Assert.Equal("weather", plugin.Name);
        Assert.Equal("1.0.0", plugin.Version);
        Assert.Equal($"{PluginApi.Major}.{PluginApi.Minor}", plugin.ApiVersion);
        Assert.Equal(["weather.felt"], plugin.Fields);
        Assert.Equal(["weather.mood"], plugin.Systems);
        Assert.Equal(["weather.set"], plugin.InputKinds);

        var assembly = plugin.Instance.GetType().Assembly;
        var context = AssemblyLoadContext.GetLoadContext(assembly);
        Assert.NotNull(context);
        Assert.NotSame(AssemblyLoadContext.Default, context);
        Assert.DoesNotContain(AssemblyLoadContext.Default.Assemblies, a => a.GetName().Name == "AffectEngine.Plugins.Weather");

        // Type identity: the interface the plugin implements is the host's, from the host's assembly.
        Assert.Contains(typeof(IAffectEnginePlugin), plugin.Instance.GetType().GetInterfaces());
        Assert.DoesNotContain(context!.Assemblies, a => a.GetName().Name == "AffectEngine.Abstractions");
        Assert.Same(typeof(IAffectEnginePlugin).Assembly, context.LoadFromAssemblyName(typeof(IAffectEnginePlugin).Assembly.GetName()));
    }

    [Fact]
    public void Forced_weather_moves_mood_its_way_in_a_running_world()
    {
        using var catalog = PluginCatalog.Load(new PluginOptions { Folders = { PluginFolders.Bundled } });
        var sunny = MeanPleasureAfter(catalog, weather: 0);
        var rain = MeanPleasureAfter(catalog, weather: 2);

        Assert.True(sunny > 0.05f, $"sunny pleasure {sunny}");
        Assert.True(rain < -0.05f, $"rain pleasure {rain}");
    }

    private static float MeanPleasureAfter(PluginCatalog catalog, int weather)
    {
        var services = new ServiceCollection();
        services.AddAffectEngine(o => o.World.Seed = 3).AddPlugins(catalog);
        using var provider = services.BuildServiceProvider();
        using var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        var a = runner.AddAgent("a");
        var b = runner.AddAgent("b");
        Assert.True(catalog.TryGetInputReader("weather.set", out var reader));
        var payload = new BufferStateWriter();
        payload.WriteInt32(weather);
        runner.Enqueue(reader!(0, InputSources.Host, 0, new BufferStateReader(payload.ToArray())));
        runner.Run(300);
        return (runner.Affect.Mood(a).P + runner.Affect.Mood(b).P) / 2;
    }

    [Fact]
    public void Plugin_that_throws_in_Register_is_reported_by_name_and_the_host_goes_on_without_it()
    {
        using var temp = PluginFolders.CopyToTemp(PluginFolders.Weather, Path.Combine(PluginFolders.Faulty, "AffectEngine.TestPlugins.Faulty"));
        using var catalog = PluginCatalog.Load(new PluginOptions { Folders = { temp.Path } });

        var failure = Assert.Single(catalog.Failures, f => f.Name == "throws-in-register");
        Assert.Contains("Register threw InvalidOperationException: the weather service is unreachable", failure.Reason);
        Assert.Contains(catalog.Plugins, p => p.Name == "weather");
        Assert.DoesNotContain(catalog.Plugins, p => p.Name == "throws-in-register");

        // Nothing it registered before throwing reaches a world.
        var services = new ServiceCollection();
        services.AddAffectEngine().AddPlugins(catalog);
        using var provider = services.BuildServiceProvider();
        using var runner = provider.GetRequiredService<SimulationRunnerFactory>().Create();
        Assert.False(runner.World.TryGetField("faulty.half", out _));
        Assert.True(runner.World.TryGetField("weather.felt", out _));
    }

    [Fact]
    public void Plugin_built_against_another_major_API_is_refused_before_any_of_its_code_runs()
    {
        using var catalog = PluginCatalog.Load(new PluginOptions { Folders = { PluginFolders.Faulty } });

        var failure = Assert.Single(catalog.Failures, f => f.Name.Contains("FuturePlugin", StringComparison.Ordinal));
        Assert.Equal($"refused: it was built against plugin API {PluginApi.Major + 1}.0, but this host supports {PluginApi.Major}.x (major versions are incompatible)", failure.Reason);
        Assert.DoesNotContain(catalog.Plugins, p => p.Name == "from-the-future");
    }

    [Fact]
    public void Newer_minor_API_is_refused_and_older_minor_accepted()
    {
        Assert.Null(PluginApi.CheckCompatible(PluginApi.Major, 0));
        Assert.Contains("update the host", PluginApi.CheckCompatible(PluginApi.Major, PluginApi.Minor + 1));
        Assert.Contains("major versions are incompatible", PluginApi.CheckCompatible(PluginApi.Major - 1, 0));
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_reported_by_name()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(Path.Combine(temp.Path, "Broken.dll"), "MZ this is not a portable executable"u8.ToArray());

        using var catalog = PluginCatalog.Load(new PluginOptions { Folders = { temp.Path } });

        var failure = Assert.Single(catalog.Failures);
        Assert.Equal("Broken", failure.Name);
        Assert.StartsWith("not a valid .NET assembly", failure.Reason);
        Assert.Empty(catalog.Plugins);
    }

    [Fact]
    public void Stop_policy_throws_listing_every_failure()
    {
        var ex = Assert.Throws<PluginLoadException>(() => PluginCatalog.Load(new PluginOptions
        {
            Folders = { PluginFolders.Faulty },
            OnFailure = PluginFailurePolicy.Stop,
        }));

        Assert.Equal(2, ex.Failures.Count);
        Assert.Contains("plugin 'throws-in-register'", ex.Message);
        Assert.Contains("FuturePlugin", ex.Message);
    }

    [Fact]
    public void A_missing_folder_is_reported_and_no_folder_means_no_plugins()
    {
        using (var none = PluginCatalog.Load(new PluginOptions()))
        {
            Assert.Empty(none.Plugins);
            Assert.Empty(none.Failures);
        }

        using var missing = PluginCatalog.Load(new PluginOptions { Folders = { "/nonexistent/affect-plugins" } });
        Assert.Equal("the plugin folder does not exist", Assert.Single(missing.Failures).Reason);
    }

    [Fact]
    public void Invalid_options_name_the_field()
    {
        var ex = Assert.Throws<ArgumentException>(() => PluginCatalog.Load(new PluginOptions { Folders = { " " } }));
        Assert.StartsWith("PluginOptions.Folders[0] is empty", ex.Message);
    }

    [Fact]
    public void Collectible_catalog_can_be_disposed_and_reloaded()
    {
        var options = new PluginOptions { Folders = { PluginFolders.Bundled }, Collectible = true };
        var first = PluginCatalog.Load(options);
        var context = AssemblyLoadContext.GetLoadContext(first.Plugins[0].Instance.GetType().Assembly)!;
        Assert.True(context.IsCollectible);
        first.Dispose();
        Assert.Empty(first.Plugins);

        using var second = PluginCatalog.Load(options);
        // Folders in ordinal order: AffectEngine.Appraisal.Gamygdala, AffectEngine.Perception, AffectEngine.Plugins.Weather.
        Assert.Equal(["gamygdala", "face", "voice", "perception", "weather"], second.Plugins.Select(p => p.Name));
    }
}
