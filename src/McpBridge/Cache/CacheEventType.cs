namespace DynamoMcp.McpBridge.Cache;

public enum CacheEventType
{
    Added,
    Modified,
    Deleted,
}
