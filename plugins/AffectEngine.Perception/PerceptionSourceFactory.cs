using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Net;
using AffectEngine.Perception.Lsl;
using AffectEngine.Perception.Osc;
using AffectEngine.Perception.Sources;

namespace AffectEngine.Perception;

/// <summary>
/// Creates perception sources from the spec strings scenario files and <c>affect percepts</c> use:
/// <c>openface:&lt;file.csv&gt;</c>, <c>e4:&lt;export-dir&gt;</c>, <c>imotions:&lt;file.csv&gt;</c>,
/// <c>csv:&lt;file.csv&gt;</c>, <c>osc:&lt;host&gt;:&lt;port&gt;</c>, <c>lsl:&lt;predicate&gt;</c>,
/// <c>e4stream:&lt;host&gt;:&lt;port&gt;</c>. A bare port (<c>osc:9000</c>) means 127.0.0.1.
/// </summary>
public static class PerceptionSourceFactory
{
    /// <summary>The accepted spec forms, for error messages and help text.</summary>
    public const string Forms =
        "openface:<file.csv>, e4:<export-dir>, imotions:<file.csv|.txt>, csv:<file.csv>, openpose:<json-folder>[@fps], mediapipe:<file.json|.csv>, osc:<host>:<port>, lsl:<predicate, e.g. type='Emotion'>, e4stream:<host>:<port>";

    // Kinds other plugins add (plugins cannot reference each other, so the host registers them).
    private static readonly ConcurrentDictionary<string, (string Form, Func<string, string, string?, IPerceptionSource> Create)> Extra =
        new(StringComparer.Ordinal);

    /// <summary>
    /// Adds a source kind from another plugin (e.g. <c>face</c>); registering a kind again replaces it.
    /// <paramref name="create"/> gets the whole spec, the text after the colon and the base directory,
    /// and throws <see cref="FormatException"/> or <see cref="IOException"/> with a one-line message.
    /// </summary>
    public static void Register(string kind, string form, Func<string, string, string?, IPerceptionSource> create)
    {
        if (string.IsNullOrWhiteSpace(kind) || kind != kind.ToLowerInvariant() || kind.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A source kind must be a non-empty lower-case word without ':', not '{kind}'.", nameof(kind));
        }

        Extra[kind] = (form ?? kind + ":<address>", create ?? throw new ArgumentNullException(nameof(create)));
    }

    /// <summary>The accepted spec forms including registered kinds.</summary>
    public static string AllForms
    {
        get
        {
            var forms = Forms;
            foreach (var kv in Extra)
            {
                forms += ", " + kv.Value.Form;
            }

            return forms;
        }
    }

