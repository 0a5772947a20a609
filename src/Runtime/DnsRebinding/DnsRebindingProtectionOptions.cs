namespace DynamoMcp.Runtime.DnsRebinding;

/// <summary>
/// What a server passes to <see cref="DnsRebindingApplicationBuilderExtensions.UseDnsRebindingProtection"/>: its
/// allowlists (see <see cref="HostOriginPolicy"/>) and how its users change them, for the refusal message.
/// </summary>
public sealed record DnsRebindingProtectionOptions
{
    /// <summary>Host names besides IP addresses and, on loopback, <c>localhost</c>: <c>name</c>, <c>*.domain</c>, <c>*</c>.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Origins of web pages besides the server's own host and, on loopback, loopback pages.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Where a refused host can be allowed, e.g. <c>--allowed-host (setting Bridge:AllowedHosts)</c>.</summary>
    public string AllowHostSetting { get; init; } = "the server's allowed hosts";

    /// <summary>Where a refused origin can be allowed, e.g. <c>--allowed-origin (setting Bridge:AllowedOrigins)</c>.</summary>
    public string AllowOriginSetting { get; init; } = "the server's allowed origins";
}
