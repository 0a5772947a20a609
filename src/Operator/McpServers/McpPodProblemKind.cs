namespace DynamoMcp.Operator.McpServers;

/// <summary>What keeps a server's pods from becoming ready.</summary>
public enum McpPodProblemKind
{
    ImagePull,
    Config,
    CrashLoop,
}
