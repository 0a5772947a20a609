using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.McpBridge.Cache;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>What the bridge needs of a CookiecutterTemplate, read from its JSON (spec + status).</summary>
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
    IReadOnlyList<Api.V1Alpha1.TemplateVariable> Declared)
{
    // Cached objects never change (a change is a new CachedResource), so each is read once, not on every call:
    // building the views was most of list_templates' own cost.
    private static readonly ConditionalWeakTable<CachedResource, TemplateView> Views = new();

    public static TemplateView From(CachedResource resource) => Views.GetValue(resource, Read);

    private static TemplateView Read(CachedResource resource)
    {
        var spec = resource.Object["spec"];
        var status = resource.Object["status"];
        var ready = ResourceCondition.Find(status, "Ready");
        var stalled = ResourceCondition.Find(status, "Stalled");
        var source = spec?["source"];
        var git = source?["git"];
        return new TemplateView(
            resource.Namespace,
            resource.Name,
            Str(spec?["description"]),
            spec?["tags"] is JsonArray tags ? [.. tags.Select(t => Str(t)).OfType<string>()] : [],
            Str(git?["url"]) ?? Str(source?["archive"]?["url"]),
            Str(git?["ref"]),
            Str(git?["directory"]) ?? Str(source?["archive"]?["directory"]),
            ready?.IsTrue == true,
            stalled?.IsTrue == true ? stalled.Message : ready?.Message,
            Str(status?["resolvedRevision"]),
            ReadVariables(status?["variables"]),
            status?["inputSchema"] as JsonObject,
            ReadDeclared(status?["variables"]));
    }

    private static IReadOnlyList<TemplateVariable> ReadVariables(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            return [];
        }

        return [.. array.OfType<JsonObject>().Select(v => new TemplateVariable(
            Str(v["name"]) ?? "",
            Str(v["type"]),
            v["default"]?.DeepClone(),
            Str(v["description"]),
            v["choices"] is JsonArray choices ? [.. choices.Select(c => c?.ToString() ?? "")] : null))];
    }

    /// <summary>status.variables as the API types them, for <see cref="Api.Templates.TemplateVariablesValidator"/>.</summary>
    private static IReadOnlyList<Api.V1Alpha1.TemplateVariable> ReadDeclared(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            return [];
        }

        var declared = new List<Api.V1Alpha1.TemplateVariable>();
        foreach (var item in array.OfType<JsonObject>())
        {
            try
            {
                declared.Add(item.Deserialize<Api.V1Alpha1.TemplateVariable>() ?? new Api.V1Alpha1.TemplateVariable());
            }
            catch (JsonException)
            {
                // A variable type newer than this bridge: keep the name (so it is not reported as unknown); its value goes unchecked.
                declared.Add(new Api.V1Alpha1.TemplateVariable { Name = Str(item["name"]) ?? "", Type = (Api.V1Alpha1.TemplateVariableType)(-1) });
            }
        }

        return declared;
    }

    private static string? Str(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
