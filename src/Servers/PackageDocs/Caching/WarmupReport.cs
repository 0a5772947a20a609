namespace DynamoMcp.PackageDocs.Caching;

/// <summary>What <see cref="CacheWarmer.WarmAsync{T}"/> did: how many keys were warmed, and the ones that failed with why.</summary>
public sealed record WarmupReport(int Warmed, IReadOnlyDictionary<string, string> Failures)
{
    public int Failed => Failures.Count;
}
