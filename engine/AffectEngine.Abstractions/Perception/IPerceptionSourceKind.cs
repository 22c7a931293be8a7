namespace AffectEngine.Perception;

/// <summary>
/// A kind of perception source a plugin offers, selected by the prefix of a spec string: a scenario's
/// <c>perception[].source</c> of <c>"openface:sessions/t01.csv"</c> selects the kind <c>"openface"</c>.
/// A plugin registers one per kind with
/// <c>registry.AddComponent&lt;IPerceptionSourceKind&gt;("openface", () =&gt; new OpenFaceKind())</c>;
/// the component name must equal <see cref="Kind"/>.
/// </summary>
public interface IPerceptionSourceKind
{
    /// <summary>The spec prefix, lower case: a letter, then letters, digits or '-' (e.g. "openface", "face-cam").</summary>
    string Kind { get; }

    /// <summary>The accepted spec form, for help and error messages (e.g. "openface:&lt;file.csv&gt;").</summary>
    string Form { get; }

    /// <summary>True when its sources replay recordings (files): the same file gives the same percepts every time.</summary>
    bool IsRecording { get; }

    /// <summary>
    /// Creates the source <paramref name="spec"/> (the whole string, kind prefix included) names.
    /// Relative paths are resolved against <paramref name="baseDirectory"/> (the scenario's folder)
    /// when given. A malformed spec throws <see cref="System.FormatException"/> and a missing file
    /// <see cref="System.IO.FileNotFoundException"/> or <see cref="System.IO.DirectoryNotFoundException"/>,
    /// each message quoting the spec and saying what was expected. Nothing is opened until
    /// <see cref="IPerceptionSource.StartAsync"/>.
    /// </summary>
    IPerceptionSource Create(string spec, string? baseDirectory);
}
