namespace DynamoMcp.Operator.McpServers;

/// <summary>A problem of one container of one of a server's pods, with a message a person can act on.</summary>
public sealed record McpPodProblem(McpPodProblemKind Kind, string Pod, string Container, string Message);
