using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[Description("Settings of the sandboxed Jobs that inspect and render a template.")]
public sealed class SandboxSettings
{
    [JsonPropertyName("resources")]
    [Description("CPU, memory and ephemeral-storage requests and limits of the sandbox container; operator defaults apply when empty.")]
    public V1ResourceRequirements? Resources { get; set; }

    [JsonPropertyName("timeoutSeconds")]
    [Description("How long one inspect or render pod may run (its activeDeadlineSeconds, counted from its start; time waiting to be scheduled is not counted).")]
    [Range(1, 3600)]
    public int? TimeoutSeconds { get; set; }

    [JsonPropertyName("runtimeClassName")]
    [Description("RuntimeClass of the sandbox pods, for example gvisor or kata, overriding the operator-wide setting.")]
    [MaxLength(253)]
    public string? RuntimeClassName { get; set; }
}
