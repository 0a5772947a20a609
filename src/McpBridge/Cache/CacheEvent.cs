namespace DynamoMcp.McpBridge.Cache;

public sealed record CacheEvent(CacheEventType Type, CachedResource Resource);
