namespace DynamoMcp.McpBridge.Scaffolds;

/// <summary>A regular file of a generated project: its path inside the project and its size in bytes.</summary>
public sealed record ScaffoldFile(string Path, long Size);
