using System.ComponentModel;

namespace DynamoMcp.McpBridge.Agents;

[Description("An agent in the tree of agents, with its children nested.")]
public sealed record AgentTreeNode(
    [property: Description("Name of the Agent.")] string Name,
    [property: Description("Pending, Running, Succeeded, Failed or Terminated.")] string Phase,
    [property: Description("Its depth in the tree: 1 for a root agent (from its admission; its place in the tree until then).")] int Depth,
    [property: Description("Model calls made.")] int Turns,
    [property: Description("Tokens it and its descendants spent.")] long Tokens,
    [property: Description("Its goal, cut to 120 characters.")] string Goal,
    [property: Description("The agents it spawned.")] IReadOnlyList<AgentTreeNode> Children);
