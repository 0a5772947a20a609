using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.Api.Conditions;
using DynamoMcp.Api.Serialization;
using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>What the bridge's tools show of a CookiecutterTemplate, read from the typed resource (spec + status).</summary>
public sealed record TemplateView(
    string Namespace,
    string Name,
    string? Description,
    IReadOnlyList<string> Tags,
    string? Source,
    string? Ref,
    string? Directory,
    bool Ready,
    string? StatusMessage,
    string? ResolvedRevision,
    IReadOnlyList<TemplateVariable> Variables,
    JsonObject? InputSchema,
    IReadOnlyList<Api.V1Alpha1.TemplateVariable> Declared,
    IReadOnlyList<TemplateSnapshot> Snapshots)
{
    // Cached objects never change (a change is a new object from the watch), so each is read once, not on every
    // call: building the views was most of list_templates' own cost.
    private static readonly ConditionalWeakTable<CookiecutterTemplate, TemplateView> Views = new();

    public static TemplateView From(CookiecutterTemplate template) => Views.GetValue(template, Read);

    private static TemplateView Read(CookiecutterTemplate template)
    {
        var spec = template.Spec;
        var status = template.Status;
        var conditions = status?.Conditions;
        var ready = conditions.Find(ConditionTypes.Ready);
        var stalled = conditions.Find(ConditionTypes.Stalled);
        var source = spec?.Source;
        IReadOnlyList<Api.V1Alpha1.TemplateVariable> declared = status?.Variables is { } variables ? [.. variables] : [];
        return new TemplateView(
            template.Metadata.NamespaceProperty ?? "",
            template.Metadata.Name,
            spec?.Description,
            spec?.Tags is { } tags ? [.. tags] : [],
            source?.Git?.Url ?? source?.Archive?.Url,
            source?.Git?.Ref,
            source?.Git?.Directory ?? source?.Archive?.Directory,
            conditions.IsTrue(ConditionTypes.Ready),
            stalled?.Status == ConditionStatus.True ? stalled.Message : ready?.Message,
            status?.ResolvedRevision,
            [.. declared.Select(ToShown)],
            status?.InputSchema is { } schema ? FreeForm.ToJsonObject(schema) : null,
            declared,
            status?.Snapshots is { } snapshots ? [.. snapshots] : []);
    }

    private static TemplateVariable ToShown(Api.V1Alpha1.TemplateVariable v) => new(
        v.Name,
        TypeName(v.Type),
        FreeForm.ToJsonNode(v.Default),
        v.Description,
        v.Choices is { } choices ? [.. choices] : null);

    /// <summary>The type as the resource spells it (<c>choice</c>, not <c>Choice</c>): the enum's own JSON converter decides.</summary>
    private static string TypeName(TemplateVariableType type) => JsonSerializer.SerializeToElement(type).GetString()!;
}
