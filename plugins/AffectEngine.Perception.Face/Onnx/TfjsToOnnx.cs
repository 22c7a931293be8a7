using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using ProtoBuf;

namespace AffectEngine.Perception.Face.Onnx;

/// <summary>
/// Converts a TensorFlow.js graph model of a small image CNN to ONNX (opset 13). TensorFlow is NHWC
/// and ONNX convolutions are NCHW, so the input is transposed once and every 4-D tensor stays NCHW
/// after that; reductions map their axes. Supported: the ops of the mini-Xception FER model and of the
/// MoveNet backbone and heads (and their plain forms): Placeholder, Const, Conv2D, _FusedConv2D and
/// FusedDepthwiseConv2dNative with BiasAdd[+Relu|Relu6], DepthwiseConv2dNative, MaxPool, Add/AddV2,
/// Relu, Sigmoid, Mul by a constant, ResizeBilinear (half-pixel centres), Mean, Softmax, Identity.
/// Anything else is refused with the node's name, never approximated. A <see cref="TfjsSubgraph"/>
/// converts only the part between a chosen input and chosen outputs (MoveNet's integer-index decoding
/// after its heads is done by the caller).
/// </summary>
internal static class TfjsToOnnx
{
    /// <summary>The ONNX opset the nodes are written against (ReduceMean still takes axes as an attribute).</summary>
    public const int Opset = 13;

    /// <summary>The ONNX IR version written (IR 7 introduced opset 13).</summary>
    public const int IrVersion = 7;

    private enum Layout
    {
        /// <summary>A 4-D activation kept NCHW (TensorFlow's NHWC transposed).</summary>
        Nchw,

        /// <summary>Anything else: same layout as in TensorFlow.</summary>
        Plain,
    }

    /// <summary>Converts and serializes; the returned bytes are an ONNX model file.</summary>
    public static byte[] Convert(TfjsGraphModel model, string docString, TfjsSubgraph? cut = null)
    {
        var proto = Build(model, docString, cut);
        using var stream = new MemoryStream();
        Serializer.Serialize(stream, proto);
        return stream.ToArray();
    }

