using System;
using System.IO;
using System.Linq;
using AffectEngine.Perception.Face.Onnx;
using OpenCvSharp;
using Xunit.Abstractions;

namespace AffectEngine.Perception.Face.Tests;

[Collection("face model")]
public class ConversionTests
{
    private readonly ModelFixture _model;
    private readonly ITestOutputHelper _output;

    public ConversionTests(ModelFixture model, ITestOutputHelper output)
    {
        _model = model;
        _output = output;
    }

    [Fact]
    public void Provisioned_files_match_the_pinned_hashes_and_the_licence_is_MIT()
    {
        Assert.Equal(FaceModelStore.ModelJsonSha256, FaceModelStore.Sha256(_model.Files.TfjsModelJson));
        Assert.Equal(FaceModelStore.ModelBinSha256, FaceModelStore.Sha256(Path.Combine(_model.Files.Directory, "emotion.bin")));
        var licence = File.ReadAllText(Path.Combine(_model.Files.Directory, "LICENSE"));
        Assert.StartsWith("MIT License", licence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_cached_weight_file_is_fetched_again_and_verified()
    {
        var cache = TestImages.TempDir();
        try
        {
            var dir = Path.Combine(cache, "human-" + FaceModelStore.PackageVersion);
            Directory.CreateDirectory(dir);
            File.Copy(_model.Files.TfjsModelJson, Path.Combine(dir, "emotion.json"));
            File.WriteAllBytes(Path.Combine(dir, "emotion.bin"), new byte[] { 1, 2, 3 });

            var files = FaceModelStore.EnsureModel(cache);

            Assert.Equal(FaceModelStore.ModelBinSha256, FaceModelStore.Sha256(Path.Combine(files.Directory, "emotion.bin")));
            Assert.Equal(File.ReadAllBytes(_model.Files.OnnxModel), File.ReadAllBytes(files.OnnxModel)); // conversion is deterministic
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void Source_graph_is_a_graph_model_with_the_expected_ops()
    {
        var g = TfjsGraphModel.Load(_model.Files.TfjsModelJson);
        var ops = g.Nodes.Select(n => n.Op).Distinct().OrderBy(o => o, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "AddV2", "Const", "DepthwiseConv2dNative", "Identity", "MaxPool", "Mean", "Placeholder", "Relu", "Softmax", "_FusedConv2D" }, ops);
        Assert.Contains("oarriaga/face_classification", g.GeneratedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void Converted_model_matches_tfjs_within_1e_5_on_fixed_inputs()
    {
        const int count = 8;
        var inputs = new float[count * 64 * 64];
        // Six pseudo-random images in [-1, 1] from a fixed LCG, a constant image and the astronaut's face.
        uint state = 12345;
        for (var i = 0; i < 6 * 64 * 64; i++)
        {
            state = (state * 1664525u) + 1013904223u;
            inputs[i] = ((state >> 8) / (float)(1 << 24) * 2f) - 1f;
        }

        Array.Fill(inputs, 0.25f, 6 * 64 * 64, 64 * 64);
        using (var img = Cv2.ImRead(TestImages.Astronaut, ImreadModes.Color))
        {
            FaceAnalyzer.Preprocess(img, new Rect(170, 30, 110, 110), inputs.AsSpan(7 * 64 * 64, 64 * 64));
        }

        var reference = TfjsReference.Run(_model.Files.TfjsModelJson, inputs, count);
        using var model = new EmotionModel(_model.Files.OnnxModel);
        var converted = model.RunBatch(inputs, count);
        Assert.Equal(count * 7, reference.Length);
        Assert.Equal(reference.Length, converted.Length);
        var maxDiff = 0.0;
        for (var i = 0; i < reference.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(reference[i] - converted[i]));
        }

        _output.WriteLine($"max |tfjs - onnx| over {reference.Length} outputs: {maxDiff:E3}");
        Assert.True(maxDiff <= 1e-5, $"max |tfjs - onnx| = {maxDiff:E3}");
        // The inputs must give different answers, or the check would prove little.
        Assert.True(Enumerable.Range(0, count).Select(k => ArgMax(reference, k * 7)).Distinct().Count() >= 2, "all fixed inputs got the same class");
    }

    [Fact]
    public void Converted_file_is_an_opset_13_graph_of_the_mapped_ops()
    {
        using var stream = File.OpenRead(_model.Files.OnnxModel);
        var model = ProtoBuf.Serializer.Deserialize<ModelProto>(stream);
        Assert.Equal(TfjsToOnnx.IrVersion, model.IrVersion);
        Assert.Equal(TfjsToOnnx.Opset, Assert.Single(model.OpsetImport).Version);
        var ops = model.Graph!.Node.Select(n => n.OpType).Distinct().OrderBy(o => o, StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { "Add", "Conv", "Identity", "MaxPool", "ReduceMean", "Relu", "Softmax", "Transpose" }, ops);
        Assert.Equal(13, model.Graph.Node.Count(n => n.OpType == "Conv")); // 9 convolutions + 4 depthwise
        Assert.Equal(4, model.Graph.Node.Count(n => n.OpType == "Conv" && n.Attribute.Any(a => a.Name == "group")));
        var input = Assert.Single(model.Graph.Input);
        Assert.Equal(new long?[] { null, 64, 64, 1 }, input.Type!.TensorType!.Shape!.Dim.Select(d => d.DimValue).ToArray());
    }

    [Fact]
    public void Converter_refuses_an_op_it_does_not_support_by_name()
    {
        var dir = TestImages.TempDir();
        try
        {
            File.WriteAllText(Path.Combine(dir, "m.json"), """
                {"format":"graph-model","modelTopology":{"node":[
                  {"name":"x","op":"Placeholder","attr":{"shape":{"shape":{"dim":[{"size":"-1"},{"size":"8"},{"size":"8"},{"size":"1"}]}}}},
                  {"name":"t","op":"Tanh","input":["x"]}]},
                 "weightsManifest":[]}
                """);
            var g = TfjsGraphModel.Load(Path.Combine(dir, "m.json"));
            var e = Assert.Throws<FormatException>(() => TfjsToOnnx.Convert(g, "test"));
            Assert.Contains("'t' (Tanh)", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int ArgMax(float[] v, int offset)
    {
        var best = 0;
        for (var i = 1; i < 7; i++)
        {
            if (v[offset + i] > v[offset + best])
            {
                best = i;
            }
        }

        return best;
    }
}
