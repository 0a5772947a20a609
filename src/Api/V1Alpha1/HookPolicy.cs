using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Policy for cookiecutter hooks.")]
public sealed class HookPolicy
{
    [JsonPropertyName("enabled")]
    [Description("Run the template's pre_gen_project/post_gen_project hooks. They run inside the sandbox, but are still arbitrary code: enable only for templates you trust.")]
    [DefaultValue(false)]
    public bool Enabled { get; set; }
}
