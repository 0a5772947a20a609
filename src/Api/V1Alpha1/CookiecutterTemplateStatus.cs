using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using DynamoMcp.Api.Serialization;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

public sealed class CookiecutterTemplateStatus : IDynamoStatus
{
    [JsonPropertyName("observedGeneration")]
    [Description("The metadata.generation this status describes.")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("conditions")]
    [Description("Ready, Reconciling and Stalled (kstatus), readable by kubectl wait, Argo CD and Flux.")]
    [ListType("map", "type")]
    [MaxLength(16)]
    public IList<V1Condition> Conditions { get; set; } = [];

    [JsonPropertyName("resolvedRevision")]
    [Description("Commit SHA (git) or archive SHA-256 that was inspected; Scaffolds render this revision.")]
    public string? ResolvedRevision { get; set; }

    [JsonPropertyName("variables")]
    [Description("The template's variables as cookiecutter reads them, with overrides applied.")]
    [ListType("map", "name")]
    public IList<TemplateVariable>? Variables { get; set; }

    [JsonPropertyName("variableCount")]
    [Description("Number of variables, for kubectl get.")]
    public int? VariableCount { get; set; }

    [JsonPropertyName("inputSchema")]
    [Description("JSON Schema (draft 2020-12) of the variables a Scaffold may set; the MCP bridge offers it as the scaffold tool's input schema.")]
    [JsonConverter(typeof(FreeFormObjectConverter))]
    public IDictionary<string, object?>? InputSchema { get; set; }

    [JsonPropertyName("snapshots")]
    [Description("Snapshots of the template's files that Scaffolds render from, newest first: the first is of resolvedRevision; older ones are kept (a few, see the operator's --snapshot-history) so Scaffolds may pin them with spec.revision.")]
    [ListType("map", "revision")]
    [MaxLength(16)]
    public IList<TemplateSnapshot>? Snapshots { get; set; }

    [JsonPropertyName("lastInspected")]
    [Description("When the template was last inspected.")]
    public DateTime? LastInspected { get; set; }

    [JsonPropertyName("inspectedSpecHash")]
    [Description("Hash of the source, hook and sandbox settings (and refresh request) the last inspection ran with; the operator re-inspects when the spec no longer matches it.")]
    [MaxLength(64)]
    public string? InspectedSpecHash { get; set; }

    [JsonPropertyName("lastHandledRefreshAt")]
    [Description("Value of the dynamo-mcp.io/refresh-requested-at annotation that the last inspection handled (as Flux's lastHandledReconcileAt).")]
    [MaxLength(256)]
    public string? LastHandledRefreshAt { get; set; }
}
