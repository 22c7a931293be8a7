using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AffectEngine.Scenarios;

/// <summary>
/// Reads scenario strings through a pool that lives for one load: a large scenario names the same
/// agents, goals and actions hundreds of thousands of times, and one string per distinct short value
/// (instead of one per occurrence) keeps the loaded model, and the memory the load needs, small.
/// Outside a load (<see cref="Pooling"/>) it reads strings as the default converter does.
/// </summary>
internal sealed class PooledStringConverter : JsonConverter<string>
{
    [ThreadStatic]
    private static StringPool? _pool;

    /// <summary>Pools strings read on this thread until disposed (deserialization is synchronous).</summary>
    public static Scope Pooling() => new(_pool = new StringPool());

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (_pool is not { } pool || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString();
        }

        return pool.Get(reader.ValueSpan);
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>Dictionary keys (relations name agents) are pooled too.</summary>
    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (_pool is not { } pool || reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString()!;
        }

        return pool.Get(reader.ValueSpan);
    }

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

    /// <summary>Ends pooling on this thread.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly StringPool _owned;

        public Scope(StringPool owned) => _owned = owned;

        public void Dispose()
        {
            if (ReferenceEquals(_pool, _owned))
            {
                _pool = null;
            }
        }
    }

    /// <summary>Open addressing over ASCII values up to 64 bytes, FNV-1a hashed; at most 2^16 distinct values are kept.</summary>
    internal sealed class StringPool
    {
        private const int MaxLength = 64;
        private const int MaxCount = 1 << 16;
        private string?[] _entries = new string?[1024];
        private uint[] _hashes = new uint[1024];
        private int _count;

        public string Get(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length > MaxLength)
            {
                return Encoding.UTF8.GetString(utf8);
            }

            var hash = 2166136261u;
            foreach (var b in utf8)
            {
                if (b >= 0x80)
                {
                    return Encoding.UTF8.GetString(utf8);
                }

                hash = (hash ^ b) * 16777619u;
            }

            var mask = _entries.Length - 1;
            for (var i = (int)(hash & (uint)mask); ; i = (i + 1) & mask)
            {
                var entry = _entries[i];
                if (entry is null)
                {
                    var text = Encoding.UTF8.GetString(utf8);
                    if (_count < MaxCount)
                    {
                        _entries[i] = text;
                        _hashes[i] = hash;
                        if (++_count * 2 > _entries.Length)
                        {
                            Grow();
                        }
                    }

                    return text;
                }

                if (_hashes[i] == hash && SameAscii(entry, utf8))
                {
                    return entry;
                }
            }
        }

        private static bool SameAscii(string text, ReadOnlySpan<byte> utf8)
        {
            if (text.Length != utf8.Length)
            {
                return false;
            }

            for (var i = 0; i < utf8.Length; i++)
            {
                if (text[i] != utf8[i])
                {
                    return false;
                }
            }

            return true;
        }

        private void Grow()
        {
            var entries = _entries;
            var hashes = _hashes;
            _entries = new string?[entries.Length * 2];
            _hashes = new uint[entries.Length * 2];
            var mask = _entries.Length - 1;
            for (var k = 0; k < entries.Length; k++)
            {
                if (entries[k] is { } entry)
                {
                    var i = (int)(hashes[k] & (uint)mask);
                    while (_entries[i] is not null)
                    {
                        i = (i + 1) & mask;
                    }

                    _entries[i] = entry;
                    _hashes[i] = hashes[k];
                }
            }
        }
    }
}
