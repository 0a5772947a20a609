namespace DynamoMcp.AgentRuntime.Tools;

/// <summary>What a tool call gave: its text for the model, and whether the tool reported an error.</summary>
internal sealed record ToolResult(string Text, bool IsError);
