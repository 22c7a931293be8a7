using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace AffectEngine.Perception.Face.Onnx;

/// <summary>A constant tensor of a TensorFlow.js model: its shape and values (float32 or int32, stored as float or int arrays).</summary>
internal sealed class TfjsTensor
{
    public TfjsTensor(int[] shape, float[]? floats, int[]? ints)
    {
        Shape = shape;
        Floats = floats;
        Ints = ints;
    }

    public int[] Shape { get; }

    public float[]? Floats { get; }

    public int[]? Ints { get; }
}

/// <summary>One node of a TensorFlow.js graph model (a TensorFlow GraphDef node in JSON form).</summary>
internal sealed class TfjsNode
{
    public TfjsNode(string name, string op, string[] inputs, JsonElement attributes)
    {
        Name = name;
        Op = op;
        Inputs = inputs;
        Attributes = attributes;
    }

    public string Name { get; }

    public string Op { get; }

    public string[] Inputs { get; }

    public JsonElement Attributes { get; }

    /// <summary>A string attribute (tfjs stores them base64-encoded); null when absent.</summary>
    public string? String(string name) =>
        Attr(name) is { } a && a.TryGetProperty("s", out var s) ? Encoding.UTF8.GetString(Convert.FromBase64String(s.GetString() ?? string.Empty)) : null;

