using System.Text.Json.Nodes;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Operator.Templates;

/// <summary>
/// Applies spec.variableOverrides on top of what was inspected: descriptions, defaults, hidden. Hidden variables stay
/// in the variable list (marked) but leave the input schema, so clients never offer them. Pure.
/// </summary>
public static class VariableOverrideApplier
{
    public static (List<TemplateVariable> Variables, Dictionary<string, object?> Schema, List<string> Unknown) Apply(
        InspectedTemplate inspected, IEnumerable<VariableOverride>? overrides)
    {
        ArgumentNullException.ThrowIfNull(inspected);
        var variables = inspected.Variables.Select(Copy).ToList();
        var schema = FreeForm.ToJsonObject(inspected.Schema);
        var properties = schema["properties"] as JsonObject;
        var unknown = new List<string>();
        foreach (var entry in overrides ?? [])
        {
            var variable = variables.FirstOrDefault(v => v.Name == entry.Name);
            if (variable is null)
            {
                unknown.Add(entry.Name);
                continue;
            }

            var property = properties?[entry.Name] as JsonObject;
            if (!string.IsNullOrEmpty(entry.Description))
            {
                variable.Description = entry.Description;
                if (property is not null)
                {
                    property["description"] = entry.Description;
                }
            }

            if (entry.Default is not null)
            {
                variable.Default = entry.Default;
                variable.Derived = null;
                if (property is not null)
                {
                    property["default"] = FreeForm.ToJsonNode(entry.Default);
                    property.Remove("x-derived");
                }
            }

            if (entry.Hidden == true)
            {
                variable.Hidden = true;
                properties?.Remove(entry.Name);
            }
        }

        return (variables, FreeForm.FromJsonObject(schema), unknown);
    }

    private static TemplateVariable Copy(TemplateVariable v) => new()
    {
        Name = v.Name,
        Type = v.Type,
        Default = v.Default,
        Choices = v.Choices?.ToList(),
        Description = v.Description,
        Required = v.Required,
        Derived = v.Derived,
        Hidden = v.Hidden,
    };
}
