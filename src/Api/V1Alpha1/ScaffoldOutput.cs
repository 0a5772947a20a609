using System.ComponentModel;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Where the rendered project goes: at most one of inline, git or s3.")]
[KubernetesValidation("(has(self.inline) ? 1 : 0) + (has(self.git) ? 1 : 0) + (has(self.s3) ? 1 : 0) <= 1", "set at most one of inline, git or s3")]
public sealed class ScaffoldOutput
{
    [JsonPropertyName("inline")]
    [Description("Store the project as a tar.gz in ConfigMaps owned by the Scaffold (the default).")]
    public InlineOutput? Inline { get; set; }

    [JsonPropertyName("git")]
    [Description("Push the project as a commit to a branch of a git repository (a sandboxed step of the render Job with egress only to that host; credentials from a Secret mounted only in that step). A copy stays inline for updates.")]
    public GitOutput? Git { get; set; }

    [JsonPropertyName("s3")]
    [Description("Upload the project archive to an S3-compatible bucket (a sandboxed step of the render Job with egress only to that host); status.artifact gets the key, size, SHA-256 and a pre-signed download URL. A copy stays inline for updates.")]
    public S3Output? S3 { get; set; }
}
