namespace DynamoMcp.PackageDocs.Protection;

/// <summary>
/// Who a request counts against: <see cref="Subject"/> is the counter's name (<c>ip:…</c> or <c>key:</c> and the start of
/// the key's hash — never the key itself).
/// </summary>
public sealed record CallerIdentity(ApiKeyClass Class, string Subject, string? Owner)
{
    public static CallerIdentity Anonymous(string clientAddress) => new(ApiKeyClass.Anonymous, $"ip:{clientAddress}", null);
}
