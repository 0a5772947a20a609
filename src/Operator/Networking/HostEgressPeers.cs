using System.Net;
using System.Net.Sockets;
using k8s.Models;

namespace DynamoMcp.Operator.Networking;

/// <summary>
/// The egress peers of a rule that names a host. NetworkPolicy cannot match names, so a host name opens towards the
/// configured CIDRs, each minus the exceptions of its own address family (cloud metadata, link-local); an IP literal
/// opens towards that address alone. Shared by the sandbox and McpServer NetworkPolicies. Pure.
/// </summary>
public static class HostEgressPeers
{
    /// <param name="host">A host name or an IP literal (without URI brackets).</param>
    /// <param name="cidrs">Where a host name may be reached, e.g. <c>0.0.0.0/0</c> and <c>::/0</c>.</param>
    /// <param name="except">Never reachable; an entry applies to the CIDRs of its family only (IPv4 or IPv6).</param>
    public static List<V1NetworkPolicyPeer> For(string host, IEnumerable<string> cidrs, IEnumerable<string> except)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(cidrs);
        ArgumentNullException.ThrowIfNull(except);
        if (IPAddress.TryParse(host, out var address))
        {
            var bits = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
            return [new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = $"{address}/{bits}" } }];
        }

        var exceptions = except.ToList();
        return [.. cidrs.Select(cidr => new V1NetworkPolicyPeer
        {
            IpBlock = new V1IPBlock
            {
                Cidr = cidr,
                Except = SameFamily(cidr, exceptions) is { Count: > 0 } same ? same : null,
            },
        })];
    }

    private static List<string> SameFamily(string cidr, IEnumerable<string> candidates) =>
        candidates.Where(c => IsIPv6(c) == IsIPv6(cidr)).ToList();

    private static bool IsIPv6(string cidr) => cidr.Contains(':', StringComparison.Ordinal);
}
