using System;
using AffectEngine.Plugins;

[assembly: AffectEnginePlugin(typeof(AffectEngine.Plugins.Weather.WeatherPlugin))]

namespace AffectEngine.Plugins.Weather;

/// <summary>
/// The weather plugin: each simulated day has a weather drawn from the run's seed (sunny, cloudy or
/// rain), which drifts every agent's mood towards more or less pleasure and arousal. A host can
/// force today's weather with a <see cref="WeatherCommand"/>.
/// </summary>
public sealed class WeatherPlugin : IAffectEnginePlugin
{
    /// <summary>The per-agent field holding the pleasure push each agent felt in the last tick.</summary>
    public const string FeltField = "weather.felt";

    /// <inheritdoc />
    public string Name => "weather";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        if (registry is null)
        {
            throw new ArgumentNullException(nameof(registry));
        }

        registry.DeclareField(FeltField);
        registry.AddInputReader(WeatherCommand.KindName, WeatherCommand.Read);
        registry.AddSystem(WeatherSystem.SystemName, world => new WeatherSystem(world));
    }
}
