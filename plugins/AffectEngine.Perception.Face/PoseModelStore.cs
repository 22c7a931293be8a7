using System.IO;
using AffectEngine.Perception.Face.Onnx;

namespace AffectEngine.Perception.Face;

/// <summary>Where the provisioned pose model files are.</summary>
/// <param name="Directory">The cache folder for this package version.</param>
/// <param name="TfjsModelJson">The original TensorFlow.js graph model (movenet-lightning.json; the .bin beside it).</param>
/// <param name="OnnxModel">The converted backbone and heads as ONNX.</param>
public sealed record PoseModelFiles(string Directory, string TfjsModelJson, string OnnxModel);

/// <summary>
/// Provisions the body-pose model on first use: MoveNet SinglePose Lightning v4 (Google 2021, a
/// CenterNet-style MobileNetV2 + FPN network; 17 COCO keypoints from a 192×192 RGB image) as shipped in
/// the same pinned npm package as the face model, <c>@vladmandic/human</c>. The files' own hashes are
/// checked, and the network up to its four heads is converted to ONNX with <see cref="TfjsToOnnx"/>;
/// the heads are decoded by <see cref="PoseEstimator"/> exactly as the graph's tail does it. No weights
/// live in the repository.
/// </summary>
public static class PoseModelStore
{
    /// <summary>SHA-256 of <c>models/movenet-lightning.json</c> in the pinned tarball.</summary>
    public const string ModelJsonSha256 = "df8cbde44d00f533ccc4916a7c6ebc17316532fb3fadad114ec667fef22872e9";

    /// <summary>SHA-256 of <c>models/movenet-lightning.bin</c> in the pinned tarball.</summary>
    public const string ModelBinSha256 = "bf97bc10d9c8a11200b0190ed64ce039b6252f1aff7cb552aca99b3d191c2f34";

    private const string Prefix = "StatefulPartitionedCall/";

    /// <summary>
    /// The converted part: from the normalised image (the graph's <c>sub_1</c>, pixel/127.5 − 1) to the
    /// keypoint heatmaps (after their sigmoid), the centre heatmap (sigmoid, weighted towards the frame
    /// centre), and the raw keypoint-regression and offset maps.
    /// </summary>
    internal static readonly TfjsSubgraph Cut = new(
        Prefix + "sub_1",
        new long[] { 1, PoseEstimator.InputSize, PoseEstimator.InputSize, 3 },
        new[]
        {
            Prefix + "Sigmoid",
            Prefix + "truediv_2",
            Prefix + "kpt_regress_0/conv2d_6/BiasAdd",
            Prefix + "kpt_offset_0/conv2d_7/BiasAdd",
        });

    /// <summary>
    /// Makes sure the verified model and its ONNX conversion are in the cache (fetching and converting
    /// when needed) and returns their paths. Throws <see cref="IOException"/> with a one-line reason when
    /// npm is missing, the registry is unreachable or a checksum does not match.
    /// </summary>
    public static PoseModelFiles EnsureModel(string? cacheDirectory = null)
    {
        var (dir, json, onnx) = TfjsModelStore.Ensure(cacheDirectory, "movenet-lightning", ModelJsonSha256, ModelBinSha256, "The pose model", ", backbone and heads,", Cut);
        return new PoseModelFiles(dir, json, onnx);
    }
}
