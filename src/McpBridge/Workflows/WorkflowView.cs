using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Workflows;

/// <summary>
/// What the bridge's tools show of a Workflow, read from the typed resource: it is valid (runnable, offered as a
/// <c>workflow_*</c> tool) when the operator validated the current generation and found it Ready.
/// </summary>
public sealed record WorkflowView(
    string Namespace,
    string Name,
    string? Description,
    IReadOnlyList<string> Steps,
    bool Valid,
    string? StatusMessage,
    string? Warning,
    JsonObject InputSchema,
    IReadOnlyList<WorkflowInputSummary> Inputs,
    Workflow Workflow)
{
    // Cached objects never change (a change is a new object from the watch): each is read once.
    private static readonly ConditionalWeakTable<Workflow, WorkflowView> Views = new();

    public string Tool => WorkflowToolName.For(Name);

    public static WorkflowView From(Workflow workflow) => Views.GetValue(workflow, Read);

    private static WorkflowView Read(Workflow workflow)
    {
        var schema = workflow.Spec?.Inputs is { } inputs ? FreeForm.ToJsonObject(inputs) : new JsonObject { ["type"] = "object" };
        var (valid, message) = Validity(workflow);
        var references = workflow.Status?.Conditions.Find(ConditionTypes.ReferencesResolved);
        return new WorkflowView(
            workflow.Metadata.NamespaceProperty ?? "",
            workflow.Metadata.Name,
            string.IsNullOrWhiteSpace(workflow.Spec?.Description) ? null : workflow.Spec.Description.Trim(),
            workflow.Spec?.Steps is { } steps ? [.. steps.Select(s => s.Name)] : [],
            valid,
            message,
            valid && references?.Status == ConditionStatus.False ? references.Message : null,
            schema,
            Summarize(schema),
            workflow);
    }

    /// <summary>Valid: Ready=True for the current generation. Otherwise why not, Stalled's problems first.</summary>
    private static (bool Valid, string? Message) Validity(Workflow workflow)
    {
        var status = workflow.Status;
        var conditions = status?.Conditions;
        if (conditions is not { Count: > 0 } || status!.ObservedGeneration is null)
        {
            return (false, "waiting for the operator to validate it");
        }

        if (status.ObservedGeneration != workflow.Metadata.Generation)
        {
            return (false, $"waiting for the operator to validate its latest change (generation {workflow.Metadata.Generation})");
        }

        if (conditions.IsTrue(ConditionTypes.Ready))
        {
            return (true, null);
        }

        var condition = conditions.IsTrue(ConditionTypes.Stalled) ? conditions.Find(ConditionTypes.Stalled) : conditions.Find(ConditionTypes.Ready);
        return (false, condition is null ? "not valid" : string.IsNullOrWhiteSpace(condition.Message) ? condition.Reason : $"{condition.Reason}: {condition.Message}");
    }

    private static List<WorkflowInputSummary> Summarize(JsonObject schema)
    {
        var required = schema["required"] is JsonArray names
            ? names.Where(n => n?.GetValueKind() == JsonValueKind.String).Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal)
            : [];
        if (schema["properties"] is not JsonObject properties)
        {
            return [];
        }

        return [.. properties.Select(p =>
        {
            var property = p.Value as JsonObject;
            var @default = property?["default"]?.DeepClone();
            return new WorkflowInputSummary(
                p.Key,
                Text(property?["type"]),
                required.Contains(p.Key) && @default is null,
                Text(property?["description"]),
                @default,
                property?["enum"] is JsonArray choices ? [.. choices.Select(c => c?.DeepClone())] : null);
        })];
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
