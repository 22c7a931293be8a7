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
    MaxDepth = 64,
    Converters = [typeof(PooledStringConverter)])]
[JsonSerializable(typeof(Scenario))]
[JsonSerializable(typeof(string))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext
{
}
