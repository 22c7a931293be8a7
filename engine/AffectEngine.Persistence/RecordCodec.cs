using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using MessagePack;
using MessagePack.Formatters;

namespace AffectEngine.Persistence;

/// <summary>
/// Hand-written MessagePack encodings of the frame payloads (no runtime code generation: AOT-safe).
/// Every payload is an array with a fixed element count, so a reader can reject anything else early.
/// Reading goes through <see cref="MessagePackSerializer"/> with <see cref="MessagePackSecurity.UntrustedData"/>
/// (depth limits, collision-resistant hashing) plus the explicit size limits of <see cref="RecordFormat"/>.
/// </summary>
internal static class RecordCodec
{
    internal static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(RecordResolver.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public static void WriteHeader(ref MessagePackWriter w, RecordHeader h)
    {
        w.WriteArrayHeader(13);
        w.Write(h.FormatVersion);
        w.Write(h.EngineVersion);
        w.Write(h.Seed);
        w.Write(h.Threads);
        w.Write(h.StepSeconds);
        w.Write(h.PlannedTicks);
        w.Write(h.KeyframeEvery);
        w.Write(h.StageHashes);
        w.Write(h.ScenarioName);
        w.Write(h.ScenarioHash);
        w.Write(h.Scenario);
        WriteStrings(ref w, h.Plugins);
        w.WriteArrayHeader(2);
        WriteStrings(ref w, h.AgentNames);
        WriteStrings(ref w, h.FieldNames);
    }

    public static void WriteTickPrefix(ref MessagePackWriter w, long tick, ulong hash, ReadOnlySpan<ulong> stageHashes, int inputCount)
    {
        w.WriteArrayHeader(4);
        w.Write(tick);
        w.Write(hash);
        if (stageHashes.IsEmpty)
        {
            w.WriteNil();
        }
        else
        {
            w.WriteArrayHeader(stageHashes.Length);
            foreach (var s in stageHashes)
            {
                w.Write(s);
            }
        }

        w.WriteArrayHeader(inputCount);
    }

    public static void WriteInput(ref MessagePackWriter w, string kind, long tick, int source, long sequence, ReadOnlySpan<byte> payload)
    {
        w.WriteArrayHeader(5);
        w.Write(kind);
        w.Write(tick);
        w.Write(source);
        w.Write(sequence);
        w.Write(payload);
    }

    public static void WriteKeyframe(ref MessagePackWriter w, long tick, ReadOnlySpan<byte> snapshot)
    {
        WriteKeyframeHead(ref w, tick, snapshot.Length);
        w.WriteRaw(snapshot);
    }

    /// <summary>A keyframe up to its snapshot's bytes: the record writer streams the snapshot itself after it.</summary>
    public static void WriteKeyframeHead(ref MessagePackWriter w, long tick, int snapshotLength)
    {
        w.WriteArrayHeader(2);
        w.Write(tick);
        w.WriteBinHeader(snapshotLength);
    }

    public static void WriteEnd(ref MessagePackWriter w, long ticks, ulong finalHash)
    {
        w.WriteArrayHeader(2);
        w.Write(ticks);
        w.Write(finalHash);
    }

    private static void WriteStrings(ref MessagePackWriter w, IReadOnlyList<string> items)
    {
        w.WriteArrayHeader(items.Count);
        foreach (var s in items)
        {
            w.Write(s);
        }
    }

    internal static void ExpectArray(ref MessagePackReader r, int count, string what)
    {
        var n = r.ReadArrayHeader();
        if (n != count)
        {
            throw new MessagePackSerializationException($"{what}: expected an array of {count} elements, found {n}");
        }
    }

    internal static string ReadString(ref MessagePackReader r, string what)
    {
        if (r.TryReadNil())
        {
            throw new MessagePackSerializationException($"{what}: expected a string, found nil");
        }

        var bytes = r.ReadStringSequence() ?? throw new MessagePackSerializationException($"{what}: expected a string");
        if (bytes.Length > RecordFormat.MaxStringBytes)
        {
            throw new MessagePackSerializationException($"{what}: string of {bytes.Length} bytes exceeds the limit of {RecordFormat.MaxStringBytes}");
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    internal static byte[] ReadBytes(ref MessagePackReader r, string what)
    {
        var seq = r.ReadBytes() ?? throw new MessagePackSerializationException($"{what}: expected binary data, found nil");
        return seq.ToArray();
    }

    internal static List<string> ReadStrings(ref MessagePackReader r, string what, int max)
    {
        var n = r.ReadArrayHeader();
        if (n > max)
        {
            throw new MessagePackSerializationException($"{what}: {n} entries exceed the limit of {max}");
        }

        var list = new List<string>(n);
        for (var i = 0; i < n; i++)
        {
            list.Add(ReadString(ref r, what));
        }

        return list;
    }
}

/// <summary>Resolves only the record's own payload types; anything else is refused.</summary>
internal sealed class RecordResolver : IFormatterResolver
{
    public static readonly RecordResolver Instance = new();

    public IMessagePackFormatter<T>? GetFormatter<T>()
    {
        object? f = typeof(T) == typeof(RecordHeader) ? HeaderFormatter.Instance
            : typeof(T) == typeof(TickRecord) ? TickFormatter.Instance
            : typeof(T) == typeof(KeyframeRecord) ? KeyframeFormatter.Instance
            : typeof(T) == typeof(EndRecord) ? EndFormatter.Instance
            : null;
        return (IMessagePackFormatter<T>?)f;
    }
}

internal sealed class HeaderFormatter : IMessagePackFormatter<RecordHeader>
{
    public static readonly HeaderFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, RecordHeader value, MessagePackSerializerOptions options) => RecordCodec.WriteHeader(ref writer, value);

    public RecordHeader Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        options.Security.DepthStep(ref reader);
        RecordCodec.ExpectArray(ref reader, 13, "header");
        var h = new RecordHeader { FormatVersion = reader.ReadInt32() };
        if (h.FormatVersion < RecordFormat.OldestReadable || h.FormatVersion > RecordFormat.Version)
        {
            throw new MessagePackSerializationException($"header: format version {h.FormatVersion} is not supported (this build reads versions {RecordFormat.OldestReadable} to {RecordFormat.Version})");
        }

        h.EngineVersion = RecordCodec.ReadString(ref reader, "header.engineVersion");
        h.Seed = reader.ReadUInt64();
        h.Threads = reader.ReadInt32();
        h.StepSeconds = reader.ReadDouble();
        h.PlannedTicks = reader.ReadInt64();
        h.KeyframeEvery = reader.ReadInt32();
        h.StageHashes = reader.ReadBoolean();
        h.ScenarioName = RecordCodec.ReadString(ref reader, "header.scenarioName");
        h.ScenarioHash = reader.ReadUInt64();
        h.Scenario = RecordCodec.ReadBytes(ref reader, "header.scenario");
        h.Plugins = RecordCodec.ReadStrings(ref reader, "header.plugins", 4096);
        RecordCodec.ExpectArray(ref reader, 2, "header.layout");
        h.AgentNames = RecordCodec.ReadStrings(ref reader, "header.agentNames", 1 << 28);
        h.FieldNames = RecordCodec.ReadStrings(ref reader, "header.fieldNames", 1 << 16);
        if (h.Threads < 1 || h.Threads > 256 || !(h.StepSeconds > 0) || h.PlannedTicks < 0 || h.KeyframeEvery < 0)
        {
            throw new MessagePackSerializationException("header: run settings out of range (threads, step, ticks or keyframe interval)");
        }

        reader.Depth--;
        return h;
    }
}

internal sealed class TickFormatter : IMessagePackFormatter<TickRecord>
{
    public static readonly TickFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, TickRecord value, MessagePackSerializerOptions options)
    {
        var stages = value.StageHashes is null ? [] : new List<ulong>(value.StageHashes).ToArray();
        RecordCodec.WriteTickPrefix(ref writer, value.Tick, value.Hash, stages, value.Inputs.Count);
        foreach (var i in value.Inputs)
        {
            RecordCodec.WriteInput(ref writer, i.Kind, i.Tick, i.Source, i.Sequence, i.Payload);
        }
    }

