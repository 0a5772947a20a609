using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Run a container to completion.")]
public sealed class ContainerAction
{
    [JsonPropertyName("image")]
    [Description("Container image.")]
    [Required, MinLength(1), MaxLength(1024)]
    public string Image { get; set; } = "";

    [JsonPropertyName("command")]
    [Description("Entrypoint override.")]
    [MaxLength(64)]
    public IList<string>? Command { get; set; }

    [JsonPropertyName("args")]
    [Description("Arguments; may contain expressions such as ${{ steps.render.outputs.revision }}.")]
    [MaxLength(128)]
    public IList<string>? Args { get; set; }

    [JsonPropertyName("project")]
    [Description("A Scaffold of this namespace whose generated project is unpacked into /workspace (read-only) before the container starts; usually ${{ steps.<scaffold step>.outputs.name }}.")]
    [MaxLength(1024)]
    public string? Project { get; set; }

    [JsonPropertyName("env")]
    [Description("Environment variables.")]
    [MaxLength(128)]
    [ListType("map", "name")]
    public IList<V1EnvVar>? Env { get; set; }
}
