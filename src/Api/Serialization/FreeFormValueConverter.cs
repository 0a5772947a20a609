using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.Serialization;

/// <summary>
/// Reads any JSON value into the plain CLR shape of <see cref="FreeForm"/> (not a <see cref="JsonElement"/>),
/// so the same object also serializes through KubernetesYaml.
/// </summary>
public sealed class FreeFormValueConverter : JsonConverter<object?>
{
    public override bool HandleNull => true;

    public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FreeForm.FromJsonNode(JsonNode.Parse(ref reader));

    public override void Write(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        var node = FreeForm.ToJsonNode(value);
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer, options);
        }
    }
}
