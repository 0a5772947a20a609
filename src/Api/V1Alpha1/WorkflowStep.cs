using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;

namespace DynamoMcp.Api.V1Alpha1;

[Description("One step of a workflow: exactly one of toolCall, scaffold or container.")]
[KubernetesValidation("(has(self.toolCall) ? 1 : 0) + (has(self.scaffold) ? 1 : 0) + (has(self.container) ? 1 : 0) == 1", "set exactly one of toolCall, scaffold or container")]
[KubernetesValidation("!has(self.dependsOn) || !(self.name in self.dependsOn)", "a step cannot depend on itself", FieldPath = ".dependsOn")]
public sealed class WorkflowStep
{
    [JsonPropertyName("name")]
    [Description("Step name, unique in the workflow; other steps refer to it in dependsOn and expressions.")]
    [Required, MinLength(1), MaxLength(63)]
    [RegularExpression("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public string Name { get; set; } = "";

    [JsonPropertyName("dependsOn")]
    [Description("Steps that must succeed before this one starts.")]
    [MaxLength(32)]
    [ListType("set")]
    public IList<string>? DependsOn { get; set; }

    [JsonPropertyName("when")]
    [Description("Condition over inputs and step outputs, for example ${{ inputs.publish == true }}; the step is Skipped when it is false.")]
    [MaxLength(1024)]
    public string? When { get; set; }

    [JsonPropertyName("continueOnError")]
    [Description("A failure of this step does not fail the run; steps that depend on it still start.")]
    public bool? ContinueOnError { get; set; }

    [JsonPropertyName("finally")]
    [Description("Run after every other step has finished, whatever happened (clean-up, notifications); a finally step may depend on other finally steps only.")]
    public bool? Finally { get; set; }

    [JsonPropertyName("forEach")]
    [Description("Fan-out: an expression giving a list (for example ${{ inputs.services }}); the step runs once per item, which its fields read as ${{ item }}.")]
    [MaxLength(1024)]
    public string? ForEach { get; set; }

    [JsonPropertyName("maxParallel")]
    [Description("With forEach: at most this many items run at once.")]
    [Range(1, 1000)]
    public int? MaxParallel { get; set; }

    [JsonPropertyName("retries")]
    [Description("How many times a failed step is retried, with exponential backoff.")]
    [DefaultValue(0)]
    [Range(0, 10)]
    public int? Retries { get; set; }

    [JsonPropertyName("timeoutSeconds")]
    [Description("Deadline of one attempt.")]
    [Range(1, 86400)]
    public int? TimeoutSeconds { get; set; }

    [JsonPropertyName("toolCall")]
    [Description("Call a tool on a Ready McpServer.")]
    public ToolCallAction? ToolCall { get; set; }

    [JsonPropertyName("scaffold")]
    [Description("Render a CookiecutterTemplate (creates a Scaffold owned by the run).")]
    public ScaffoldAction? Scaffold { get; set; }

    [JsonPropertyName("container")]
    [Description("Run a container to completion (a sandboxed Job); its last stdout line, if JSON, becomes the step's outputs.")]
    public ContainerAction? Container { get; set; }
}
