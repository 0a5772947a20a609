namespace DynamoMcp.McpBridge.Agents;

/// <summary>Descriptions the agent tools share.</summary>
internal static class AgentToolText
{
    public const string AgentName = "Name of the Agent, as spawn_agent returned it or list_agents shows it.";
}
