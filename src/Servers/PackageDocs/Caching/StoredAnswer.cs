namespace DynamoMcp.PackageDocs.Caching;

/// <summary>An answer as a store keeps it: the value as JSON and when it was fetched from the registry.</summary>
public sealed record StoredAnswer(string Json, DateTimeOffset FetchedAt);
