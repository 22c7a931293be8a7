using System.Text.Json;
using System.Text.Json.Serialization;

namespace AffectEngine.Scenarios;

/// <summary>Source-generated JSON metadata: no reflection, so the loader also works trimmed and under NativeAOT.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    MaxDepth = 64)]
[JsonSerializable(typeof(Scenario))]
[JsonSerializable(typeof(string))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The same metadata reading strings through <see cref="PooledStringConverter"/>: the loader's.
    /// (The default context stays as it is: the schema exporter describes its plain strings.)
    /// </summary>
    public static ScenarioJsonContext Pooled => PooledContext.Value;

    // Made on first use: a static initializer here could run before the generated Default exists.
    private static readonly System.Lazy<ScenarioJsonContext> PooledContext = new(CreatePooled);

    private static ScenarioJsonContext CreatePooled()
    {
        var options = new JsonSerializerOptions(Default.Options) { TypeInfoResolver = null };
        options.Converters.Add(new PooledStringConverter());
        return new ScenarioJsonContext(options);
    }
}
