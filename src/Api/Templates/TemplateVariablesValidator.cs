using System.Globalization;
using System.Text.Json;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Api.Templates;

/// <summary>
/// Checks the variables of a Scaffold (or an MCP tool call) against a template's inspected variables before any Job
/// exists: unknown or hidden names, wrong types, choices outside the list, oversized values and missing required
/// ones. Every problem is reported, each naming the variable and what to do. One implementation for the operator
/// and the bridge.
/// </summary>
public static class TemplateVariablesValidator
{
    /// <summary>Longest string value, the same limit the sandbox generator enforces.</summary>
    public const int MaxStringLength = 1024;

    /// <summary>Largest serialized value of an object variable.</summary>
    public const int MaxObjectBytes = 64 * 1024;

    /// <summary>Most variables a request may set.</summary>
    public const int MaxVariables = 256;

    public static IReadOnlyList<VariableProblem> Validate(
        IEnumerable<TemplateVariable>? templateVariables, IEnumerable<KeyValuePair<string, object?>>? values)
    {
        var known = (templateVariables ?? []).ToDictionary(v => v.Name, StringComparer.Ordinal);
        var given = (values ?? []).ToList();
        var problems = new List<VariableProblem>();
        if (given.Count > MaxVariables)
        {
            problems.Add(new VariableProblem("", $"{given.Count} variables were given; at most {MaxVariables} are accepted."));
        }

        var offered = known.Values.Where(v => v.Hidden != true).Select(v => v.Name).Order(StringComparer.Ordinal).ToList();
        foreach (var (name, value) in given.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!known.TryGetValue(name, out var variable))
            {
                problems.Add(new VariableProblem(name, $"the template has no variable '{name}'. {Offered(offered)}"));
                continue;
            }

            if (variable.Hidden == true)
            {
                problems.Add(new VariableProblem(name, $"'{name}' is hidden by the template (private or overridden); remove it, its default is always used."));
                continue;
            }

            var problem = CheckValue(variable, value);
            if (problem is not null)
            {
                problems.Add(new VariableProblem(name, problem));
            }
        }

        var givenNames = given.Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var variable in known.Values.Where(v => v.Required == true && v.Hidden != true && !givenNames.Contains(v.Name)).OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            problems.Add(new VariableProblem(variable.Name, $"'{variable.Name}' has no default; give it a value ({Describe(variable)})."));
        }

        return problems;
    }

    /// <summary>One message listing every problem, for a condition or a tool error.</summary>
    public static string Summarize(IReadOnlyList<VariableProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count switch
        {
            0 => "The variables are valid.",
            1 => $"Invalid variable: {problems[0]}",
            _ => $"{problems.Count} problems with the variables: " + string.Join("; ", problems.Select(p => p.ToString())),
        };
    }

    private static string? CheckValue(TemplateVariable variable, object? value)
    {
        var node = FreeForm.ToJsonNode(value);
        var kind = node?.GetValueKind() ?? JsonValueKind.Null;
        switch (variable.Type)
        {
            case TemplateVariableType.String:
                if (kind != JsonValueKind.String)
                {
                    return $"expects a string, got {KindName(kind)} ({Show(node)}); put the value in quotes.";
                }

                return TooLong(node!.GetValue<string>());
            case TemplateVariableType.Choice:
                if (kind != JsonValueKind.String)
                {
                    return $"expects one of {ChoiceList(variable)}, got {KindName(kind)} ({Show(node)}).";
                }

                var text = node!.GetValue<string>();
                return variable.Choices is { Count: > 0 } choices && !choices.Contains(text, StringComparer.Ordinal)
                    ? $"'{Clip(text)}' is not one of the choices {ChoiceList(variable)}."
                    : TooLong(text);
            case TemplateVariableType.Boolean:
                return kind is JsonValueKind.True or JsonValueKind.False ? null : $"expects true or false, got {KindName(kind)} ({Show(node)}).";
            case TemplateVariableType.Integer:
                return kind == JsonValueKind.Number && long.TryParse(node!.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                    ? null
                    : $"expects a whole number, got {KindName(kind)} ({Show(node)}).";
            case TemplateVariableType.Number:
                return kind == JsonValueKind.Number ? null : $"expects a number, got {KindName(kind)} ({Show(node)}).";
            case TemplateVariableType.Object:
                if (kind != JsonValueKind.Object)
                {
                    return $"expects an object (a JSON map), got {KindName(kind)} ({Show(node)}).";
                }

                return Size(node!.ToJsonString()) > MaxObjectBytes ? $"is larger than {MaxObjectBytes} bytes once serialized; send a smaller object." : null;
            case TemplateVariableType.Array:
                if (kind != JsonValueKind.Array)
                {
                    return $"expects a list, got {KindName(kind)} ({Show(node)}).";
                }

                return Size(node!.ToJsonString()) > MaxObjectBytes ? $"is larger than {MaxObjectBytes} bytes once serialized; send a shorter list." : null;
            default:
                return null;
        }
    }

    private static string? TooLong(string text) =>
        text.Length > MaxStringLength ? $"is {text.Length} characters long; at most {MaxStringLength} are accepted." : null;

    private static int Size(string json) => System.Text.Encoding.UTF8.GetByteCount(json);

    private static string Offered(IReadOnlyList<string> offered) =>
        offered.Count == 0 ? "It takes no variables." : "Its variables are: " + string.Join(", ", offered) + ".";

    private static string ChoiceList(TemplateVariable variable) =>
        "[" + string.Join(", ", (variable.Choices ?? []).Select(c => $"'{c}'")) + "]";

    private static string Describe(TemplateVariable variable) => variable.Type switch
    {
        TemplateVariableType.Choice => "one of " + ChoiceList(variable),
        TemplateVariableType.Boolean => "true or false",
        _ => "a " + variable.Type.ToString().ToLowerInvariant(),
    };

    private static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => "null",
    };

    private static string Show(System.Text.Json.Nodes.JsonNode? node) => Clip(node?.ToJsonString() ?? "null");

    private static string Clip(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
