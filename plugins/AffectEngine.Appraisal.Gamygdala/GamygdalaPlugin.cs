using AffectEngine.Appraisal.Gamygdala;
using AffectEngine.Plugins;

[assembly: AffectEnginePlugin(typeof(GamygdalaPlugin))]

namespace AffectEngine.Appraisal.Gamygdala;

/// <summary>
/// The plugin entry point: adds the appraisal model "gamygdala" (a scenario selects it with
/// <c>"run": { "appraisal": "gamygdala" }</c>). Hosts may also reference this assembly directly
/// (the command line does); loaded from a folder it shares only AffectEngine.Abstractions with the host.
/// </summary>
public sealed class GamygdalaPlugin : IAffectEnginePlugin
{
    /// <inheritdoc />
    public string Name => GamygdalaModel.ModelName;

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        System.ArgumentNullException.ThrowIfNull(registry);
        registry.AddComponent<IAppraisalModel>(GamygdalaModel.ModelName, static () => new GamygdalaModel());
    }
}
