using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Inline output: the project archive in ConfigMap chunks owned by the Scaffold.")]
public sealed class InlineOutput
{
    [JsonPropertyName("maxSizeBytes")]
    [Description("Largest accepted archive; a bigger result fails the Scaffold with reason OutputTooLarge. The operator-wide cap applies when unset.")]
    [Range(1, 52428800)]
    public long? MaxSizeBytes { get; set; }
}
