using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.Serialization;

/// <summary>
/// Reads a JSON object into a plain <see cref="IDictionary{TKey,TValue}"/> (see <see cref="FreeForm"/>) and writes
/// any dictionary shape back, including the <c>Dictionary&lt;object, object&gt;</c> values KubernetesYaml produces.
/// </summary>
public sealed class FreeFormObjectConverter : JsonConverter<IDictionary<string, object?>>
{
    public override IDictionary<string, object?>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var node = JsonNode.Parse(ref reader);
        return node switch
        {
            null => null,
            JsonObject obj => FreeForm.FromJsonObject(obj),
            _ => throw new JsonException($"Expected a JSON object, got {node.GetValueKind()}."),
        };
    }

    public override void Write(Utf8JsonWriter writer, IDictionary<string, object?> value, JsonSerializerOptions options) =>
        FreeForm.ToJsonObject(value).WriteTo(writer, options);
}