    /// <summary>Builds the ONNX model message.</summary>
    public static ModelProto Build(TfjsGraphModel model, string docString, TfjsSubgraph? cut = null)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The converter writes raw tensor bytes and needs a little-endian machine.");
        }

        var graph = new GraphProto { Name = "converted" };
        var layouts = new Dictionary<string, Layout>(StringComparer.Ordinal);
        var byName = new Dictionary<string, TfjsNode>(StringComparer.Ordinal);
        foreach (var n in model.Nodes)
        {
            byName[n.Name] = n;
        }

        var outputs = new List<string>();
        var order = cut is null ? Topological(model.Nodes, byName) : Topological(Required(cut, byName), byName, cut.InputNode);
        foreach (var node in order)
        {
            if (cut is not null && node.Name == cut.InputNode)
            {
                AddInput(graph, node, cut.InputShape);
                layouts[node.Name] = Layout.Nchw;
                continue;
            }

            var inputs = new string[node.Inputs.Length];
            for (var i = 0; i < inputs.Length; i++)
            {
                inputs[i] = TensorName(node.Inputs[i]);
            }

            switch (node.Op)
            {
                case "Const":
                    break; // written as initializers by the ops that use them, in the layout they need
                case "Placeholder":
                    AddInput(graph, node, PlaceholderShape(node));
                    layouts[node.Name] = Layout.Nchw;
                    break;
                case "Conv2D":
                case "_FusedConv2D":
                case "DepthwiseConv2dNative":
                case "FusedDepthwiseConv2dNative":
                    AddConvolution(graph, node, inputs, model, layouts);
                    break;
                case "MaxPool":
                    RequireNchw(node, inputs[0], layouts);
                    var pool = Node(graph, "MaxPool", node.Name, inputs[0]);
                    var k = node.Ints("ksize");
                    var s = node.Ints("strides");
                    pool.Attribute.Add(Ints("kernel_shape", k[1], k[2]));
                    pool.Attribute.Add(Ints("strides", s[1], s[2]));
                    pool.Attribute.Add(Str("auto_pad", Padding(node)));
                    layouts[node.Name] = Layout.Nchw;
                    break;
                case "Add":
                case "AddV2":
                    if (LayoutOf(inputs[0], layouts) != LayoutOf(inputs[1], layouts))
                    {
                        throw Unsupported(node, "adds tensors of different layouts (broadcasting a constant is not supported)");
                    }

                    Node(graph, "Add", node.Name, inputs[0], inputs[1]);
                    layouts[node.Name] = LayoutOf(inputs[0], layouts);
                    break;
                case "Relu":
                case "Sigmoid":
                    Node(graph, node.Op, node.Name, inputs[0]);
                    layouts[node.Name] = LayoutOf(inputs[0], layouts);
                    break;
                case "Mul":
                    AddScale(graph, node, inputs, model, layouts);
                    break;
                case "ResizeBilinear":
                    AddResize(graph, node, inputs, model, layouts);
                    break;
                case "Mean":
                    AddMean(graph, node, inputs, model, layouts);
                    break;
                case "Softmax":
                    if (LayoutOf(inputs[0], layouts) != Layout.Plain)
                    {
                        throw Unsupported(node, "takes a softmax over a 4-D activation");
                    }

                    var softmax = Node(graph, "Softmax", node.Name, inputs[0]);
                    softmax.Attribute.Add(Int("axis", -1)); // TensorFlow's softmax is over the last axis
                    layouts[node.Name] = Layout.Plain;
                    break;
                case "Identity":
                    if (LayoutOf(inputs[0], layouts) != Layout.Plain)
                    {
                        throw Unsupported(node, "passes on a 4-D activation as an output");
                    }

                    Node(graph, "Identity", node.Name, inputs[0]);
                    layouts[node.Name] = Layout.Plain;
                    break;
                default:
                    throw Unsupported(node, "is not an op this converter supports");
            }
        }

        if (cut is not null)
        {
            foreach (var o in cut.Outputs)
            {
                graph.Output.Add(new ValueInfoProto
                {
                    Name = o,
                    Type = new TypeProto { TensorType = new TensorTypeProto { ElemType = TensorDataType.Float } },
                });
            }

            return Model(graph, docString);
        }

        // Graph outputs: the nodes nobody consumes (the model's Identity heads).
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in model.Nodes)
        {
            foreach (var i in n.Inputs)
            {
                consumed.Add(TensorName(i));
            }
        }

        foreach (var n in model.Nodes)
        {
            if (n.Op != "Const" && n.Op != "Placeholder" && !consumed.Contains(n.Name))
            {
                graph.Output.Add(new ValueInfoProto
                {
                    Name = n.Name,
                    Type = new TypeProto { TensorType = new TensorTypeProto { ElemType = TensorDataType.Float } },
                });
                outputs.Add(n.Name);
            }
        }

        if (outputs.Count == 0)
        {
            throw new FormatException("The TensorFlow.js graph has no output node.");
        }

        return Model(graph, docString);
    }

    private static ModelProto Model(GraphProto graph, string docString)
    {
        var result = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "AffectEngine.Perception.Face",
            ProducerVersion = "1",
            DocString = docString,
            Graph = graph,
        };
        result.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        return result;
    }

    private static void AddInput(GraphProto graph, TfjsNode node, long[] dims)
    {
        // The ONNX input keeps TensorFlow's NHWC shape so callers feed the same tensor to both models.
        if (dims.Length != 4)
        {
            throw Unsupported(node, $"is a {dims.Length}-D input; only NHWC image inputs are supported");
        }

        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d < 0 ? new DimensionProto { DimParam = "batch" } : new DimensionProto { DimValue = d });
        }

        var external = node.Name + ":nhwc";
        graph.Input.Add(new ValueInfoProto
        {
            Name = external,
            Type = new TypeProto { TensorType = new TensorTypeProto { ElemType = TensorDataType.Float, Shape = shape } },
        });
        var transpose = Node(graph, "Transpose", node.Name, external);
        transpose.Attribute.Add(Ints("perm", 0, 3, 1, 2));
    }

    private static long[] PlaceholderShape(TfjsNode node)
    {
        if (node.Attributes.ValueKind != System.Text.Json.JsonValueKind.Object
            || !node.Attributes.TryGetProperty("shape", out var s)
            || !s.TryGetProperty("shape", out var inner)
            || !inner.TryGetProperty("dim", out var dims))
        {
            throw Unsupported(node, "is an input without a known shape");
        }

        var result = new List<long>();
        foreach (var d in dims.EnumerateArray())
        {
            result.Add(long.Parse(d.GetProperty("size").GetString() ?? "-1", System.Globalization.CultureInfo.InvariantCulture));
        }

        return result.ToArray();
    }

    private static void AddConvolution(GraphProto graph, TfjsNode node, string[] inputs, TfjsGraphModel model, Dictionary<string, Layout> layouts)
    {
        RequireNchw(node, inputs[0], layouts);
        var depthwise = node.Op is "DepthwiseConv2dNative" or "FusedDepthwiseConv2dNative";
        var isFused = node.Op is "_FusedConv2D" or "FusedDepthwiseConv2dNative";
        var filter = Constant(model, node, inputs[1]);
        if (filter.Floats is null || filter.Shape.Length != 4)
        {
            throw Unsupported(node, "has a filter that is not a 4-D float tensor");
        }

        int kh = filter.Shape[0], kw = filter.Shape[1], cin = filter.Shape[2], cout = filter.Shape[3];
        var fused = isFused ? node.Strings("fused_ops") : Array.Empty<string>();
        var relu = false;
        var relu6 = false;
        string? bias = null;
        if (isFused)
        {
            if (fused.Length == 0 || fused[0] != "BiasAdd" || fused.Length > 2 || (fused.Length == 2 && fused[1] is not ("Relu" or "Relu6")) || node.Int("num_args", 1) != 1)
            {
                throw Unsupported(node, $"fuses [{string.Join(", ", fused)}]; only BiasAdd, BiasAdd+Relu and BiasAdd+Relu6 are supported");
            }

            relu = fused.Length == 2 && fused[1] == "Relu";
            relu6 = fused.Length == 2 && fused[1] == "Relu6";
            var b = Constant(model, node, inputs[2]);
            var biasChannels = depthwise ? cin * cout : cout;
            if (b.Floats is null || b.Shape.Length != 1 || b.Shape[0] != biasChannels)
            {
                throw Unsupported(node, "has a bias that does not match its filter's output channels");
            }

            bias = AddInitializer(graph, inputs[2] + ":bias", new long[] { biasChannels }, b.Floats);
        }

        // TensorFlow filters are [kh, kw, in, out] ([kh, kw, in, multiplier] for depthwise); ONNX wants
        // [out, in/group, kh, kw]. A depthwise output channel c*multiplier+m comes from input channel c
        // in both, so with group = in the depthwise filter maps to [in*multiplier, 1, kh, kw].
        var outChannels = depthwise ? cin * cout : cout;
        var perGroupIn = depthwise ? 1 : cin;
        var w = new float[outChannels * perGroupIn * kh * kw];
        for (var y = 0; y < kh; y++)
        {
            for (var x = 0; x < kw; x++)
            {
                for (var i = 0; i < cin; i++)
                {
                    for (var o = 0; o < cout; o++)
                    {
                        var src = filter.Floats[(((y * kw) + x) * cin + i) * cout + o];
                        var oc = depthwise ? (i * cout) + o : o;
                        var ic = depthwise ? 0 : i;
                        w[(((oc * perGroupIn) + ic) * kh + y) * kw + x] = src;
                    }
                }
            }
        }

        var weightName = AddInitializer(graph, inputs[1] + (depthwise ? ":depthwise" : ":oihw"), new long[] { outChannels, perGroupIn, kh, kw }, w);
        var convInputs = bias is null ? new[] { inputs[0], weightName } : new[] { inputs[0], weightName, bias };
        var convOut = relu || relu6 ? node.Name + ":conv" : node.Name;
        var conv = NodeWithOutput(graph, "Conv", convOut, convInputs);
        conv.Name = node.Name;
        var strides = node.Ints("strides");
        var dilations = node.Ints("dilations");
        if (node.String("data_format") is { } fmt && fmt != "NHWC")
        {
            throw Unsupported(node, $"uses data format {fmt}; only NHWC is supported");
        }

        conv.Attribute.Add(Ints("kernel_shape", kh, kw));
        conv.Attribute.Add(Ints("strides", strides.Length == 4 ? strides[1] : 1, strides.Length == 4 ? strides[2] : 1));
        conv.Attribute.Add(Ints("dilations", dilations.Length == 4 ? dilations[1] : 1, dilations.Length == 4 ? dilations[2] : 1));
        conv.Attribute.Add(Str("auto_pad", Padding(node)));
        if (depthwise)
        {
            conv.Attribute.Add(Int("group", cin));
        }

        if (relu)
        {
            var r = NodeWithOutput(graph, "Relu", node.Name, convOut);
            r.Name = node.Name + ":relu";
        }

        if (relu6)
        {
            // Relu6 is min(max(x, 0), 6): ONNX Clip with the bounds as (opset 11+) scalar inputs.
            var lo = AddInitializer(graph, "relu6:min", Array.Empty<long>(), new[] { 0f });
            var hi = AddInitializer(graph, "relu6:max", Array.Empty<long>(), new[] { 6f });
            var c = NodeWithOutput(graph, "Clip", node.Name, convOut, lo, hi);
            c.Name = node.Name + ":relu6";
        }

        layouts[node.Name] = Layout.Nchw;
    }

    /// <summary>An activation times a constant: a scalar, or an NHWC map ([H, W, C] or [1, H, W, C]) transposed to NCHW.</summary>
    private static void AddScale(GraphProto graph, TfjsNode node, string[] inputs, TfjsGraphModel model, Dictionary<string, Layout> layouts)
    {
        var constantFirst = model.Weights.ContainsKey(inputs[0]);
        var activation = constantFirst ? inputs[1] : inputs[0];
        var k = Constant(model, node, constantFirst ? inputs[0] : inputs[1]);
        if (k.Floats is null)
        {
            throw Unsupported(node, "multiplies by a constant that is not float");
        }

        var layout = LayoutOf(activation, layouts);
        string scale;
        if (k.Floats.Length == 1)
        {
            scale = AddInitializer(graph, node.Name + ":k", Array.Empty<long>(), k.Floats);
        }
        else if (layout == Layout.Nchw && k.Shape.Length is 3 or 4 && (k.Shape.Length == 3 || k.Shape[0] == 1))
        {
            var off = k.Shape.Length - 3;
            int h = k.Shape[off], w = k.Shape[off + 1], c = k.Shape[off + 2];
            var t = new float[k.Floats.Length];
            for (var y = 0; y < h; y++)
            {
                for (var x = 0; x < w; x++)
                {
                    for (var ch = 0; ch < c; ch++)
                    {
                        t[(((ch * h) + y) * w) + x] = k.Floats[(((y * w) + x) * c) + ch];
                    }
                }
            }

            scale = AddInitializer(graph, node.Name + ":k", new long[] { 1, c, h, w }, t);
        }
        else
        {
            throw Unsupported(node, "multiplies by a constant that is neither a scalar nor an NHWC map of a 4-D activation");
        }

        Node(graph, "Mul", node.Name, activation, scale);
        layouts[node.Name] = layout;
    }

    /// <summary>
    /// TensorFlow's ResizeBilinear with half_pixel_centers (align_corners false) samples at
    /// (i + 0.5) / scale - 0.5, which is ONNX Resize's "half_pixel" linear mode. The target size is a
    /// constant [H, W]; ONNX wants all four dimensions, so N and C are taken from the input's shape.
    /// </summary>
    private static void AddResize(GraphProto graph, TfjsNode node, string[] inputs, TfjsGraphModel model, Dictionary<string, Layout> layouts)
    {
        RequireNchw(node, inputs[0], layouts);
        if (node.Bool("align_corners") || !node.Bool("half_pixel_centers"))
        {
            throw Unsupported(node, "resizes without half-pixel centres (or with aligned corners); only half_pixel_centers=true is supported");
        }

        var size = Constant(model, node, inputs[1]).Ints;
        if (size is not { Length: 2 })
        {
            throw Unsupported(node, "has a target size that is not a constant int32 [height, width]");
        }

        var shape = NodeWithOutput(graph, "Shape", node.Name + ":shape", inputs[0]);
        shape.Name = node.Name + ":shape";
        var starts = AddInt64Initializer(graph, "slice:0", 0);
        var ends = AddInt64Initializer(graph, "slice:2", 2);
        var nc = NodeWithOutput(graph, "Slice", node.Name + ":nc", node.Name + ":shape", starts, ends);
        nc.Name = node.Name + ":nc";
        var hw = AddInt64Initializer(graph, node.Name + ":hw", size[0], size[1]);
        var sizes = NodeWithOutput(graph, "Concat", node.Name + ":sizes", node.Name + ":nc", hw);
        sizes.Name = node.Name + ":sizes";
        sizes.Attribute.Add(Int("axis", 0));
        var resize = Node(graph, "Resize", node.Name, inputs[0], string.Empty, string.Empty, node.Name + ":sizes");
        resize.Attribute.Add(Str("mode", "linear"));
        resize.Attribute.Add(Str("coordinate_transformation_mode", "half_pixel"));
        layouts[node.Name] = Layout.Nchw;
    }

    private static string AddInt64Initializer(GraphProto graph, string name, params long[] values)
    {
        foreach (var existing in graph.Initializer)
        {
            if (existing.Name == name)
            {
                return name;
            }
        }

        var t = new TensorProto { Name = name, DataType = TensorDataType.Int64, RawData = MemoryMarshal.AsBytes(values.AsSpan()).ToArray() };
        t.Dims.Add(values.Length);
        graph.Initializer.Add(t);
        return name;
    }

    /// <summary>The nodes the cut's outputs depend on, not looking past its input node.</summary>
    private static List<TfjsNode> Required(TfjsSubgraph cut, Dictionary<string, TfjsNode> byName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<TfjsNode>();
        var stack = new Stack<string>(cut.Outputs);
        if (!byName.ContainsKey(cut.InputNode))
        {
            throw new FormatException($"The graph has no node '{cut.InputNode}' to take as the input.");
        }

        while (stack.Count > 0)
        {
            var name = stack.Pop();
            if (!seen.Add(name))
            {
                continue;
            }

            if (!byName.TryGetValue(name, out var n))
            {
                throw new FormatException($"The graph has no node '{name}'.");
            }

            result.Add(n);
            if (name == cut.InputNode)
            {
                continue;
            }

            foreach (var i in n.Inputs)
            {
                stack.Push(TensorName(i));
            }
        }

        result.Reverse();
        return result;
    }

    private static void AddMean(GraphProto graph, TfjsNode node, string[] inputs, TfjsGraphModel model, Dictionary<string, Layout> layouts)
    {
        RequireNchw(node, inputs[0], layouts);
        var axes = Constant(model, node, inputs[1]).Ints ?? throw Unsupported(node, "has reduction indices that are not int32");
        var keep = node.Bool("keep_dims");
        var onnxAxes = new long[axes.Length];
        var reducesSpatialOnly = true;
        for (var i = 0; i < axes.Length; i++)
        {
            var a = axes[i] < 0 ? axes[i] + 4 : axes[i];
            onnxAxes[i] = a switch { 0 => 0, 1 => 2, 2 => 3, 3 => 1, _ => throw Unsupported(node, $"reduces over axis {axes[i]} of a 4-D tensor") };
            reducesSpatialOnly &= a is 1 or 2;
        }

        // Without keep_dims only a reduction over H and W leaves [N, C], the same in both layouts.
        if (!keep && !(reducesSpatialOnly && axes.Length == 2))
        {
            throw Unsupported(node, "reduces without keep_dims over axes other than height and width");
        }

        var mean = Node(graph, "ReduceMean", node.Name, inputs[0]);
        mean.Attribute.Add(Ints("axes", onnxAxes));
        mean.Attribute.Add(Int("keepdims", keep ? 1 : 0));
        layouts[node.Name] = keep ? Layout.Nchw : Layout.Plain;
    }

    private static TfjsTensor Constant(TfjsGraphModel model, TfjsNode node, string name)
    {
        if (!model.Weights.TryGetValue(name, out var t))
        {
            throw Unsupported(node, $"takes '{name}', which is not a constant in the weight manifest");
        }

        return t;
    }

    private static string AddInitializer(GraphProto graph, string name, long[] dims, float[] values)
    {
        foreach (var existing in graph.Initializer)
        {
            if (existing.Name == name)
            {
                return name; // a constant read by two ops is written once
            }
        }

        var t = new TensorProto { Name = name, DataType = TensorDataType.Float, RawData = MemoryMarshal.AsBytes(values.AsSpan()).ToArray() };
        t.Dims.AddRange(dims);
        graph.Initializer.Add(t);
        return name;
    }

    private static string Padding(TfjsNode node) => node.String("padding") switch
    {
        // TensorFlow's SAME puts the odd pixel of padding at the end, which is ONNX's SAME_UPPER.
        "SAME" => "SAME_UPPER",
        "VALID" => "VALID",
        var p => throw Unsupported(node, $"uses padding '{p}'; only SAME and VALID are supported"),
    };

    private static Layout LayoutOf(string tensor, Dictionary<string, Layout> layouts) =>
        layouts.TryGetValue(tensor, out var l) ? l : throw new FormatException($"The graph uses tensor '{tensor}' before it is produced (or it is a constant where an activation was expected).");

    private static void RequireNchw(TfjsNode node, string input, Dictionary<string, Layout> layouts)
    {
        if (LayoutOf(input, layouts) != Layout.Nchw)
        {
            throw Unsupported(node, "expects a 4-D image activation as input");
        }
    }

    private static NodeProto Node(GraphProto graph, string op, string output, params string[] inputs)
    {
        var n = NodeWithOutput(graph, op, output, inputs);
        n.Name = output;
        return n;
    }

    private static NodeProto NodeWithOutput(GraphProto graph, string op, string output, params string[] inputs)
    {
        var n = new NodeProto { OpType = op };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        graph.Node.Add(n);
        return n;
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeType.Int, I = value };

    private static AttributeProto Str(string name, string value) => new() { Name = name, Type = AttributeType.String, S = Encoding.UTF8.GetBytes(value) };

    /// <summary>"node:0" and "node" name the same tensor (every op here has one output).</summary>
    private static string TensorName(string input)
    {
        if (input.StartsWith('^'))
        {
            throw new FormatException($"The graph has a control dependency on '{input.Substring(1)}'; control edges are not supported.");
        }

        var colon = input.LastIndexOf(':');
        if (colon > 0 && input.AsSpan(colon + 1).SequenceEqual("0"))
        {
            return input.Substring(0, colon);
        }

        if (colon > 0)
        {
            throw new FormatException($"The graph reads output {input.Substring(colon + 1)} of '{input.Substring(0, colon)}'; only single-output ops are supported.");
        }

        return input;
    }

    private static List<TfjsNode> Topological(IReadOnlyList<TfjsNode> nodes, Dictionary<string, TfjsNode> byName, string? inputNode = null)
    {
        var order = new List<TfjsNode>(nodes.Count);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        foreach (var n in nodes)
        {
            Visit(n);
        }

        return order;

        void Visit(TfjsNode n)
        {
            if (state.TryGetValue(n.Name, out var s))
            {
                if (s == 1)
                {
                    throw new FormatException($"The graph has a cycle through '{n.Name}'.");
                }

                return;
            }

            state[n.Name] = 1;
            foreach (var i in n.Name == inputNode ? Array.Empty<string>() : n.Inputs)
            {
                var name = TensorName(i);
                if (!byName.TryGetValue(name, out var dep))
                {
                    throw new FormatException($"Node '{n.Name}' reads '{name}', which the graph does not define.");
                }

                Visit(dep);
            }

            state[n.Name] = 2;
            order.Add(n);
        }
    }

    private static FormatException Unsupported(TfjsNode node, string what) =>
        new($"TensorFlow.js node '{node.Name}' ({node.Op}) {what}.");
}

/// <summary>
/// The part of a graph to convert: <paramref name="InputNode"/>'s output becomes the ONNX input
/// (NHWC, <paramref name="InputShape"/>), and <paramref name="Outputs"/> are written as the ONNX outputs
/// (4-D ones in NCHW).
/// </summary>
internal sealed record TfjsSubgraph(string InputNode, long[] InputShape, string[] Outputs);
