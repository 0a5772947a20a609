namespace DynamoMcp.Runtime.DnsRebinding;

/// <summary>Which request header a <see cref="HostOriginPolicy"/> refused, if any.</summary>
public enum RefusedHeader
{
    None,
    Host,
    Origin,
}
