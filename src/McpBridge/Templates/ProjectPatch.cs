namespace DynamoMcp.McpBridge.Templates;

/// <summary>An update's verified patch as returned: its text (cut at a line when longer than the limit), whole size and whether it was cut.</summary>
public sealed record ProjectPatch(string Text, long Size, bool Truncated);