    /// <summary>A list-of-ints attribute (tfjs writes int64s as strings); empty when absent.</summary>
    public long[] Ints(string name)
    {
        if (Attr(name) is not { } a || !a.TryGetProperty("list", out var list) || !list.TryGetProperty("i", out var items))
        {
            return Array.Empty<long>();
        }

        var result = new long[items.GetArrayLength()];
        var k = 0;
        foreach (var item in items.EnumerateArray())
        {
            result[k++] = long.Parse(item.GetString() ?? "0", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>A list-of-strings attribute (base64 in tfjs); empty when absent.</summary>
    public string[] Strings(string name)
    {
        if (Attr(name) is not { } a || !a.TryGetProperty("list", out var list) || !list.TryGetProperty("s", out var items))
        {
            return Array.Empty<string>();
        }

        var result = new List<string>();
        foreach (var item in items.EnumerateArray())
        {
            result.Add(Encoding.UTF8.GetString(Convert.FromBase64String(item.GetString() ?? string.Empty)));
        }

        return result.ToArray();
    }

    /// <summary>A scalar int attribute; <paramref name="fallback"/> when absent.</summary>
    public long Int(string name, long fallback) =>
        Attr(name) is { } a && a.TryGetProperty("i", out var i)
            ? long.Parse(i.GetString() ?? "0", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            : fallback;

    /// <summary>A boolean attribute; false when absent.</summary>
    public bool Bool(string name) => Attr(name) is { } a && a.TryGetProperty("b", out var b) && b.GetBoolean();

    private JsonElement? Attr(string name) =>
        Attributes.ValueKind == JsonValueKind.Object && Attributes.TryGetProperty(name, out var a) ? a : null;
}

/// <summary>
/// A TensorFlow.js graph model read from its <c>model.json</c> (format "graph-model": a GraphDef in
/// JSON) and the weight shards its manifest names. Only unquantized float32 and int32 weights are
/// accepted: that is what the models we convert hold, and reading anything else silently would make
/// the converted model wrong.
/// </summary>
internal sealed class TfjsGraphModel
{
    private TfjsGraphModel(List<TfjsNode> nodes, Dictionary<string, TfjsTensor> weights, string generatedBy)
    {
        Nodes = nodes;
        Weights = weights;
        GeneratedBy = generatedBy;
    }

    /// <summary>The graph's nodes in file order.</summary>
    public IReadOnlyList<TfjsNode> Nodes { get; }

    /// <summary>Constant tensors by node name.</summary>
    public IReadOnlyDictionary<string, TfjsTensor> Weights { get; }

    /// <summary>The model.json's "generatedBy" field (the model's origin).</summary>
    public string GeneratedBy { get; }

    /// <summary>Reads a graph model; the weight files are looked up next to <paramref name="modelJsonPath"/>.</summary>
    public static TfjsGraphModel Load(string modelJsonPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(modelJsonPath));
        var root = doc.RootElement;
        var format = root.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (!string.Equals(format, "graph-model", StringComparison.Ordinal))
        {
            throw new FormatException($"'{modelJsonPath}': expected a TensorFlow.js graph model (\"format\": \"graph-model\"), found format '{format ?? "(none)"}'.");
        }

        var nodes = new List<TfjsNode>();
        foreach (var n in root.GetProperty("modelTopology").GetProperty("node").EnumerateArray())
        {
            var inputs = new List<string>();
            if (n.TryGetProperty("input", out var ins))
            {
                foreach (var i in ins.EnumerateArray())
                {
                    inputs.Add(i.GetString() ?? string.Empty);
                }
            }

            var attrs = n.TryGetProperty("attr", out var a) ? a.Clone() : default;
            nodes.Add(new TfjsNode(n.GetProperty("name").GetString()!, n.GetProperty("op").GetString()!, inputs.ToArray(), attrs));
        }

        var weights = ReadWeights(root.GetProperty("weightsManifest"), Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!, modelJsonPath);
        var generatedBy = root.TryGetProperty("generatedBy", out var g) ? g.GetString() ?? string.Empty : string.Empty;
        return new TfjsGraphModel(nodes, weights, generatedBy);
    }

    private static Dictionary<string, TfjsTensor> ReadWeights(JsonElement manifest, string directory, string modelJsonPath)
    {
        var result = new Dictionary<string, TfjsTensor>(StringComparer.Ordinal);
        foreach (var group in manifest.EnumerateArray())
        {
            // A group's shards are one byte stream cut into files; its weights follow each other in it.
            using var data = new MemoryStream();
            foreach (var p in group.GetProperty("paths").EnumerateArray())
            {
                var shard = Path.Combine(directory, p.GetString()!);
                var bytes = File.ReadAllBytes(shard);
                data.Write(bytes, 0, bytes.Length);
            }

            var all = data.ToArray();
            var offset = 0;
            foreach (var w in group.GetProperty("weights").EnumerateArray())
            {
                var name = w.GetProperty("name").GetString()!;
                // tfjs-converter's --quantize_float16 stores float32 weights as IEEE half floats; they are
                // widened back on load. Integer (affine) quantization would change values, so it is refused.
                var half = false;
                if (w.TryGetProperty("quantization", out var q))
                {
                    half = q.TryGetProperty("dtype", out var qd) && qd.GetString() == "float16" && w.GetProperty("dtype").GetString() == "float32";
                    if (!half)
                    {
                        throw new FormatException($"'{modelJsonPath}': weight '{name}' is quantized other than float32 as float16; only float32, float16-stored float32 and int32 weights are supported.");
                    }
                }

                var shapeList = new List<int>();
                foreach (var d in w.GetProperty("shape").EnumerateArray())
                {
                    shapeList.Add(d.GetInt32());
                }

                var shape = shapeList.ToArray();
                var count = 1;
                foreach (var d in shape)
                {
                    count = checked(count * d);
                }

                var dtype = w.GetProperty("dtype").GetString();
                var width = half ? 2 : 4;
                if (offset + (count * width) > all.Length)
                {
                    throw new FormatException($"'{modelJsonPath}': weight '{name}' runs past the end of the weight data ({all.Length} bytes).");
                }

                var span = all.AsSpan(offset, count * width);
                if (half)
                {
                    var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(span);
                    var widened = new float[count];
                    for (var i = 0; i < count; i++)
                    {
                        widened[i] = (float)halves[i];
                    }

                    result[name] = new TfjsTensor(shape, widened, null);
                    offset += count * width;
                    continue;
                }

                TfjsTensor tensor = dtype switch
                {
                    "float32" => new TfjsTensor(shape, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(span).ToArray(), null),
                    "int32" => new TfjsTensor(shape, null, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(span).ToArray()),
                    _ => throw new FormatException($"'{modelJsonPath}': weight '{name}' has dtype '{dtype}'; only float32 and int32 are supported."),
                };
                result[name] = tensor;
                offset += count * 4;
            }

            if (offset != all.Length)
            {
                throw new FormatException($"'{modelJsonPath}': the manifest describes {offset} bytes of weights but the shards hold {all.Length}.");
            }
        }

        return result;
    }
}
