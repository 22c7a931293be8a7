using System;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace AffectEngine.Scenarios;

/// <summary>
/// Checks a parsed document against the scenario types' metadata (the same source-generated
/// metadata the deserializer uses, so the check cannot drift from the model): value kinds, unknown
/// properties, integer ranges, and the bounds and allowed values declared on the model. It finds
/// every problem, and removes each bad value so the rest can still be deserialized and checked.
/// </summary>
internal sealed class ScenarioShape
{
    private readonly JsonSerializerOptions _options;

    public ScenarioShape(JsonSerializerOptions options) => _options = options;

    /// <summary>Problems: path, whether the property name (not the value) is at fault, message.</summary>
    public List<(string Path, bool AtName, string Message)> Errors { get; } = [];

    /// <summary>Arrays from which bad elements were removed: later checks under them would use shifted indices.</summary>
    public List<string> Tainted { get; } = [];

    /// <summary>Checks <paramref name="node"/>; false when it is bad and must be removed by the caller.</summary>
    public bool Walk(JsonNode? node, Type type, string path, bool nullable, JsonPropertyInfo? property)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            type = underlying;
            nullable = true;
        }

        if (node is null)
        {
            if (nullable)
            {
                return true;
            }

            return Fail(path, $"expected {Expected(type)}, found null");
        }

        var info = _options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                return WalkObject(node, info, path);
            case JsonTypeInfoKind.Enumerable:
                return WalkArray(node, info, path);
            case JsonTypeInfoKind.Dictionary:
                return WalkDictionary(node, info, path);
            default:
                return WalkValue(node, type, path, property);
        }
    }

    private bool WalkObject(JsonNode node, JsonTypeInfo info, string path)
    {
        if (node is not JsonObject obj)
        {
            return Fail(path, $"expected {Expected(info.Type)}, found {Found(node)}");
        }

        var remove = new List<string>();
        foreach (var pair in obj)
        {
            var childPath = JsonPathText.Property(path, pair.Key);
            JsonPropertyInfo? match = null;
            foreach (var p in info.Properties)
            {
                if (string.Equals(p.Name, pair.Key, StringComparison.Ordinal))
                {
                    match = p;
                    break;
                }
            }

            if (match is null)
            {
                var names = new List<string>();
                foreach (var p in info.Properties)
                {
                    names.Add(p.Name);
                }

                Errors.Add((childPath, true, $"expected one of the properties {string.Join(", ", names)}, found unknown property '{pair.Key}'"));
                remove.Add(pair.Key);
                continue;
            }

            if (!Walk(pair.Value, match.PropertyType, childPath, IsNullable(match), match))
            {
                remove.Add(pair.Key);
            }
        }

        foreach (var key in remove)
        {
            obj.Remove(key);
        }

        return true;
    }

    private bool WalkArray(JsonNode node, JsonTypeInfo info, string path)
    {
        if (node is not JsonArray array)
        {
            return Fail(path, $"expected an array, found {Found(node)}");
        }

        var element = info.ElementType ?? typeof(object);
        var bad = new List<int>();
        for (var i = 0; i < array.Count; i++)
        {
            if (!Walk(array[i], element, JsonPathText.Index(path, i), false, null))
            {
                bad.Add(i);
            }
        }

        if (bad.Count > 0)
        {
            for (var i = bad.Count - 1; i >= 0; i--)
            {
                array.RemoveAt(bad[i]);
            }

            Tainted.Add(path);
        }

        return true;
    }

    private bool WalkDictionary(JsonNode node, JsonTypeInfo info, string path)
    {
        if (node is not JsonObject obj)
        {
            return Fail(path, $"expected an object keyed by id, found {Found(node)}");
        }

        var element = info.ElementType ?? typeof(object);
        var remove = new List<string>();
        foreach (var pair in obj)
        {
            if (!Walk(pair.Value, element, JsonPathText.Property(path, pair.Key), false, null))
            {
                remove.Add(pair.Key);
            }
        }

        foreach (var key in remove)
        {
            obj.Remove(key);
        }

        return true;
    }

    private bool WalkValue(JsonNode node, Type type, string path, JsonPropertyInfo? property)
    {
        var kind = node.GetValueKind();
        if (type == typeof(string))
        {
            if (kind != JsonValueKind.String)
            {
                return Fail(path, $"expected a string, found {Found(node)}");
            }

            var allowed = Attribute<AllowedValuesAttribute>(property);
            var text = node.GetValue<string>();
            if (allowed is not null && Array.IndexOf(allowed.Values, text) < 0)
            {
                return Fail(path, $"expected one of {string.Join(", ", allowed.Values)}, found {Found(node)}");
            }

            var pattern = Attribute<PatternAttribute>(property);
            if (pattern is not null && !System.Text.RegularExpressions.Regex.IsMatch(text, pattern.Pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                return Fail(path, $"expected a string matching {pattern.Pattern}, found {Found(node)}");
            }

            return true;
        }

        if (type == typeof(bool))
        {
            return kind is JsonValueKind.True or JsonValueKind.False || Fail(path, $"expected true or false, found {Found(node)}");
        }

        if (type == typeof(Duration))
        {
            if (kind == JsonValueKind.Number || (kind == JsonValueKind.String && Duration.TryParse(node.GetValue<string>(), out _)))
            {
                return true;
            }

            return Fail(path, $"expected {Expected(type)}, found {Found(node)}");
        }

        var bounds = Attribute<BoundsAttribute>(property);
        if (type == typeof(int) || type == typeof(long) || type == typeof(ulong))
        {
            var value = node as JsonValue;
            bool ok;
            double numeric = 0;
            if (kind != JsonValueKind.Number || value is null)
            {
                ok = false;
            }
            else if (type == typeof(int))
            {
                ok = value.TryGetValue<int>(out var v);
                numeric = v;
            }
            else if (type == typeof(long))
            {
                ok = value.TryGetValue<long>(out var v);
                numeric = v;
            }
            else
            {
                ok = value.TryGetValue<ulong>(out var v);
                numeric = v;
            }

            var range = bounds is null ? RangeOf(type) : $"in [{Num(bounds.Minimum)}, {Num(bounds.Maximum)}]";
            if (!ok || (bounds is not null && (numeric < bounds.Minimum || numeric > bounds.Maximum)))
            {
                return Fail(path, $"expected an integer {range}, found {Found(node)}");
            }

            return true;
        }

        if (type == typeof(float) || type == typeof(double))
        {
            if (kind != JsonValueKind.Number || node is not JsonValue value || !value.TryGetValue<double>(out var v) || double.IsNaN(v) || double.IsInfinity(v)
                || (type == typeof(float) && Math.Abs(v) > float.MaxValue))
            {
                return Fail(path, $"expected a number{(bounds is null ? "" : $" in [{Num(bounds.Minimum)}, {Num(bounds.Maximum)}]")}, found {Found(node)}");
            }

            if (bounds is not null && (v < bounds.Minimum || v > bounds.Maximum))
            {
                return Fail(path, $"expected a number in [{Num(bounds.Minimum)}, {Num(bounds.Maximum)}], found {Found(node)}");
            }

            return true;
        }

        return Fail(path, $"expected {Expected(type)}, found {Found(node)}");
    }

    private bool Fail(string path, string message)
    {
        Errors.Add((path, false, message));
        return false;
    }

    private static bool IsNullable(JsonPropertyInfo p) =>
        Nullable.GetUnderlyingType(p.PropertyType) is not null || (!p.PropertyType.IsValueType && p.IsSetNullable);

    private static T? Attribute<T>(JsonPropertyInfo? property)
        where T : Attribute
    {
        if (property?.AttributeProvider is not ICustomAttributeProvider provider)
        {
            return null;
        }

        var found = provider.GetCustomAttributes(typeof(T), true);
        return found.Length > 0 ? (T)found[0] : null;
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

    internal static string Found(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.Object:
                return "an object";
            case JsonValueKind.Array:
                return "an array";
            case JsonValueKind.String:
                var s = node.GetValue<string>();
                return "the string " + (s.Length > 40 ? JsonSerializer.Serialize(s.Substring(0, 40), ScenarioJsonContext.Default.String) + "..." : JsonSerializer.Serialize(s, ScenarioJsonContext.Default.String));
            case JsonValueKind.True:
                return "true";
            case JsonValueKind.False:
                return "false";
            case JsonValueKind.Null:
                return "null";
            default:
                var raw = node.ToJsonString();
                return raw.Length > 40 ? raw.Substring(0, 40) + "..." : raw;
        }
    }
}
