using System.Text.Json;
using System.Text.Json.Serialization;

namespace DynamoMcp.PackageDocs.Answers;

/// <summary>How answers are written for callers (REST, resources): camelCase, no nulls, enums as their names.</summary>
public static class PackageDocsJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
