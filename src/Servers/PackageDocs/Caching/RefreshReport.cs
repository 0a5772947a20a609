namespace DynamoMcp.PackageDocs.Caching;

/// <summary>What one pass of <see cref="IAnswerCache.RefreshDueAsync"/> did.</summary>
public sealed record RefreshReport(int Refreshed, int Failed);
