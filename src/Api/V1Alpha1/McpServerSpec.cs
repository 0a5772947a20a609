using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using DynamoMcp.Api.Crds;
using k8s.Models;

namespace DynamoMcp.Api.V1Alpha1;

[KubernetesValidation("has(self.image) != has(self.remote)", "set exactly one of image (a server the operator runs) or remote (a server elsewhere)")]
[KubernetesValidation("!has(self.remote) || self.transport != 'stdio'", "a remote server speaks streamable-http or sse, not stdio")]
public sealed class McpServerSpec
{
    [JsonPropertyName("image")]
    [Description("Container image of the MCP server, preferably pinned by digest. Set this or remote.")]
    [MinLength(1), MaxLength(1024)]
    public string? Image { get; set; }

    [JsonPropertyName("remote")]
    [Description("An MCP server outside the cluster, reached at its URL: no Deployment; the operator probes it and the bridge forwards to it. Set this or image.")]
    public McpRemote? Remote { get; set; }

    [JsonPropertyName("command")]
    [Description("Entrypoint override; the image's ENTRYPOINT when empty.")]
    [MaxLength(64)]
    public IList<string>? Command { get; set; }

    [JsonPropertyName("args")]
    [Description("Arguments to the entrypoint; the image's CMD when empty.")]
    [MaxLength(128)]
    public IList<string>? Args { get; set; }

    [JsonPropertyName("env")]
    [Description("Environment variables of the server container; use valueFrom.secretKeyRef for API keys.")]
    [MaxLength(128)]
    [ListType("map", "name")]
    public IList<V1EnvVar>? Env { get; set; }

    [JsonPropertyName("envFrom")]
    [Description("ConfigMaps and Secrets whose keys become environment variables.")]
    [MaxLength(32)]
    public IList<V1EnvFromSource>? EnvFrom { get; set; }

    [JsonPropertyName("transport")]
    [Description("How the server speaks MCP: stdio (the operator adds a stdio-to-HTTP front), streamable-http or sse (legacy).")]
    [DefaultValue(McpTransport.StreamableHttp)]
    public McpTransport Transport { get; set; } = McpTransport.StreamableHttp;

    [JsonPropertyName("port")]
    [Description("Port the server listens on (streamable-http, sse) or the stdio front listens on.")]
    [DefaultValue(8080)]
    [Range(1, 65535)]
    public int? Port { get; set; }

    [JsonPropertyName("path")]
    [Description("HTTP path of the MCP endpoint: /mcp for streamable-http, /sse for sse by convention.")]
    [DefaultValue("/mcp")]
    [MaxLength(256)]
    [RegularExpression("^/.*$")]
    public string? Path { get; set; }

    [JsonPropertyName("replicas")]
    [Description("Number of pods. Leave unset to let a HorizontalPodAutoscaler own it (through the scale subresource); 1 on creation when unset.")]
    [Range(0, 100)]
    public int? Replicas { get; set; }

    [JsonPropertyName("resources")]
    [Description("CPU and memory requests and limits of the server container.")]
    public V1ResourceRequirements? Resources { get; set; }

    [JsonPropertyName("toolFilter")]
    [Description("Which of the server's tools the bridge offers; all when empty.")]
    public ToolFilter? ToolFilter { get; set; }

    [JsonPropertyName("egress")]
    [Description("Outbound traffic the server may make; everything except DNS is denied when empty.")]
    public EgressPolicy? Egress { get; set; }

    [JsonPropertyName("imagePullSecrets")]
    [Description("Secrets for pulling the image from a private registry.")]
    [MaxLength(16)]
    public IList<V1LocalObjectReference>? ImagePullSecrets { get; set; }

    [JsonPropertyName("podTemplate")]
    [Description("Overrides merged into the server's pod template.")]
    public PodTemplateOverrides? PodTemplate { get; set; }

    [JsonPropertyName("timeoutSeconds")]
    [Description("How long one tool call through the bridge may take before it is cancelled. Default 300: generous for servers that start tools with npx or uvx.")]
    [Range(1, 86400)]
    public int? TimeoutSeconds { get; set; }

    [JsonPropertyName("startupTimeoutSeconds")]
    [Description("How long the server may take to become ready and answer initialize before it is reported Stalled. Default 300: a cold npx or uvx download is slow.")]
    [Range(1, 3600)]
    public int? StartupTimeoutSeconds { get; set; }
}