    public TickRecord Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        options.Security.DepthStep(ref reader);
        RecordCodec.ExpectArray(ref reader, 4, "tick");
        var tick = reader.ReadInt64();
        var hash = reader.ReadUInt64();
        ulong[]? stages = null;
        if (!reader.TryReadNil())
        {
            var n = reader.ReadArrayHeader();
            if (n > 64)
            {
                throw new MessagePackSerializationException($"tick {tick}: {n} stage hashes exceed the limit of 64");
            }

            stages = new ulong[n];
            for (var i = 0; i < n; i++)
            {
                stages[i] = reader.ReadUInt64();
            }
        }

        var count = reader.ReadArrayHeader();
        if (count > RecordFormat.MaxInputsPerTick)
        {
            throw new MessagePackSerializationException($"tick {tick}: {count} inputs exceed the limit of {RecordFormat.MaxInputsPerTick}");
        }

        var inputs = new RecordedInput[count];
        for (var i = 0; i < count; i++)
        {
            RecordCodec.ExpectArray(ref reader, 5, $"tick {tick} input {i}");
            var kind = RecordCodec.ReadString(ref reader, $"tick {tick} input {i} kind");
            inputs[i] = new RecordedInput(kind, reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt64(), RecordCodec.ReadBytes(ref reader, $"tick {tick} input {i} payload"));
        }

        reader.Depth--;
        return new TickRecord(tick, hash, stages, inputs);
    }
}

internal sealed class KeyframeFormatter : IMessagePackFormatter<KeyframeRecord>
{
    public static readonly KeyframeFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, KeyframeRecord value, MessagePackSerializerOptions options) => RecordCodec.WriteKeyframe(ref writer, value.Tick, value.Snapshot);

    public KeyframeRecord Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        options.Security.DepthStep(ref reader);
        RecordCodec.ExpectArray(ref reader, 2, "keyframe");
        var k = new KeyframeRecord(reader.ReadInt64(), RecordCodec.ReadBytes(ref reader, "keyframe snapshot"));
        reader.Depth--;
        return k;
    }
}

internal sealed class EndFormatter : IMessagePackFormatter<EndRecord>
{
    public static readonly EndFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, EndRecord value, MessagePackSerializerOptions options) => RecordCodec.WriteEnd(ref writer, value.Ticks, value.FinalHash);

    public EndRecord Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        options.Security.DepthStep(ref reader);
        RecordCodec.ExpectArray(ref reader, 2, "end");
        var e = new EndRecord(reader.ReadInt64(), reader.ReadUInt64());
        reader.Depth--;
        return e;
    }
}
