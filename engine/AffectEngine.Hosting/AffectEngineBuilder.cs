using System;
using System.Collections.Generic;
using AffectEngine.Core;
using Microsoft.Extensions.DependencyInjection;

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

/// <summary>Creates runners from the registered options, modules and systems.</summary>
public sealed class SimulationRunnerFactory
{
    private readonly IServiceProvider _services;
    private readonly AffectEngineOptions _options;

    /// <summary>Created by the container.</summary>
    public SimulationRunnerFactory(IServiceProvider services, AffectEngineOptions options)
    {
        _services = services;
        _options = options;
    }

    /// <summary>A new runner with its own world. Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public SimulationRunner Create()
    {
        var error = _options.Validate();
        if (error is not null)
        {
            throw new ArgumentException(error);
        }

        var modules = new List<IEngineModule>();
        foreach (var registration in _services.GetServices<ModuleRegistration>())
        {
            modules.Add(registration.Factory(_services));
        }

        var systems = new List<Func<World, ISystem>>();
        foreach (var registration in _services.GetServices<SystemRegistration>())
        {
            systems.Add(registration.Factory);
        }

        return new SimulationRunner(_options, modules, systems);
    }
}

/// <summary>Registration of the engine in a <see cref="IServiceCollection"/>.</summary>
public static class AffectEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the engine with the affect model. Options are validated when a runner is created;
    /// the error names the bad field. Calling it twice configures the same options (idempotent).
    /// </summary>
    public static AffectEngineBuilder AddAffectEngine(this IServiceCollection services, Action<AffectEngineOptions>? configure = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        AffectEngineOptions? options = null;
        foreach (var d in services)
        {
            if (d.ServiceType == typeof(AffectEngineOptions) && d.ImplementationInstance is AffectEngineOptions existing)
            {
                options = existing;
            }
        }

        var builder = new AffectEngineBuilder(services);
        if (options is null)
        {
            options = new AffectEngineOptions();
            services.AddSingleton(options);
            services.AddSingleton<SimulationRunnerFactory>();
            builder.AddModule(_ => new AffectEngineModule(options.Affect, options.Ambient, options.AppraisalModels, options.AppraisalModel, options.AppraisalOptions, options.ConfigureAppraisal));
        }

        configure?.Invoke(options);
        return builder;
    }
}
