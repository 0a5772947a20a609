using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Workflows.Expressions;

namespace DynamoMcp.Operator.Workflows;

/// <summary>
/// Checks a Workflow before anything runs (pure): step names unique, dependsOn naming known steps, no cycles (the
/// cycle is named), every expression valid CEL, expressions reading only steps upstream of where they are used (the
/// workflow's outputs may read any step), and an inputs schema a run can be validated against. Collects the
/// templates and servers it refers to; whether they exist is the controller's warning, not a problem here.
/// </summary>
public static class WorkflowValidator
{
    public static WorkflowValidation Validate(WorkflowSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<string>();
        var steps = spec.Steps ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (step, i) in steps.Select((s, i) => (s, i)))
        {
            if (!names.Add(step.Name))
            {
                problems.Add($"{Where(i, step)}.name: another step has this name; step names must be unique");
            }
        }

        var dependsOn = steps.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.First().DependsOn ?? []], StringComparer.Ordinal);
        foreach (var (step, i) in steps.Select((s, i) => (s, i)))
        {
            foreach (var dependency in step.DependsOn ?? [])
            {
                if (dependency == step.Name)
                {
                    problems.Add($"{Where(i, step)}.dependsOn: a step cannot depend on itself");
                }
                else if (!names.Contains(dependency))
                {
                    problems.Add($"{Where(i, step)}.dependsOn: '{dependency}' is not a step of this workflow (steps: {string.Join(", ", names)})");
                }
                else if ((step.Finally == true) != (steps.First(s => s.Name == dependency).Finally == true))
                {
                    problems.Add(step.Finally == true
                        ? $"{Where(i, step)}.dependsOn: '{dependency}' is not a finally step; a finally step runs after all others anyway and may depend on finally steps only"
                        : $"{Where(i, step)}.dependsOn: '{dependency}' is a finally step, which runs after all others: a step cannot wait for it");
                }
            }
        }

        if (Cycle(dependsOn) is { } cycle)
        {
            problems.Add($"steps: dependsOn forms a cycle {string.Join(" → ", cycle)}; a workflow must be a DAG");
        }

        var upstream = steps.Select(s => s.Name).Distinct(StringComparer.Ordinal).ToDictionary(n => n, n => Upstream(n, dependsOn), StringComparer.Ordinal);
        foreach (var (step, i) in steps.Select((s, i) => (s, i)))
        {
            foreach (var (field, text) in Expressions(step))
            {
                Check($"{Where(i, step)}.{field}", text, upstream.GetValueOrDefault(step.Name) ?? new HashSet<string>(), names, problems, step.Name);
            }
        }

        foreach (var (output, text) in spec.Outputs ?? new Dictionary<string, string>())
        {
            Check($"outputs.{output}", text, names, names, problems, self: null);
        }

        problems.AddRange(InputSchemaProblems(spec.Inputs));
        return new WorkflowValidation(
            problems,
            steps.Where(s => s.Scaffold is not null).Select(s => s.Scaffold!.TemplateRef.Name).ToHashSet(StringComparer.Ordinal),
            steps.Where(s => s.ToolCall is not null).Select(s => s.ToolCall!.Server).ToHashSet(StringComparer.Ordinal));
    }

    private static void Check(string where, string text, IReadOnlySet<string> readable, IReadOnlySet<string> known, List<string> problems, string? self)
    {
        foreach (var problem in WorkflowExpressions.Check(text))
        {
            problems.Add($"{where}: {problem}");
        }

        foreach (var referenced in WorkflowExpressions.StepReferences(text).Order(StringComparer.Ordinal))
        {
            if (!known.Contains(referenced))
            {
                problems.Add($"{where}: reads steps.{referenced}, which is not a step of this workflow");
            }
            else if (referenced == self)
            {
                problems.Add($"{where}: reads its own step's outputs, which do not exist before it ran");
            }
            else if (!readable.Contains(referenced))
            {
                problems.Add($"{where}: reads steps.{referenced}, which is not upstream of this step: add it to dependsOn (directly or through another step)");
            }
        }
    }

    private static IEnumerable<(string Field, string Text)> Expressions(WorkflowStep step)
    {
        if (step.When is { } when)
        {
            yield return ("when", when);
        }

        if (step.ForEach is { } forEach)
        {
            yield return ("forEach", forEach);
        }

        if (step.ToolCall is { } call)
        {
            foreach (var text in WorkflowExpressions.Strings(call.Arguments))
            {
                yield return ("toolCall.arguments", text);
            }
        }

        if (step.Scaffold is { } scaffold)
        {
            foreach (var text in WorkflowExpressions.Strings(scaffold.Variables))
            {
                yield return ("scaffold.variables", text);
            }
        }

        if (step.Container is { } container)
        {
            foreach (var (arg, i) in (container.Args ?? []).Select((a, i) => (a, i)))
            {
                yield return ($"container.args[{i}]", arg);
            }

            foreach (var env in container.Env ?? [])
            {
                if (env.Value is { } value)
                {
                    yield return ($"container.env[{env.Name}]", value);
                }
            }
        }
    }

    private static IReadOnlySet<string> Upstream(string step, IReadOnlyDictionary<string, IReadOnlyList<string>> dependsOn)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(dependsOn.GetValueOrDefault(step) ?? []);
        while (pending.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var further in dependsOn.GetValueOrDefault(next) ?? [])
                {
                    pending.Push(further);
                }
            }
        }

        return seen;
    }

    /// <summary>One cycle of the dependsOn graph (first step repeated at the end), or null.</summary>
    private static List<string>? Cycle(IReadOnlyDictionary<string, IReadOnlyList<string>> dependsOn)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var path = new List<string>();
        foreach (var start in dependsOn.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } found)
            {
                return found;
            }
        }

        return null;

        List<string>? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2 || !dependsOn.ContainsKey(node))
            {
                return null;
            }

            if (state.GetValueOrDefault(node) == 1)
            {
                return [.. path.SkipWhile(n => n != node), node];
            }

            state[node] = 1;
            path.Add(node);
            foreach (var next in dependsOn[node].Order(StringComparer.Ordinal))
            {
                if (Visit(next) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }

    private static IEnumerable<string> InputSchemaProblems(IDictionary<string, object?>? inputs)
    {
        // Through JSON: free-form values come as dictionaries, JSON elements or nodes depending on who read them.
        if (inputs is null || FreeForm.ToJsonNode(inputs) is not JsonObject schema)
        {
            yield break;
        }

        if (schema["type"] is { } type && (type.GetValueKind() != JsonValueKind.String || type.GetValue<string>() != "object"))
        {
            yield return "inputs.type: must be \"object\" (a run's inputs are an object)";
        }

        var declared = schema["properties"] as JsonObject;
        if (schema["properties"] is not null && declared is null)
        {
            yield return "inputs.properties: must be an object of property schemas";
        }

        foreach (var (name, property) in declared ?? [])
        {
            if (property is not JsonObject)
            {
                yield return $"inputs.properties.{name}: must be a schema object";
            }
        }

        if (schema["required"] is { } required)
        {
            if (required is not JsonArray list || list.Any(r => r?.GetValueKind() != JsonValueKind.String))
            {
                yield return "inputs.required: must be a list of property names";
            }
            else
            {
                foreach (var name in list.Select(r => r!.GetValue<string>()).Where(n => declared?.ContainsKey(n) != true))
                {
                    yield return $"inputs.required: '{name}' is not among inputs.properties";
                }
            }
        }
    }

    private static string Where(int index, WorkflowStep step) => $"steps[{index}] '{step.Name}'";
}
