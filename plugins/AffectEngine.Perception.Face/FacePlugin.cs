using System;
using AffectEngine.Perception.Face;
using AffectEngine.Plugins;

[assembly: AffectEnginePlugin(typeof(FacePlugin))]

namespace AffectEngine.Perception.Face;

/// <summary>
/// The plugin entry point: adds the perception source kind <c>face</c> (camera or video/image file →
/// recognized facial expression). Loaded from a folder it shares only AffectEngine.Abstractions with the host.
/// </summary>
public sealed class FacePlugin : IAffectEnginePlugin
{
    /// <inheritdoc />
    public string Name => "face";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddComponent<IPerceptionSourceKind>(FaceSources.Kind, static () => new FaceSourceKind());
    }
}

/// <summary>The <c>face</c> kind: files replay the same frames every time; cameras are live.</summary>
internal sealed class FaceSourceKind : IPerceptionSourceKind
{
    public string Kind => FaceSources.Kind;

    public string Form => FaceSources.Form;

    // A file replays; a camera does not. The kind serves both, so it does not promise replay.
    public bool IsRecording => false;

    public IPerceptionSource Create(string spec, string? baseDirectory)
    {
        var s = (spec ?? "").Trim();
        if (!s.StartsWith(Kind + ":", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Perception source spec '{spec}' is not of kind '{Kind}'; expected {Form}.");
        }

        return FaceSources.Create(s, s[(Kind.Length + 1)..], baseDirectory);
    }
}
