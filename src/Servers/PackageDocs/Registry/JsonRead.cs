using System.Globalization;
using System.Text.Json;

namespace DynamoMcp.PackageDocs.Registry;

/// <summary>Lenient readers for registry JSON: a missing or mistyped optional field is null, never an exception.</summary>
internal static class JsonRead
{
    public static JsonElement? Property(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static string? String(this JsonElement e, string name) =>
        e.Property(name) is { ValueKind: JsonValueKind.String } v ? NullIfEmpty(v.GetString()) : null;

    public static bool Bool(this JsonElement e, string name) =>
        e.Property(name) is { ValueKind: JsonValueKind.True };

    public static DateTimeOffset? Date(this JsonElement e, string name) =>
        e.String(name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    public static IEnumerable<JsonProperty> Properties(this JsonElement e, string name) =>
        e.Property(name) is { ValueKind: JsonValueKind.Object } v ? v.EnumerateObject() : [];

    public static IEnumerable<JsonElement> Items(this JsonElement e, string name) =>
        e.Property(name) is { ValueKind: JsonValueKind.Array } v ? v.EnumerateArray() : [];

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
