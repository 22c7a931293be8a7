using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace AffectEngine.Scenarios;

/// <summary>
/// Checks a scenario file token by token against the scenario types' metadata (the same
/// source-generated metadata the deserializer uses, so the check cannot drift from the model): value
/// kinds, unknown and repeated properties, integer ranges, and the bounds and allowed values declared
/// on the model. One forward pass over the bytes with <see cref="Utf8JsonReader"/>, no document tree:
/// it finds every problem with its byte offset, and notes each bad value so that
/// <see cref="WithoutRemoved"/> can drop them and the rest can still be deserialized and checked.
/// Paths are only put together for values at fault.
/// </summary>
internal sealed class ScenarioShape
{
    private static readonly ConcurrentDictionary<Type, TypeMeta> Metas = new();
    private readonly JsonSerializerOptions _options;
    private readonly List<Segment> _path = [];
    private readonly HashSet<long> _removed = [];
    private long _textCheckedAt = -1;
    private bool _textValid;

    public ScenarioShape(JsonSerializerOptions options) => _options = options;

    /// <summary>Problems: path, whether the property name (not the value) is at fault, message, byte offset.</summary>
    public List<(string Path, bool AtName, string Message, long Offset)> Errors { get; } = [];

    /// <summary>Arrays from which bad elements were removed: later checks under them would use shifted indices.</summary>
    public List<string> Tainted { get; } = [];

    /// <summary>Property paths that occur twice in one object, with the offset of the second name.</summary>
    public List<(string Path, long Offset)> Duplicates { get; } = [];

    /// <summary>Strings (values or names) that are not valid text (a lone surrogate escape), by path.</summary>
    public List<(string Path, long Offset)> InvalidText { get; } = [];

    /// <summary>The reader's syntax error, if the text is not JSON; the walk stops there.</summary>
    public JsonException? SyntaxError { get; private set; }

    /// <summary>Whether the root was an object (null or another kind cannot be deserialized at all).</summary>
    public bool RootIsObject { get; private set; }

    /// <summary>Whether the root was the literal null.</summary>
    public bool RootIsNull { get; private set; }

    /// <summary>Whether a bad value was noted for removal.</summary>
    public bool HasRemovals => _removed.Count > 0;

    /// <summary>Walks the whole document as a <paramref name="root"/>.</summary>
    public void Walk(ReadOnlySpan<byte> json, JsonReaderOptions options, Type root)
    {
        var reader = new Utf8JsonReader(json, options);
        try
        {
            if (!reader.Read())
            {
                return;
            }

            RootIsNull = reader.TokenType == JsonTokenType.Null;
            RootIsObject = reader.TokenType == JsonTokenType.StartObject;
            if (!RootIsNull)
            {
                Value(ref reader, root, false, null);
            }

            // Anything after the root value is a syntax error the reader reports here.
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            SyntaxError = ex;
        }
    }

