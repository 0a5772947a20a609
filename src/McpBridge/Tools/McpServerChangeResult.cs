using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Tools;

[Description("The state of an MCP server after a change.")]
public sealed record McpServerChangeResult(
    [property: Description("Server name.")] string Name,
    [property: Description("Namespace of the server.")] string Namespace,
    [property: Description("True when it runs and its tools are known.")] bool Ready,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("Pending, Running, Degraded or Failed.")] string? Phase,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The operator's latest word on it.")] string? Status,
    [property: Description("Number of tools it offers.")] int Tools,
    [property: Description("What to do next.")] string Hint);
