using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Tools;

[Description("One MCP server: its spec, status, conditions and tools.")]
public sealed record McpServerDetails(
    [property: Description("Server name.")] string Name,
    [property: Description("Namespace of the server.")] string Namespace,
    [property: Description("How it speaks MCP: stdio, streamable-http or sse.")] string Transport,
    [property: Description("What runs.")] McpServerSource Source,
    [property: Description("True when it runs and its tools are known.")] bool Ready,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Pending, Running, Degraded or Failed.")] string? Phase,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Why it is not ready, if it is not.")] string? Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Its MCP endpoint.")] string? Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Ready pods (servers the operator runs).")] int? ReadyReplicas,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("serverInfo name and version from initialize.")] string? ServerInfo,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Negotiated MCP protocol revision.")] string? ProtocolVersion,
    [property: Description("Status conditions.")] IReadOnlyList<McpServerConditionInfo> Conditions,
    [property: Description("Number of tools it offers.")] int ToolCount,
    [property: Description("Its tools, after its tool filter.")] IReadOnlyList<McpServerToolInfo> Tools);
