using System;
using AffectEngine.Perception;
using AffectEngine.Plugins;

[assembly: AffectEnginePlugin(typeof(PerceptionPlugin))]

namespace AffectEngine.Perception;

/// <summary>
/// The plugin entry point: adds one <see cref="IPerceptionSourceKind"/> per spec prefix this assembly
/// understands (file replays openface, imotions, csv, e4, openpose, mediapipe; live osc, lsl, e4stream). Hosts may also
/// reference the assembly directly (the command line does); loaded from a folder it shares only
/// AffectEngine.Abstractions with the host and brings its own System.Reactive.
/// </summary>
public sealed class PerceptionPlugin : IAffectEnginePlugin
{
    /// <summary>The source kinds, their spec forms, and whether they replay recordings.</summary>
    internal static readonly (string Kind, string Form, bool Recording)[] Kinds =
    [
        ("openface", "openface:<file.csv>", true),
        ("imotions", "imotions:<file.csv>", true),
        ("csv", "csv:<file.csv>", true),
        ("e4", "e4:<export-dir>", true),
        ("openpose", "openpose:<json-folder>[@fps]", true),
        ("mediapipe", "mediapipe:<file.json|.csv>", true),
        ("osc", "osc:<host>:<port>", false),
        ("lsl", "lsl:<predicate, e.g. type='Emotion'>", false),
        ("e4stream", "e4stream:<host>:<port>", false),
    ];

    /// <inheritdoc />
    public string Name => "perception";

    /// <inheritdoc />
    public string Version => "1.0.0";

    /// <inheritdoc />
    public void Register(IPluginRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var (kind, form, recording) in Kinds)
        {
            registry.AddComponent<IPerceptionSourceKind>(kind, () => new BundledSourceKind(kind, form, recording));
        }
    }
}

/// <summary>One of the bundled kinds: creates its sources through <see cref="PerceptionSourceFactory"/>.</summary>
internal sealed class BundledSourceKind : IPerceptionSourceKind
{
    public BundledSourceKind(string kind, string form, bool recording)
    {
        Kind = kind;
        Form = form;
        IsRecording = recording;
    }

    public string Kind { get; }

    public string Form { get; }

    public bool IsRecording { get; }

    public IPerceptionSource Create(string spec, string? baseDirectory)
    {
        var prefix = (spec ?? "").Trim();
        if (!prefix.StartsWith(Kind + ":", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"Perception source spec '{spec}' is not of kind '{Kind}'; expected {Form}.");
        }

        return PerceptionSourceFactory.Create(prefix, baseDirectory);
    }
}