    /// <summary>
    /// Creates the source a spec names. Throws <see cref="FormatException"/> for a malformed spec and
    /// <see cref="FileNotFoundException"/>/<see cref="DirectoryNotFoundException"/> for a missing file;
    /// every message quotes the spec and says what was expected. Files are resolved against
    /// <paramref name="baseDirectory"/> (the scenario's folder) when relative.
    /// </summary>
    public static IPerceptionSource Create(string spec, string? baseDirectory = null)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new FormatException($"A perception source spec is empty; expected one of: {Forms}.");
        }

        spec = spec.Trim();
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new FormatException($"Perception source spec '{spec}' has no '<kind>:' prefix; expected one of: {Forms}.");
        }

        var kind = spec.Substring(0, colon).ToLowerInvariant();
        var rest = spec.Substring(colon + 1);
        switch (kind)
        {
            case "openface":
                return new OpenFaceFileSource(spec, ExistingFile(spec, rest, baseDirectory));
            case "imotions":
                return new IMotionsFileSource(spec, ExistingFile(spec, rest, baseDirectory));
            case "csv":
                return new GenericCsvSource(spec, ExistingFile(spec, rest, baseDirectory));
            case "openpose":
                var poseDir = Resolve(spec, rest, baseDirectory);
                var fps = Body.PoseSource.DefaultFps;
                var at = poseDir.LastIndexOf('@');
                if (!Directory.Exists(poseDir) && at > 0)
                {
                    if (!double.TryParse(poseDir.AsSpan(at + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out fps) || !(fps > 0 && fps <= 1000))
                    {
                        throw new FormatException($"Perception source '{spec}': frame rate '{poseDir.Substring(at + 1)}' after '@' is not a number in (0, 1000].");
                    }

                    poseDir = poseDir.Substring(0, at);
                }

                if (!Directory.Exists(poseDir))
                {
                    throw new DirectoryNotFoundException($"Perception source '{spec}': OpenPose JSON folder '{poseDir}' does not exist.");
                }

                return new Body.OpenPoseFolderSource(spec, poseDir, fps);
            case "mediapipe":
                return new Body.MediaPipeFileSource(spec, ExistingFile(spec, rest, baseDirectory));
            case "e4":
                var dir = Resolve(spec, rest, baseDirectory);
                if (!Directory.Exists(dir))
                {
                    throw new DirectoryNotFoundException($"Perception source '{spec}': E4 export directory '{dir}' does not exist.");
                }

                return new E4ExportSource(spec, dir);
            case "osc":
                var (oscHost, oscPort) = HostPort(spec, rest, allowPortZero: true);
                return new OscSource(spec, new IPEndPoint(oscHost, oscPort));
            case "e4stream":
                var (e4Host, e4Port) = HostPort(spec, rest, allowPortZero: false);
                return new E4StreamSource(spec, e4Host.ToString(), e4Port, device: null);
            case "lsl":
                var predicate = rest.Trim();
                if (predicate.Length == 0)
                {
                    throw new FormatException($"Perception source '{spec}' needs a stream predicate after 'lsl:', e.g. lsl:type='Emotion'.");
                }

                if (LslProtocol.Validate(predicate) is { } problem)
                {
                    throw new FormatException($"Perception source '{spec}': {problem}.");
                }

                return new LslInletSource(spec, predicate);
            default:
                if (Extra.TryGetValue(kind, out var extra))
                {
                    return extra.Create(spec, rest, baseDirectory);
                }

                throw new FormatException($"Perception source spec '{spec}' has unknown kind '{kind}'; expected one of: {AllForms}.");
        }
    }

    private static string Resolve(string spec, string path, string? baseDirectory)
    {
        if (path.Trim().Length == 0)
        {
            throw new FormatException($"Perception source '{spec}' needs a path after the ':'.");
        }

        return baseDirectory is null || Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path);
    }

    private static string ExistingFile(string spec, string path, string? baseDirectory)
    {
        var full = Resolve(spec, path, baseDirectory);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"Perception source '{spec}': file '{full}' does not exist.", full);
        }

        return full;
    }

    private static (IPAddress Host, int Port) HostPort(string spec, string rest, bool allowPortZero)
    {
        var colon = rest.LastIndexOf(':');
        if (colon < 0 && int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            // A bare port means loopback: listeners never open to the network unless asked to.
            rest = "127.0.0.1:" + rest;
            colon = rest.LastIndexOf(':');
        }

        if (colon <= 0)
        {
            throw new FormatException($"Perception source '{spec}' needs '<host>:<port>' (e.g. 127.0.0.1:9000).");
        }

        var hostText = rest.Substring(0, colon).Trim('[', ']');
        var portText = rest.Substring(colon + 1);
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535 || (port == 0 && !allowPortZero))
        {
            throw new FormatException($"Perception source '{spec}': port '{portText}' is not a number in {(allowPortZero ? 0 : 1)}..65535.");
        }

        IPAddress? host;
        if (string.Equals(hostText, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            host = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(hostText, out host))
        {
            // No DNS: a listener binds to an address, and a lab network is named by its addresses.
            throw new FormatException($"Perception source '{spec}': host '{hostText}' must be an IP address or 'localhost'.");
        }

        return (host, port);
    }
}
