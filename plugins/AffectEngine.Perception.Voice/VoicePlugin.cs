using System;
using AffectEngine.Perception.Voice;
using AffectEngine.Plugins;

[assembly: AffectEnginePlugin(typeof(VoicePlugin))]

namespace AffectEngine.Perception.Voice;

/// <summary>
/// The plugin entry point: adds the perception source kinds <c>voice</c> (WAV files, raw PCM streams,
/// live capture → vocal affect) and <c>opensmile</c> (openSMILE eGeMAPS CSV output). Loaded from a
/// folder it shares only AffectEngine.Abstractions with the host.
/// </summary>
public sealed class VoicePlugin : IAffectEnginePlugin
{
    /// <inheritdoc />
    public string Name => "voice";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddComponent<IPerceptionSourceKind>(VoiceSources.Kind, static () => new PrefixKind(VoiceSources.Kind, VoiceSources.Form, recording: false, VoiceSources.Create));
        registry.AddComponent<IPerceptionSourceKind>(OpenSmileSources.Kind, static () => new PrefixKind(OpenSmileSources.Kind, OpenSmileSources.Form, recording: true, OpenSmileSources.Create));
    }
}

/// <summary>A kind selected by its prefix, creating sources with the text after the colon.</summary>
internal sealed class PrefixKind : IPerceptionSourceKind
{
    private readonly Func<string, string, string?, IPerceptionSource> _create;

    public PrefixKind(string kind, string form, bool recording, Func<string, string, string?, IPerceptionSource> create)
    {
        Kind = kind;
        Form = form;
        IsRecording = recording;
        _create = create;
    }

    public string Kind { get; }

    public string Form { get; }

    // voice: serves files and live streams alike, so it does not promise replay.
    public bool IsRecording { get; }

    public IPerceptionSource Create(string spec, string? baseDirectory)
    {
        var s = (spec ?? string.Empty).Trim();
        if (!s.StartsWith(Kind + ":", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Perception source spec '{spec}' is not of kind '{Kind}'; expected {Form}.");
        }

        return _create(s, s[(Kind.Length + 1)..], baseDirectory);
    }
}
