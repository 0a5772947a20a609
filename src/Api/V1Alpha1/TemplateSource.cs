using System.ComponentModel;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Where the template comes from: exactly one of git or archive.")]
[KubernetesValidation("has(self.git) != has(self.archive)", "exactly one of git or archive must be set")]
public sealed class TemplateSource
{
    [JsonPropertyName("git")]
    [Description("A git repository holding the template.")]
    public GitSource? Git { get; set; }

    [JsonPropertyName("archive")]
    [Description("A zip or tar.gz archive holding the template.")]
    public ArchiveSource? Archive { get; set; }
}
