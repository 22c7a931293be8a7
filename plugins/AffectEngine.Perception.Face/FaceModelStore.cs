using System.IO;
using AffectEngine.Perception.Face.Onnx;
using AffectEngine.Plugins.Shared;

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
    public const string PackageName = TfjsModelStore.PackageName;

    /// <summary>The pinned package version.</summary>
    public const string PackageVersion = TfjsModelStore.PackageVersion;

    /// <summary>SHA-256 of the package tarball as npm serves it.</summary>
    public const string TarballSha256 = TfjsModelStore.TarballSha256;

    /// <summary>SHA-256 of <c>models/emotion.json</c> in that tarball.</summary>
    public const string ModelJsonSha256 = "56f7e557eb0c863a8b9ab04ac7ccba756e93bf2c27dce135ef0e8712b80b7ad2";

    /// <summary>SHA-256 of <c>models/emotion.bin</c> in that tarball.</summary>
    public const string ModelBinSha256 = "927ac8224f356ab1e68c2bcfbfa07b0c8567047d1bcf817388ba6e38214c4987";

    /// <summary>The environment variable that overrides the cache folder.</summary>
    public const string CacheVariable = NpmModelPackage.CacheVariable;

    /// <summary>The cache folder used when none is given.</summary>
    public static string DefaultCacheDirectory => NpmModelPackage.DefaultCacheDirectory;

    /// <summary>
    /// Makes sure the verified model and its ONNX conversion are in the cache, fetching and converting
    /// when needed, and returns their paths. Safe to call from several threads and processes (files
    /// are written to temporary names and renamed). Throws <see cref="IOException"/> with a one-line
    /// reason when npm is missing, the registry is unreachable or a checksum does not match.
    /// </summary>
    public static FaceModelFiles EnsureModel(string? cacheDirectory = null)
    {
        var (dir, json, onnx) = TfjsModelStore.Ensure(cacheDirectory, "emotion", ModelJsonSha256, ModelBinSha256, "The face model", "");
        return new FaceModelFiles(dir, json, onnx);
    }

    /// <summary>The lower-case hex SHA-256 of a file.</summary>
    internal static string Sha256(string path) => NpmModelPackage.Sha256(path);
}
