using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Git output: push the rendered project as a commit.")]
public sealed class GitOutput
{
    [JsonPropertyName("url")]
    [Description("Repository to push to.")]
    [Required, MinLength(1), MaxLength(2048)]
    public string Url { get; set; } = "";

    [JsonPropertyName("branch")]
    [Description("Branch to push to; created when missing.")]
    [MaxLength(256)]
    public string? Branch { get; set; }

    [JsonPropertyName("path")]
    [Description("Directory inside the repository to write the project to; the root when empty.")]
    [MaxLength(1024)]
    public string? Path { get; set; }

    [JsonPropertyName("secretRef")]
    [Description("Secret with push credentials in the Scaffold's namespace.")]
    public V1LocalObjectReference? SecretRef { get; set; }
}
