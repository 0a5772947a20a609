using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using DynamoMcp.Api.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesValidation("self == oldSelf", "spec is immutable: create a new Scaffold to render again")]
public sealed class ScaffoldSpec
{
    [JsonPropertyName("templateRef")]
    [Description("The CookiecutterTemplate to render; it must be Ready.")]
    [Required]
    public TemplateReference TemplateRef { get; set; } = new();

    [JsonPropertyName("variables")]
    [Description("Values for the template's variables, validated against the template's status.inputSchema; unset variables take their defaults.")]
    [JsonConverter(typeof(FreeFormObjectConverter))]
    public IDictionary<string, object?>? Variables { get; set; }

    [JsonPropertyName("revision")]
    [Description("The template revision to render: a commit SHA (or a prefix of at least 7 characters), a branch or tag name, or an archive digest, among the snapshots the template holds (status.snapshots). The template's current revision (status.resolvedRevision) when unset.")]
    [MaxLength(128)]
    public string? Revision { get; set; }

    [JsonPropertyName("updateFrom")]
    [Description("Update the project an earlier Scaffold (same namespace, same template, Succeeded, inline copy kept) generated: render this template revision with the earlier project's variables (from its .cruft.json) overlaid by spec.variables, and record a unified diff from the earlier project to the new one in status.update (apply it with `git apply -3`).")]
    public ScaffoldReference? UpdateFrom { get; set; }

    [JsonPropertyName("output")]
    [Description("Where the rendered project goes; inline (ConfigMaps owned by this Scaffold) when empty.")]
    public ScaffoldOutput? Output { get; set; }

    [JsonPropertyName("ttlSecondsAfterFinished")]
    [Description("Delete this Scaffold (and its output ConfigMaps) this many seconds after it finished; kept forever when unset.")]
    [Range(0, int.MaxValue)]
    public int? TtlSecondsAfterFinished { get; set; }

    [JsonPropertyName("timeoutSeconds")]
    [Description("How long the render pod may run, counted from its start (time waiting to be scheduled is not counted); the template's sandbox setting or the operator default when unset.")]
    [Range(1, 3600)]
    public int? TimeoutSeconds { get; set; }
}
