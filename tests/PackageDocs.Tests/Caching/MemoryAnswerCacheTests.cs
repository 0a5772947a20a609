using DynamoMcp.PackageDocs.Caching;

namespace DynamoMcp.PackageDocs.Tests.Caching;

public sealed class MemoryAnswerCacheTests : AnswerCacheBehaviourTests
{
    protected override IAnswerStore CreateStore() => new MemoryAnswerStore(Options.MemoryCapacity);
}
