using System.Collections.Generic;
using ProtoBuf;

// The subset of the ONNX protobuf schema (onnx/onnx.proto, IR version 8) the converter writes: a
// model holding one graph of nodes with attributes, initializers and typed inputs/outputs. Field
// numbers are the schema's; protobuf-net does the wire encoding. Names follow the schema, not C#.
namespace AffectEngine.Perception.Face.Onnx;

/// <summary>ONNX ModelProto (the file's top-level message).</summary>
[ProtoContract]
internal sealed class ModelProto
{
    [ProtoMember(1)]
    public long IrVersion { get; set; }

    [ProtoMember(2)]
    public string ProducerName { get; set; } = string.Empty;

    [ProtoMember(3)]
    public string ProducerVersion { get; set; } = string.Empty;

    [ProtoMember(6)]
    public string DocString { get; set; } = string.Empty;

    [ProtoMember(7)]
    public GraphProto? Graph { get; set; }

    [ProtoMember(8)]
    public List<OperatorSetIdProto> OpsetImport { get; } = new();
}

/// <summary>ONNX OperatorSetIdProto: which opset version the nodes are written against.</summary>
[ProtoContract]
internal sealed class OperatorSetIdProto
{
    [ProtoMember(1)]
    public string Domain { get; set; } = string.Empty;

    [ProtoMember(2)]
    public long Version { get; set; }
}

/// <summary>ONNX GraphProto.</summary>
[ProtoContract]
internal sealed class GraphProto
{
    [ProtoMember(1)]
    public List<NodeProto> Node { get; } = new();

    [ProtoMember(2)]
    public string Name { get; set; } = string.Empty;

    [ProtoMember(5)]
    public List<TensorProto> Initializer { get; } = new();

    [ProtoMember(11)]
    public List<ValueInfoProto> Input { get; } = new();

    [ProtoMember(12)]
    public List<ValueInfoProto> Output { get; } = new();
}

/// <summary>ONNX NodeProto: one operator application.</summary>
[ProtoContract]
internal sealed class NodeProto
{
    [ProtoMember(1)]
    public List<string> Input { get; } = new();

    [ProtoMember(2)]
    public List<string> Output { get; } = new();

    [ProtoMember(3)]
    public string Name { get; set; } = string.Empty;

    [ProtoMember(4)]
    public string OpType { get; set; } = string.Empty;

    [ProtoMember(5)]
    public List<AttributeProto> Attribute { get; } = new();
}

/// <summary>ONNX AttributeProto.AttributeType values used here.</summary>
internal enum AttributeType
{
    Undefined = 0,
    Float = 1,
    Int = 2,
    String = 3,
    Ints = 7,
}

/// <summary>ONNX AttributeProto (only the int, ints, float and string forms).</summary>
[ProtoContract]
internal sealed class AttributeProto
{
    [ProtoMember(1)]
    public string Name { get; set; } = string.Empty;

    [ProtoMember(2)]
    public float F { get; set; }

    [ProtoMember(3)]
    public long I { get; set; }

    [ProtoMember(4)]
    public byte[]? S { get; set; }

    [ProtoMember(8)]
    public List<long> Ints { get; } = new();

    [ProtoMember(20)]
    public AttributeType Type { get; set; }
}

/// <summary>ONNX TensorProto.DataType values used here.</summary>
internal enum TensorDataType
{
    Undefined = 0,
    Float = 1,
    Int32 = 6,
    Int64 = 7,
}

/// <summary>ONNX TensorProto: an initializer, stored little-endian in raw_data.</summary>
[ProtoContract]
internal sealed class TensorProto
{
    [ProtoMember(1)]
    public List<long> Dims { get; } = new();

    [ProtoMember(2)]
    public TensorDataType DataType { get; set; }

    [ProtoMember(8)]
    public string Name { get; set; } = string.Empty;

    [ProtoMember(9)]
    public byte[]? RawData { get; set; }
}

/// <summary>ONNX ValueInfoProto: a graph input or output with its type.</summary>
[ProtoContract]
internal sealed class ValueInfoProto
{
    [ProtoMember(1)]
    public string Name { get; set; } = string.Empty;

    [ProtoMember(2)]
    public TypeProto? Type { get; set; }
}

/// <summary>ONNX TypeProto (tensor types only).</summary>
[ProtoContract]
internal sealed class TypeProto
{
    [ProtoMember(1)]
    public TensorTypeProto? TensorType { get; set; }
}

/// <summary>ONNX TypeProto.Tensor.</summary>
[ProtoContract]
internal sealed class TensorTypeProto
{
    [ProtoMember(1)]
    public TensorDataType ElemType { get; set; }

    [ProtoMember(2)]
    public TensorShapeProto? Shape { get; set; }
}

/// <summary>ONNX TensorShapeProto.</summary>
[ProtoContract]
internal sealed class TensorShapeProto
{
    [ProtoMember(1)]
    public List<DimensionProto> Dim { get; } = new();
}

/// <summary>ONNX TensorShapeProto.Dimension: a fixed size or a symbolic name (oneof).</summary>
[ProtoContract]
internal sealed class DimensionProto
{
    [ProtoMember(1)]
    public long? DimValue { get; set; }

    [ProtoMember(2)]
    public string? DimParam { get; set; }
}
