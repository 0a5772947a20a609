namespace DynamoMcp.Runtime.DnsRebinding;

/// <summary>What <see cref="HostOriginPolicy.Evaluate"/> decided: allowed, or which header was refused and why.</summary>
/// <param name="Value">The refused header's value as the client sent it.</param>
/// <param name="Reason">Why, as the end of a sentence: "is not a name this server answers to".</param>
public readonly record struct HostOriginDecision(RefusedHeader Header, string Value, string Reason)
{
    public static HostOriginDecision Allowed { get; } = new(RefusedHeader.None, "", "");

    public bool IsAllowed => Header == RefusedHeader.None;

    public static HostOriginDecision RefuseHost(string value, string reason) => new(RefusedHeader.Host, value, reason);

    public static HostOriginDecision RefuseOrigin(string value, string reason) => new(RefusedHeader.Origin, value, reason);
}
