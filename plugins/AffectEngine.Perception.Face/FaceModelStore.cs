using System;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Threading;
using AffectEngine.Perception.Face.Onnx;

namespace AffectEngine.Perception.Face;

/// <summary>Where the provisioned model files are.</summary>
/// <param name="Directory">The cache folder for this package version.</param>
/// <param name="TfjsModelJson">The original TensorFlow.js graph model (emotion.json; emotion.bin beside it).</param>
/// <param name="OnnxModel">The converted ONNX model.</param>
public sealed record FaceModelFiles(string Directory, string TfjsModelJson, string OnnxModel);

/// <summary>
/// Provisions the facial-expression model on first use: fetches the npm package
/// <c>@vladmandic/human</c> (pinned version and SHA-256) with <c>npm pack</c>, extracts the
/// mini-Xception emotion model (TensorFlow.js graph model; Arriaga et al. 2017, "Real-time
/// Convolutional Neural Networks for Emotion and Gender Classification"), checks the files' own
/// hashes, and converts it to ONNX with <see cref="TfjsToOnnx"/>. No weights live in the repository.
/// The cache folder is <c>$AFFECTENGINE_MODEL_CACHE</c>, else <c>$XDG_CACHE_HOME/affectengine/models</c>,
/// else <c>~/.cache/affectengine/models</c>.
/// </summary>
public static class FaceModelStore
{
    /// <summary>The npm package the weights come from.</summary>
    public const string PackageName = "@vladmandic/human";

    /// <summary>The pinned package version.</summary>
    public const string PackageVersion = "3.3.6";

    /// <summary>SHA-256 of the package tarball as npm serves it.</summary>
    public const string TarballSha256 = "425e9c51dbbca0c8934362b170cb0d54c2529c11c654b3c03092b16e9d6ad3f7";

    /// <summary>SHA-256 of <c>models/emotion.json</c> in that tarball.</summary>
    public const string ModelJsonSha256 = "56f7e557eb0c863a8b9ab04ac7ccba756e93bf2c27dce135ef0e8712b80b7ad2";

    /// <summary>SHA-256 of <c>models/emotion.bin</c> in that tarball.</summary>
    public const string ModelBinSha256 = "927ac8224f356ab1e68c2bcfbfa07b0c8567047d1bcf817388ba6e38214c4987";

    /// <summary>The environment variable that overrides the cache folder.</summary>
    public const string CacheVariable = "AFFECTENGINE_MODEL_CACHE";

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
    /// Makes sure the verified model and its ONNX conversion are in the cache, fetching and converting
    /// when needed, and returns their paths. Safe to call from several threads and processes (files
    /// are written to temporary names and renamed). Throws <see cref="IOException"/> with a one-line
    /// reason when npm is missing, the registry is unreachable or a checksum does not match.
    /// </summary>
    public static FaceModelFiles EnsureModel(string? cacheDirectory = null)
    {
        var dir = Path.Combine(cacheDirectory ?? DefaultCacheDirectory, "human-" + PackageVersion);
        var json = Path.Combine(dir, "emotion.json");
        var bin = Path.Combine(dir, "emotion.bin");
        var onnx = Path.Combine(dir, "emotion.onnx");
        lock (Gate)
        {
            Directory.CreateDirectory(dir);
            if (!(HashMatches(json, ModelJsonSha256) && HashMatches(bin, ModelBinSha256)))
            {
                Fetch(dir, json, bin);
            }

            // Converting takes milliseconds, so the ONNX file is rebuilt from the verified original
            // whenever it differs: a cached file from an older converter never outlives it.
            var converted = TfjsToOnnx.Convert(TfjsGraphModel.Load(json), $"Converted from {PackageName}@{PackageVersion} models/emotion.json (sha256 {ModelJsonSha256}) by AffectEngine.");
            if (!File.Exists(onnx) || !File.ReadAllBytes(onnx).AsSpan().SequenceEqual(converted))
            {
                WriteAtomically(onnx, converted);
            }
        }

        return new FaceModelFiles(dir, json, onnx);
    }

    private static void Fetch(string dir, string json, string bin)
    {
        var work = Path.Combine(dir, "fetch-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Environment.CurrentManagedThreadId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(work);
        try
        {
            var tarball = NpmPack(work);
            var actual = Sha256(tarball);
            if (!string.Equals(actual, TarballSha256, StringComparison.Ordinal))
            {
                throw new IOException($"{PackageName}@{PackageVersion}: the tarball's SHA-256 is {actual}, expected {TarballSha256}; refusing to use it.");
            }

            var found = 0;
            using (var gz = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
            using (var tar = new TarReader(gz))
            {
                while (tar.GetNextEntry() is { } entry)
                {
                    var target = entry.Name switch
                    {
                        "package/models/emotion.json" => json,
                        "package/models/emotion.bin" => bin,
                        "package/LICENSE" => Path.Combine(dir, "LICENSE"),
                        _ => null,
                    };
                    if (target is null || entry.DataStream is null)
                    {
                        continue;
                    }

                    using var buffer = new MemoryStream();
                    entry.DataStream.CopyTo(buffer);
                    WriteAtomically(target, buffer.ToArray());
                    found++;
                }
            }

            if (found != 3 || !HashMatches(json, ModelJsonSha256) || !HashMatches(bin, ModelBinSha256))
            {
                throw new IOException($"{PackageName}@{PackageVersion}: the tarball does not hold the expected models/emotion.json, models/emotion.bin and LICENSE.");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless; the next fetch uses another name.
            }
        }
    }

    private static string NpmPack(string work)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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
            throw new IOException($"The face model is fetched with npm (Node.js) on first use, and npm could not be run: {e.Message}. Install npm or fill the cache folder ({CacheVariable}).", e);
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

            var err = stderr.GetAwaiter().GetResult();
            var file = Path.Combine(work, stdout.Trim().Split('\n')[^1].Trim());
            if (process.ExitCode != 0 || !File.Exists(file))
            {
                var reason = err.Trim().Split('\n')[^1].Trim();
                throw new IOException($"npm pack {PackageName}@{PackageVersion} failed (exit {process.ExitCode}): {reason}");
            }

            return file;
        }
    }

    private static bool HashMatches(string path, string expected) => File.Exists(path) && string.Equals(Sha256(path), expected, StringComparison.Ordinal);

    /// <summary>The lower-case hex SHA-256 of a file.</summary>
    internal static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var tmp = path + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + Interlocked.Increment(ref _tmpCounter).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }

    private static int _tmpCounter;
}
