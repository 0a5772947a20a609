using DynamoMcp.PackageDocs.Caching;
using DynamoMcp.PackageDocs.Tests.Caching.Fixtures;

namespace DynamoMcp.PackageDocs.Tests.Caching;

/// <summary>The same behaviour over a real redis-server; each test has a key prefix of its own.</summary>
public sealed class RedisAnswerCacheTests(RedisServerFixture redis) : AnswerCacheBehaviourTests, IClassFixture<RedisServerFixture>
{
    protected override IAnswerStore CreateStore()
    {
        RedisServerFixture.SkipWhenMissing();
        return new RedisAnswerStore(
            redis.Connection,
            new RedisAnswerStoreOptions { KeyPrefix = $"test:{Guid.NewGuid():N}:" },
            new MemoryAnswerStore(Options.MemoryCapacity),
            new RecordingLogger<RedisAnswerStore>());
    }
}
