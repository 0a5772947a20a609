using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DynamoMcp.LocalCluster.Schema;

/// <summary>
/// One field error in the shape of apimachinery's <c>field.Error</c>: <paramref name="Type"/> is the error type text
/// ("Required value", "Invalid value", ...), <see cref="ToString"/> renders it exactly as the API server does in a 422
/// Status message and in <c>status.details.causes[].message</c>.
/// </summary>
/// <param name="Field">Path of the field, for example <c>spec.steps[0].name</c>.</param>
/// <param name="Type">One of <see cref="FieldErrorTypes"/>.</param>
/// <param name="Detail">Extra explanation; may be empty.</param>
/// <param name="BadValue">The offending value; for type errors the name of the JSON type that was found.</param>
public sealed record SchemaFieldError(string Field, string Type, string Detail, JsonNode? BadValue)
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The Kubernetes <c>CauseType</c> (FieldValueRequired, FieldValueInvalid...) for status.details.causes[].reason.</summary>
    public string Reason => IsTypeError ? "FieldValueTypeInvalid" : FieldErrorTypes.ToCauseType(Type);

    /// <summary>The value has the wrong JSON type (apimachinery's TypeInvalid, shown as "Invalid value").</summary>
    public bool IsTypeError { get; init; }

    /// <summary>The message without the field name, like apimachinery's ErrorBody().</summary>
    public string Body
    {
        get
        {
            var body = Type is FieldErrorTypes.Required or FieldErrorTypes.Forbidden or FieldErrorTypes.TooLong or FieldErrorTypes.Internal
                ? Type
                : $"{Type}: {Render(BadValue)}";
            return Detail.Length == 0 ? body : $"{body}: {Detail}";
        }
    }

    public override string ToString() => $"{Field}: {Body}";

    /// <summary>Renders a value as Go's %v (numbers, booleans) or %q (strings); null as "null", like ErrorBody().</summary>
    internal static string Render(JsonNode? value) => value switch
    {
        null => "\"null\"",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValueKind() == JsonValueKind.True ? "true" : "false",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => value.ToJsonString(Quoting),
    };

    internal static string Quote(string text) => JsonSerializer.Serialize(text, Quoting);

    internal static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
