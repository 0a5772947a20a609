namespace DynamoMcp.PackageDocs.Caching;

/// <summary>Where <see cref="AnswerCache"/> keeps answers: in memory or in Redis. Freshness is the cache's business, not the store's.</summary>
public interface IAnswerStore
{
    Task<StoredAnswer?> GetAsync(string key, CancellationToken cancellationToken);

    Task SetAsync(string key, StoredAnswer answer, CancellationToken cancellationToken);
}
