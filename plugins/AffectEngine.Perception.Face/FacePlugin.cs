using System;
using AffectEngine.Perception.Face;
using AffectEngine.Plugins;

[assembly: AffectEnginePlugin(typeof(FacePlugin))]

namespace AffectEngine.Perception.Face;

/// <summary>
/// The plugin entry point: adds the perception source kinds <c>face</c> (camera or video/image file →
/// recognized facial expression) and <c>pose</c> (camera or video/image file → body posture and movement). Loaded from a folder it shares only AffectEngine.Abstractions with the host.
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
        registry.AddComponent<IPerceptionSourceKind>(PoseSources.Kind, static () => new PoseSourceKind());
    }
}

/// <summary>The <c>face</c> kind: files replay the same frames every time; cameras are live.</summary>
internal sealed class FaceSourceKind : VideoSourceKind
{
    public FaceSourceKind()
        : base(FaceSources.Kind, FaceSources.Form, FaceSources.Create)
    {
    }
}

/// <summary>The <c>pose</c> kind: files replay the same frames every time; cameras are live.</summary>
internal sealed class PoseSourceKind : VideoSourceKind
{
    public PoseSourceKind()
        : base(PoseSources.Kind, PoseSources.Form, PoseSources.Create)
    {
    }
}

/// <summary>A camera-or-file kind: checks the prefix and hands the rest to the kind's factory.</summary>
internal abstract class VideoSourceKind : IPerceptionSourceKind
{
    private readonly Func<string, string, string?, IPerceptionSource> _create;

    protected VideoSourceKind(string kind, string form, Func<string, string, string?, IPerceptionSource> create)
    {
        Kind = kind;
        Form = form;
        _create = create;
    }

    public string Kind { get; }

    public string Form { get; }

    // A file replays; a camera does not. The kind serves both, so it does not promise replay.
    public bool IsRecording => false;

    public IPerceptionSource Create(string spec, string? baseDirectory)
    {
        var s = (spec ?? "").Trim();
        if (!s.StartsWith(Kind + ":", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Perception source spec '{spec}' is not of kind '{Kind}'; expected {Form}.");
        }

        return _create(s, s[(Kind.Length + 1)..], baseDirectory);
    }
}
