using System.Text.Json.Nodes;
using DynamoMcp.Api.Schema;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>
/// Checks variables against a template's input schema and lists every problem: unknown variables (with the known
/// ones, since they are usually typos) plus everything the API's schema engine finds (types, enums, patterns, required).
/// </summary>
public static class VariableValidator
{
    public static IReadOnlyList<string> Validate(JsonObject? schema, JsonObject? values)
    {
        var problems = new List<string>();
        values ??= [];
        schema ??= new JsonObject { ["type"] = "object" };
        var properties = schema["properties"] as JsonObject ?? [];

        foreach (var (name, _) in values)
        {
            if (!properties.ContainsKey(name))
            {
                var known = properties.Count == 0 ? "this template takes no variables" : "known variables: " + string.Join(", ", properties.Select(p => p.Key));
                problems.Add($"'{name}' is not a variable of this template ({known}).");
            }
        }

        // Unknown names are reported above, in words that help more than "field not declared in schema".
        var checkedSchema = schema.DeepClone().AsObject();
        checkedSchema.Remove("additionalProperties");
        foreach (var error in SchemaValidator.Validate(values, checkedSchema))
        {
            problems.Add(error.ToString().TrimStart('.'));
        }

        return problems;
    }
}
