using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using AffectEngine.Perception.Face.Onnx;
using AffectEngine.Plugins.Shared;

namespace AffectEngine.Perception.Face;

/// <summary>
/// Provisions a TensorFlow.js graph model of the pinned <c>@vladmandic/human</c> package and its ONNX
/// conversion: fetches the package (tarball SHA-256 pinned) when the cached files' own pinned SHA-256
/// do not match, then converts. The face and pose models share it, so both keep the same checks and
/// one lock guards the package folder they share.
/// </summary>
internal static class TfjsModelStore
{
    /// <summary>The npm package the weights come from.</summary>
    public const string PackageName = "@vladmandic/human";

    /// <summary>The pinned package version.</summary>
    public const string PackageVersion = "3.3.6";

    /// <summary>SHA-256 of the package tarball as npm serves it.</summary>
    public const string TarballSha256 = "425e9c51dbbca0c8934362b170cb0d54c2529c11c654b3c03092b16e9d6ad3f7";

    private static readonly object Gate = new();
    private static int _tmpCounter;

    /// <summary>
    /// Makes sure <c>models/{stem}.json</c> and <c>.bin</c> with the given hashes and their ONNX conversion
    /// are in the cache and returns (folder, json, onnx). <paramref name="what"/> names the model in errors
    /// ("The face model"); <paramref name="cut"/> converts only part of the graph. Throws
    /// <see cref="IOException"/> with a one-line reason when npm is missing, the registry is unreachable or
    /// a checksum does not match.
    /// </summary>
    public static (string Directory, string Json, string Onnx) Ensure(string? cacheDirectory, string stem, string jsonSha256, string binSha256, string what, string convertedPart, TfjsSubgraph? cut = null)
    {
        var dir = Path.Combine(cacheDirectory ?? NpmModelPackage.DefaultCacheDirectory, "human-" + PackageVersion);
        var json = Path.Combine(dir, stem + ".json");
        var bin = Path.Combine(dir, stem + ".bin");
        var onnx = Path.Combine(dir, stem + ".onnx");
        lock (Gate)
        {
            Directory.CreateDirectory(dir);
            if (!(NpmModelPackage.HashMatches(json, jsonSha256) && NpmModelPackage.HashMatches(bin, binSha256)))
            {
                var entries = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["package/models/" + stem + ".json"] = json,
                    ["package/models/" + stem + ".bin"] = bin,
                    ["package/LICENSE"] = Path.Combine(dir, "LICENSE"),
                };
                var found = NpmModelPackage.Fetch(PackageName, PackageVersion, TarballSha256, dir, entries, what);
                if (found != 3 || !NpmModelPackage.HashMatches(json, jsonSha256) || !NpmModelPackage.HashMatches(bin, binSha256))
                {
                    throw new IOException($"{PackageName}@{PackageVersion}: the tarball does not hold the expected models/{stem}.json, models/{stem}.bin and LICENSE.");
                }
            }

            // Converting takes milliseconds, so the ONNX file is rebuilt from the verified original
            // whenever it differs: a cached file from an older converter never outlives it.
            var converted = TfjsToOnnx.Convert(TfjsGraphModel.Load(json), $"Converted from {PackageName}@{PackageVersion} models/{stem}.json (sha256 {jsonSha256}){convertedPart} by AffectEngine.", cut);
            if (!File.Exists(onnx) || !File.ReadAllBytes(onnx).AsSpan().SequenceEqual(converted))
            {
                // Written under a name of its own and renamed, so concurrent processes never see half a file.
                var tmp = onnx + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + Interlocked.Increment(ref _tmpCounter).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".tmp";
                File.WriteAllBytes(tmp, converted);
                File.Move(tmp, onnx, overwrite: true);
            }
        }

        return (dir, json, onnx);
    }
}
