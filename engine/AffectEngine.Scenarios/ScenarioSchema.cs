#if NET
using System;
using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace AffectEngine.Scenarios;

/// <summary>
/// The scenario file's JSON schema, generated from the model types (System.Text.Json's
/// <see cref="JsonSchemaExporter"/> over the source-generated metadata, plus the descriptions, bounds,
/// allowed values and patterns declared on the model): it cannot drift from what the loader accepts.
/// </summary>
public static class ScenarioSchema
{
    /// <summary>The schema's canonical file name (published as scenarios/schema/affect.schema.json, a folder of its own so that <c>affect validate scenarios/*.json</c> checks scenarios only).</summary>
    public const string FileName = "affect.schema.json";

    /// <summary>The schema as indented JSON with "\n" line ends and a final newline.</summary>
    public static string Generate()
    {
        var options = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Transform,
        };
        var node = ScenarioJsonContext.Default.Scenario.GetJsonSchemaAsNode(options);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://affectengine.dev/schemas/" + FileName,
            ["title"] = "AffectEngine scenario",
        };
        foreach (var pair in (JsonObject)node)
        {
            root[pair.Key] = pair.Value?.DeepClone();
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
    {
        var type = context.TypeInfo.Type;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(Duration))
        {
            schema = new JsonObject
            {
                ["type"] = Nullable.GetUnderlyingType(type) is null ? new JsonArray("number", "string") : new JsonArray("number", "string", "null"),
                ["pattern"] = "^\\s*[0-9.eE+-]+\\s*(ms|s|m|h)?\\s*$",
            };
        }

        if (schema is not JsonObject obj)
        {
            return schema;
        }

        var provider = context.PropertyInfo?.AttributeProvider;
        var description = Find<DescriptionAttribute>(provider)?.Description;
        if (description is null && context.PropertyInfo is null)
        {
            description = underlying.GetCustomAttribute<DescriptionAttribute>()?.Description;
        }

        if (description is not null)
        {
            obj.Insert(0, "description", description);
        }

        if (Find<BoundsAttribute>(provider) is { } bounds)
        {
            obj["minimum"] = bounds.Minimum;
            obj["maximum"] = bounds.Maximum;
        }

        if (Find<AllowedValuesAttribute>(provider) is { } allowed)
        {
            var values = new JsonArray();
            foreach (var v in allowed.Values)
            {
                values.Add((JsonNode?)JsonValue.Create(v));
            }

            obj["enum"] = values;
        }

        if (Find<PatternAttribute>(provider) is { } pattern)
        {
            obj["pattern"] = pattern.Pattern;
        }

        return obj;
    }

    private static T? Find<T>(ICustomAttributeProvider? provider)
        where T : Attribute
    {
        if (provider is null)
        {
            return null;
        }

        var found = provider.GetCustomAttributes(typeof(T), true);
        return found.Length > 0 ? (T)found[0] : null;
    }
}
#endif
