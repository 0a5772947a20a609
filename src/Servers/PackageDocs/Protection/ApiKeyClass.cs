namespace DynamoMcp.PackageDocs.Protection;

/// <summary>Who is calling, for the hourly limit: no key (counted by client IP), a key, or an open-source project's key.</summary>
public enum ApiKeyClass
{
    Anonymous,
    Keyed,
    OpenSource,
}
