using System.Text.Json.Nodes;
using DynamoMcp.Api.Templates;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>
/// Variables of a create_project / scaffold_* call checked with the API's validator (the one the operator uses too),
/// turned into one tool error that lists every problem and says what to do.
/// </summary>
public static class VariableCheck
{
    public static IReadOnlyList<VariableProblem> Problems(TemplateView template, JsonObject values) =>
        TemplateVariablesValidator.Validate(
            template.Declared,
            // Values as parsed JSON, the form tool arguments arrive in: the validator's number checks read them as JsonElement.
            values.Select(v => KeyValuePair.Create(v.Key, (object?)(v.Value is null ? null : JsonNode.Parse(v.Value.ToJsonString())))));

    /// <summary>Null when the variables fit the template; otherwise the message of the tool error.</summary>
    public static string? ErrorMessage(TemplateView template, JsonObject values)
    {
        var problems = Problems(template, values);
        return problems.Count == 0
            ? null
            : $"The variables do not fit template '{template.Name}'; nothing was created. Problems:\n- {string.Join("\n- ", problems)}\nCall get_template_variables for the variables, their types and allowed values.";
    }
}
