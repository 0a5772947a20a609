using System.Text.Json.Nodes;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Sandbox;

namespace DynamoMcp.Operator.Templates;

/// <summary>Turns the generator's InspectResult payload (images/generator/README.md) into template status data.</summary>
public static class InspectResultParser
{
    /// <summary>The inspected template, or null with <paramref name="error"/> when the payload is not a usable InspectResult.</summary>
    public static InspectedTemplate? TryParse(JsonObject payload, out string error)
    {
        ArgumentNullException.ThrowIfNull(payload);
        error = "";
        if ((string?)payload["kind"] != GeneratorContract.InspectResultKind)
        {
            error = $"the sandbox returned a {(string?)payload["kind"]} where an InspectResult was expected.";
            return null;
        }

        var revision = (string?)payload["revision"];
        if (string.IsNullOrEmpty(revision) || payload["variables"] is not JsonArray list || payload["schema"] is not JsonObject schema)
        {
            error = "the sandbox's InspectResult lacks revision, variables or schema; the generator image does not match this operator.";
            return null;
        }

        var variables = new List<TemplateVariable>();
        foreach (var item in list.OfType<JsonObject>())
        {
            var name = (string?)item["name"];
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            variables.Add(new TemplateVariable
            {
                Name = name,
                Type = ParseType((string?)item["type"]),
                Default = FreeForm.FromJsonNode(item["default"]),
                Choices = item["choices"] is JsonArray choices ? choices.Select(c => c?.ToString() ?? "").ToList() : null,
                Description = (string?)item["description"],
                Derived = item["derived"] is JsonValue d && d.GetValue<bool>() ? true : null,
            });
        }

        return new InspectedTemplate(revision, variables, FreeForm.FromJsonObject(schema));
    }

    private static TemplateVariableType ParseType(string? type) => type switch
    {
        "boolean" => TemplateVariableType.Boolean,
        "integer" => TemplateVariableType.Integer,
        "number" => TemplateVariableType.Number,
        "choice" => TemplateVariableType.Choice,
        "object" => TemplateVariableType.Object,
        "array" => TemplateVariableType.Array,
        _ => TemplateVariableType.String,
    };
}
