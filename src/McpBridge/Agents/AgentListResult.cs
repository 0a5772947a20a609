using System.ComponentModel;
using System.Text.Json.Serialization;

namespace DynamoMcp.McpBridge.Agents;

[Description("The agents of a namespace as a tree.")]
public sealed record AgentListResult(
    [property: Description("The namespace listed.")] string Namespace,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Description("The agent whose subtree is shown; null: every tree of the namespace.")] string? Root,
    [property: Description("Agents shown, in all trees.")] int Count,
    [property: Description("The root agents (or the one asked for), each with its descendants nested.")] IReadOnlyList<AgentTreeNode> Agents);
