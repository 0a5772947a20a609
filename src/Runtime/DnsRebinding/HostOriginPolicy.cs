using System.Net;
using Microsoft.Extensions.Primitives;

namespace DynamoMcp.Runtime.DnsRebinding;

/// <summary>
/// Which Host and Origin headers a server answers, against DNS rebinding: a web page whose domain is made to resolve
/// to the server's address still sends its own domain as Host and its own origin as Origin, so refusing unknown
/// names and foreign origins keeps browsers from driving a server they could otherwise reach.
/// </summary>
/// <remarks>
/// A Host is accepted when it is
/// <list type="bullet">
/// <item>an IP address literal — an address cannot be rebound, and kubelet probes and Prometheus send the pod IP;</item>
/// <item><c>localhost</c>, on a connection that arrived on a loopback address (not <c>*.localhost</c>: not every
/// resolver keeps those on the machine; allow it explicitly when wanted);</item>
/// <item>or a match of an allowed-hosts entry (<see cref="HostPattern"/>), any port.</item>
/// </list>
/// A missing Host (HTTP/1.0) is accepted: browsers always send one. An Origin, when present, is accepted when its host
/// is the request's own Host name (same site, whatever scheme or port a proxy put in between), a loopback host
/// (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>[::1]</c>) on a loopback connection, or a match of an allowed-origins
/// entry (<see cref="OriginPattern"/>). <c>null</c> is never accepted, except by the entry <c>*</c>.
/// </remarks>
public sealed class HostOriginPolicy
{
    private readonly HostPattern[] hosts;
    private readonly OriginPattern[] origins;

    private HostOriginPolicy(HostPattern[] hosts, OriginPattern[] origins)
    {
        this.hosts = hosts;
        this.origins = origins;
    }

    /// <summary>Only loopback names and IP addresses; no browser origin but loopback ones and the server's own.</summary>
    public static HostOriginPolicy LoopbackOnly { get; } = new([], []);

    public IReadOnlyList<HostPattern> AllowedHosts => hosts;

    public IReadOnlyList<OriginPattern> AllowedOrigins => origins;

    /// <summary>Builds the policy; throws <see cref="ArgumentException"/> naming every bad entry and what to write.</summary>
    public static HostOriginPolicy Create(IEnumerable<string>? allowedHosts, IEnumerable<string>? allowedOrigins)
    {
        var problems = HostProblems(allowedHosts).Select(p => "Allowed host " + p)
            .Concat(OriginProblems(allowedOrigins).Select(p => "Allowed origin " + p))
            .ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }

        return new HostOriginPolicy(
            [.. (allowedHosts ?? []).Select(e => HostPattern.TryParse(e, out var p, out _) ? p : default).Distinct()],
            [.. (allowedOrigins ?? []).Select(e => OriginPattern.TryParse(e, out var p, out _) ? p : default).Distinct()]);
    }

    /// <summary>What is wrong with allowed-hosts entries, one sentence each starting with the entry; empty when all are good.</summary>
    public static IReadOnlyList<string> HostProblems(IEnumerable<string>? allowedHosts) =>
        [.. (allowedHosts ?? []).Select(e => HostPattern.TryParse(e, out _, out var problem) ? null : problem).OfType<string>()];

    /// <summary>What is wrong with allowed-origins entries, one sentence each starting with the entry; empty when all are good.</summary>
    public static IReadOnlyList<string> OriginProblems(IEnumerable<string>? allowedOrigins) =>
        [.. (allowedOrigins ?? []).Select(e => OriginPattern.TryParse(e, out _, out var problem) ? null : problem).OfType<string>()];

    /// <summary>True for 127.0.0.0/8, ::1 and their IPv4-mapped forms; false for null (no IP connection).</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <param name="host">The Host header (HTTP/2's <c>:authority</c>), null or empty when absent.</param>
    /// <param name="origin">Every Origin header value the request carries.</param>
    /// <param name="loopbackConnection">Whether the connection arrived on a loopback address of this machine.</param>
    public HostOriginDecision Evaluate(string? host, StringValues origin, bool loopbackConnection)
    {
        RequestHost? requestHost = null;
        if (!string.IsNullOrEmpty(host))
        {
            if (!RequestHost.TryParse(host, out var parsed))
            {
                return HostOriginDecision.RefuseHost(host, "is not a valid host");
            }

            if (!HostAllowed(parsed, loopbackConnection))
            {
                return HostOriginDecision.RefuseHost(host, loopbackConnection
                    ? "is not a name this server answers to (loopback names, IP addresses and the allowed hosts are)"
                    : "is not a name this server answers to (IP addresses and the allowed hosts are)");
            }

            requestHost = parsed;
        }

        if (origin.Count == 0)
        {
            return HostOriginDecision.Allowed;
        }

        if (origins.Any(o => o.Any))
        {
            return HostOriginDecision.Allowed;
        }

        if (origin.Count > 1)
        {
            return HostOriginDecision.RefuseOrigin(origin.ToString(), "appears more than once");
        }

        var value = origin.ToString();
        if (value == "null")
        {
            return HostOriginDecision.RefuseOrigin(value, "is opaque (a sandboxed frame, a local file or a cross-site redirect) and never allowed");
        }

        if (!WebOrigin.TryParse(value, out var parsedOrigin))
        {
            return HostOriginDecision.RefuseOrigin(value, "is not a valid origin");
        }

        if (requestHost is { } own && parsedOrigin.Host.Name == own.Name)
        {
            return HostOriginDecision.Allowed;
        }

        if (loopbackConnection && IsLoopbackHost(parsedOrigin.Host))
        {
            return HostOriginDecision.Allowed;
        }

        return origins.Any(o => o.Matches(parsedOrigin))
            ? HostOriginDecision.Allowed
            : HostOriginDecision.RefuseOrigin(value, loopbackConnection
                ? "is not an allowed origin (this server's own host, loopback origins and the allowed origins are)"
                : "is not an allowed origin (this server's own host and the allowed origins are)");
    }

    private bool HostAllowed(RequestHost host, bool loopbackConnection) =>
        host.IsAddress
        || (loopbackConnection && host.Name == "localhost")
        || hosts.Any(p => p.Matches(host));

    private static bool IsLoopbackHost(RequestHost host) => host.Name == "localhost" || IsLoopback(host.Address);
}