    /// <summary>
    /// The document without the values noted as bad (and the property names of those that were
    /// properties), as compact JSON for the deserializer.
    /// </summary>
    public byte[] WithoutRemoved(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            var reader = new Utf8JsonReader(json, options);
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when _removed.Contains(reader.TokenStartIndex):
                        reader.Read();
                        reader.Skip();
                        break;
                    case JsonTokenType.PropertyName:
                        if (reader.ValueIsEscaped)
                        {
                            writer.WritePropertyName(reader.GetString()!);
                        }
                        else
                        {
                            writer.WritePropertyName(reader.ValueSpan);
                        }

                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when _removed.Contains(reader.TokenStartIndex):
                        reader.Skip();
                        break;
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.StartArray:
                        writer.WriteStartArray();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.EndArray:
                        writer.WriteEndArray();
                        break;
                    case var _ when _removed.Contains(reader.TokenStartIndex):
                        break;
                    case JsonTokenType.String:
                        if (reader.ValueIsEscaped)
                        {
                            writer.WriteStringValue(reader.GetString());
                        }
                        else
                        {
                            writer.WriteStringValue(reader.ValueSpan);
                        }

                        break;
                    case JsonTokenType.Number:
                        writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                        break;
                    case JsonTokenType.True:
                        writer.WriteBooleanValue(true);
                        break;
                    case JsonTokenType.False:
                        writer.WriteBooleanValue(false);
                        break;
                    case JsonTokenType.Null:
                        writer.WriteNullValue();
                        break;
                }
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Checks the value at the reader (left on its last token); false when it is bad and must be removed.</summary>
    private bool Value(ref Utf8JsonReader reader, Type type, bool nullable, PropertyMeta? property)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            type = underlying;
            nullable = true;
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            return nullable || Fail(ref reader, $"expected {Expected(type)}, found null");
        }

        var meta = Metas.GetOrAdd(type, static (t, options) => new TypeMeta(options.GetTypeInfo(t)), _options);
        switch (meta.Kind)
        {
            case JsonTypeInfoKind.Object:
                return Object(ref reader, meta);
            case JsonTypeInfoKind.Enumerable:
                return Array(ref reader, meta);
            case JsonTypeInfoKind.Dictionary:
                return Dictionary(ref reader, meta);
            default:
                return Scalar(ref reader, type, property);
        }
    }

    private bool Object(ref Utf8JsonReader reader, TypeMeta meta)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Fail(ref reader, $"expected {Expected(meta.Type)}, found {Found(ref reader)}");
        }

        // Which properties were seen, for repeated names: a bit each (types have fewer than 64 properties).
        var seen = 0UL;
        var seenMore = meta.Properties.Length > 64 ? new bool[meta.Properties.Length] : null;
        HashSet<string>? unknown = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameOffset = reader.TokenStartIndex;
            var match = -1;
            for (var i = 0; i < meta.Properties.Length; i++)
            {
                if (reader.ValueTextEquals(meta.Properties[i].Utf8Name))
                {
                    match = i;
                    break;
                }
            }

            if (match < 0)
            {
                var name = Name(ref reader);
                _path.Add(new Segment(name));
                if (!(unknown ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
                {
                    Duplicates.Add((PathText(), nameOffset));
                }

                Errors.Add((PathText(), true, $"expected one of the properties {meta.Names}, found unknown property '{name}'", nameOffset));
                _removed.Add(nameOffset);
                reader.Read();
                Skip(ref reader);
                _path.RemoveAt(_path.Count - 1);
                continue;
            }

            var p = meta.Properties[match];
            _path.Add(new Segment(p.Name));
            var again = seenMore is null ? (seen & (1UL << match)) != 0 : seenMore[match];
            if (again)
            {
                Duplicates.Add((PathText(), nameOffset));
            }

            if (seenMore is null)
            {
                seen |= 1UL << match;
            }
            else
            {
                seenMore[match] = true;
            }
            reader.Read();
            if (!Value(ref reader, p.Type, p.Nullable, p))
            {
                _removed.Add(nameOffset);
            }

            _path.RemoveAt(_path.Count - 1);
        }

        return true;
    }

    private bool Array(ref Utf8JsonReader reader, TypeMeta meta)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return Fail(ref reader, $"expected an array, found {Found(ref reader)}");
        }

        var element = meta.ElementType;
        var index = 0;
        var tainted = false;
        _path.Add(new Segment(0));
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            _path[_path.Count - 1] = new Segment(index++);
            var start = reader.TokenStartIndex;
            if (!Value(ref reader, element, false, null))
            {
                _removed.Add(start);
                tainted = true;
            }
        }

        _path.RemoveAt(_path.Count - 1);
        if (tainted)
        {
            Tainted.Add(PathText());
        }

        return true;
    }

    private bool Dictionary(ref Utf8JsonReader reader, TypeMeta meta)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Fail(ref reader, $"expected an object keyed by id, found {Found(ref reader)}");
        }

        var element = meta.ElementType;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameOffset = reader.TokenStartIndex;
            var key = Name(ref reader);
            _path.Add(new Segment(key));
            if (!keys.Add(key))
            {
                Duplicates.Add((PathText(), nameOffset));
            }

            reader.Read();
            if (!Value(ref reader, element, false, null))
            {
                _removed.Add(nameOffset);
            }

            _path.RemoveAt(_path.Count - 1);
        }

        return true;
    }

    private bool Scalar(ref Utf8JsonReader reader, Type type, PropertyMeta? property)
    {
        var token = reader.TokenType;
        if (type == typeof(string))
        {
            if (token != JsonTokenType.String)
            {
                return Fail(ref reader, $"expected a string, found {Found(ref reader)}");
            }

            // A string that is not valid text is reported as such (before anything else), not as a wrong value.
            if (!CheckText(ref reader) || (property?.Allowed is null && property?.Pattern is null))
            {
                return true;
            }

            var text = reader.GetString()!;
            if (property.Allowed is { } allowed && System.Array.IndexOf(allowed, text) < 0)
            {
                return Fail(ref reader, $"expected one of {string.Join(", ", allowed)}, found {Found(ref reader)}");
            }

            if (property.Pattern is { } pattern && !pattern.IsMatch(text))
            {
                return Fail(ref reader, $"expected a string matching {pattern}, found {Found(ref reader)}");
            }

            return true;
        }

        if (type == typeof(bool))
        {
            return token is JsonTokenType.True or JsonTokenType.False || Fail(ref reader, $"expected true or false, found {Found(ref reader)}");
        }

        if (type == typeof(Duration))
        {
            if (token == JsonTokenType.Number || (token == JsonTokenType.String && (!CheckText(ref reader) || Duration.TryParse(reader.GetString()!, out _))))
            {
                return true;
            }

            return Fail(ref reader, $"expected {Expected(type)}, found {Found(ref reader)}");
        }

        var bounds = property?.Bounds;
        if (type == typeof(int) || type == typeof(long) || type == typeof(ulong))
        {
            bool ok;
            double numeric = 0;
            if (token != JsonTokenType.Number)
            {
                ok = false;
            }
            else if (type == typeof(int))
            {
                ok = reader.TryGetInt32(out var v);
                numeric = v;
            }
            else if (type == typeof(long))
            {
                ok = reader.TryGetInt64(out var v);
                numeric = v;
            }
            else
            {
                ok = reader.TryGetUInt64(out var v);
                numeric = v;
            }

            if (!ok || (bounds is not null && (numeric < bounds.Minimum || numeric > bounds.Maximum)))
            {
                var range = bounds is null ? RangeOf(type) : $"in [{Num(bounds.Minimum)}, {Num(bounds.Maximum)}]";
                return Fail(ref reader, $"expected an integer {range}, found {Found(ref reader)}");
            }

            return true;
        }

        if (type == typeof(float) || type == typeof(double))
        {
            if (token != JsonTokenType.Number || !reader.TryGetDouble(out var v) || double.IsNaN(v) || double.IsInfinity(v)
                || (type == typeof(float) && Math.Abs(v) > float.MaxValue))
            {
                return Fail(ref reader, $"expected a number{(bounds is null ? "" : $" in [{Num(bounds.Minimum)}, {Num(bounds.Maximum)}]")}, found {Found(ref reader)}");
            }

            if (bounds is not null && (v < bounds.Minimum || v > bounds.Maximum))
            {
                return Fail(ref reader, $"expected a number in [{Num(bounds.Minimum)}, {Num(bounds.Maximum)}], found {Found(ref reader)}");
            }

            return true;
        }

        return Fail(ref reader, $"expected {Expected(type)}, found {Found(ref reader)}");
    }

    /// <summary>Notes a bad value (its subtree is still read for repeated names and invalid text).</summary>
    private bool Fail(ref Utf8JsonReader reader, string message)
    {
        Errors.Add((PathText(), false, message, reader.TokenStartIndex));
        Skip(ref reader);
        return false;
    }

    /// <summary>Moves past the value at the reader, still noting repeated property names and invalid text inside it.</summary>
    private void Skip(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                CheckText(ref reader);
                return;
            case JsonTokenType.StartObject:
                var names = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var offset = reader.TokenStartIndex;
                    var name = Name(ref reader);
                    _path.Add(new Segment(name));
                    if (!names.Add(name))
                    {
                        Duplicates.Add((PathText(), offset));
                    }

                    reader.Read();
                    Skip(ref reader);
                    _path.RemoveAt(_path.Count - 1);
                }

                return;
            case JsonTokenType.StartArray:
                var index = 0;
                _path.Add(new Segment(0));
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    _path[_path.Count - 1] = new Segment(index++);
                    Skip(ref reader);
                }

                _path.RemoveAt(_path.Count - 1);
                return;
        }
    }

    /// <summary>A property name as text; a name that is not valid text is noted (at the object's path) and stands as a placeholder.</summary>
    private string Name(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException)
        {
            InvalidText.Add((PathText(), reader.TokenStartIndex));
            return "\uFFFD" + reader.TokenStartIndex.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// False (and noted) when a string value has an escape that is not valid text. Unescaped strings are
    /// valid: the whole file was checked to be UTF-8 before the walk.
    /// </summary>
    private bool CheckText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return true;
        }

        // A value refused after its text was checked is skipped, which checks it again: note it once.
        if (reader.TokenStartIndex == _textCheckedAt)
        {
            return _textValid;
        }

        _textCheckedAt = reader.TokenStartIndex;
        try
        {
            reader.GetString();
            _textValid = true;
        }
        catch (InvalidOperationException)
        {
            InvalidText.Add((PathText(), reader.TokenStartIndex));
            _textValid = false;
        }

        return _textValid;
    }

    private string PathText()
    {
        var path = "$";
        foreach (var s in _path)
        {
            path = s.Name is null ? JsonPathText.Index(path, s.Index) : JsonPathText.Property(path, s.Name);
        }

        return path;
    }

    internal static string Expected(Type type)
    {
        if (type == typeof(string))
        {
            return "a string";
        }

        if (type == typeof(Duration))
        {
            return "a number of seconds or a duration such as \"100ms\", \"12s\", \"2m\"";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(ulong))
        {
            return "an integer " + RangeOf(type);
        }

        if (type == typeof(float) || type == typeof(double))
        {
            return "a number";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        var name = type.Name.EndsWith("Spec", StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - 4) : type.Name;
        return $"an object ({name.ToLowerInvariant()})";
    }

    private static string RangeOf(Type type) =>
        type == typeof(int) ? "in [-2147483648, 2147483647]"
        : type == typeof(ulong) ? "in [0, 18446744073709551615]"
        : "in [-9223372036854775808, 9223372036854775807]";

    private static string Num(double v) => v.ToString(Math.Abs(v) >= 1e6 ? "0.###e0" : "0.###", CultureInfo.InvariantCulture);

    /// <summary>The value at the reader as a message shows it: its kind, or a string or number (cut at 40 characters).</summary>
    internal static string Found(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return "an object";
            case JsonTokenType.StartArray:
                return "an array";
            case JsonTokenType.String:
                string s;
                try
                {
                    s = reader.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    return "a string that is not valid text";
                }

                return "the string " + (s.Length > 40 ? JsonSerializer.Serialize(s.Substring(0, 40), ScenarioJsonContext.Default.String) + "..." : JsonSerializer.Serialize(s, ScenarioJsonContext.Default.String));
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.Null:
                return "null";
            default:
                var raw = Encoding.UTF8.GetString(reader.ValueSpan.ToArray());
                return raw.Length > 40 ? raw.Substring(0, 40) + "..." : raw;
        }
    }

    /// <summary>One step of the current path: a property name, or an array index when the name is null.</summary>
    private readonly struct Segment
    {
        public Segment(string name)
        {
            Name = name;
            Index = 0;
        }

        public Segment(int index)
        {
            Name = null;
            Index = index;
        }

        public string? Name { get; }

        public int Index { get; }
    }

    /// <summary>What the walk needs of a type, read once from its metadata (attribute lookups are slow).</summary>
    private sealed class TypeMeta
    {
        public TypeMeta(JsonTypeInfo info)
        {
            Type = info.Type;
            Kind = info.Kind;
            ElementType = info.ElementType ?? typeof(object);
            var properties = new List<PropertyMeta>();
            var names = new List<string>();
            if (info.Kind == JsonTypeInfoKind.Object)
            {
                foreach (var p in info.Properties)
                {
                    properties.Add(new PropertyMeta(p));
                    names.Add(p.Name);
                }
            }

            Properties = properties.ToArray();
            Names = string.Join(", ", names);
        }

        public Type Type { get; }

        public JsonTypeInfoKind Kind { get; }

        public Type ElementType { get; }

        public PropertyMeta[] Properties { get; }

        /// <summary>The property names, as the unknown-property message lists them.</summary>
        public string Names { get; }
    }

    private sealed class PropertyMeta
    {
        public PropertyMeta(JsonPropertyInfo p)
        {
            Name = p.Name;
            Utf8Name = Encoding.UTF8.GetBytes(p.Name);
            Type = p.PropertyType;
            Nullable = System.Nullable.GetUnderlyingType(p.PropertyType) is not null || (!p.PropertyType.IsValueType && p.IsSetNullable);
            Bounds = Attribute<BoundsAttribute>(p);
            Allowed = Attribute<AllowedValuesAttribute>(p)?.Values;
            var pattern = Attribute<PatternAttribute>(p)?.Pattern;
            Pattern = pattern is null ? null : new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        public string Name { get; }

        public byte[] Utf8Name { get; }

        public Type Type { get; }

        public bool Nullable { get; }

        public BoundsAttribute? Bounds { get; }

        public string[]? Allowed { get; }

        public Regex? Pattern { get; }

        private static T? Attribute<T>(JsonPropertyInfo property)
            where T : Attribute
        {
            if (property.AttributeProvider is not ICustomAttributeProvider provider)
            {
                return null;
            }

            var found = provider.GetCustomAttributes(typeof(T), true);
            return found.Length > 0 ? (T)found[0] : null;
        }
    }
}
