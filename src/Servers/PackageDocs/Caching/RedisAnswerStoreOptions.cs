namespace DynamoMcp.PackageDocs.Caching;

/// <summary>Where the Redis store keeps answers.</summary>
public sealed class RedisAnswerStoreOptions
{
    public const string Section = "Cache:Redis";

    /// <summary>A StackExchange.Redis configuration string (<c>host:port,password=…</c>); empty means no Redis, memory only.</summary>
    public string Configuration { get; set; } = "";

    /// <summary>Put before every key, so that several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "packagedocs:answer:";

    /// <summary>Redis drops an answer this long after it was written (the cache's max-stale age is the natural value).</summary>
    public TimeSpan Expiry { get; set; } = TimeSpan.FromDays(7);
}
