using System;
using System.Collections.Generic;
using AffectEngine.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AffectEngine.Hosting;

/// <summary>Extends an engine registration with modules and systems: <c>services.AddAffectEngine(...).AddSystem(...)</c>.</summary>
public sealed class AffectEngineBuilder
{
    internal AffectEngineBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Adds a module, created anew for every runner (modules hold per-world state).</summary>
    public AffectEngineBuilder AddModule(Func<IServiceProvider, IEngineModule> factory)
    {
        if (factory is null)
        {
            throw new ArgumentNullException(nameof(factory));
        }

        Services.AddSingleton(new ModuleRegistration(factory));
        return this;
    }

    /// <summary>Adds a system, created anew for every runner's world and attached after the modules' systems.</summary>
    public AffectEngineBuilder AddSystem(Func<World, ISystem> factory)
    {
        if (factory is null)
        {
            throw new ArgumentNullException(nameof(factory));
        }

        Services.AddSingleton(new SystemRegistration(factory));
        return this;
    }
}

internal sealed record ModuleRegistration(Func<IServiceProvider, IEngineModule> Factory);

internal sealed record SystemRegistration(Func<World, ISystem> Factory);

/// <summary>One <c>AddAffectEngine(configure)</c> call's change to the options, applied in registration order.</summary>
internal sealed record OptionsConfiguration(Action<AffectEngineOptions> Configure);

/// <summary>Creates runners from the registered options, modules and systems.</summary>
public sealed class SimulationRunnerFactory
{
    private readonly IServiceProvider _services;

    /// <summary>Created by the container.</summary>
    public SimulationRunnerFactory(IServiceProvider services) => _services = services;

    /// <summary>
    /// A new runner with its own world and its own options: defaults changed by every
    /// <c>AddAffectEngine(configure)</c> call in registration order. Throws <see cref="ArgumentException"/>
    /// listing every bad option.
    /// </summary>
    public SimulationRunner Create()
    {
        var options = new AffectEngineOptions();
        foreach (var configuration in _services.GetServices<OptionsConfiguration>())
        {
            configuration.Configure(options);
        }

        Problems.ThrowIfAny(options.Validate());

        // The affect module comes first: every other module builds on its fields.
        var modules = new List<IEngineModule>
        {
            new AffectEngineModule(options.Affect, options.Ambient, options.AppraisalModels, options.AppraisalModel, options.AppraisalOptions, options.ConfigureAppraisal),
        };
        foreach (var registration in _services.GetServices<ModuleRegistration>())
        {
            modules.Add(registration.Factory(_services));
        }

        var systems = new List<Func<World, ISystem>>();
        foreach (var registration in _services.GetServices<SystemRegistration>())
        {
            systems.Add(registration.Factory);
        }

        return new SimulationRunner(options, modules, systems);
    }
}

/// <summary>Registration of the engine in a <see cref="IServiceCollection"/>.</summary>
public static class AffectEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine with the affect model. Each call adds <paramref name="configure"/> to the
    /// options' configuration (applied in order when a runner is created, then validated: the error
    /// lists every bad field), so calling it again changes the same options.
    /// </summary>
    public static AffectEngineBuilder AddAffectEngine(this IServiceCollection services, Action<AffectEngineOptions>? configure = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        services.TryAddSingleton<SimulationRunnerFactory>();
        if (configure is not null)
        {
            services.AddSingleton(new OptionsConfiguration(configure));
        }

        return new AffectEngineBuilder(services);
    }
}
