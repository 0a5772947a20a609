using DynamoMcp.Api;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Operator.Networking;
using k8s;
using k8s.Models;

namespace DynamoMcp.Operator.Sandbox;

/// <summary>
/// The per-template NetworkPolicy of sandbox pods: no ingress; egress to DNS and to the port of the template's git
/// host or archive server.
/// NetworkPolicy cannot name a host, so the port is opened towards <see cref="SandboxOptions.GitEgressCidrs"/> (or the
/// host alone when it is an IP literal). The chart's default-deny policy stays the floor. Pure.
/// </summary>
public static class SandboxNetworkPolicyBuilder
{
    public static V1NetworkPolicy Build(CookiecutterTemplate template, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(options);
        var egress = new List<V1NetworkPolicyEgressRule> { DnsRule() };
        // No CIDRs configured: the host stays unreachable (an empty `to` would open every destination).
        if (GitEndpoint(template.Spec.Source) is { } endpoint && HostRule(endpoint, options) is { } host)
        {
            egress.Add(host);
        }

        // Inspect pods only: render pods have no egress at all (BuildRender).
        return Policy(template, "sandbox-egress", Templates.TemplateInspectJobBuilder.Purpose, egress);
    }

    /// <summary>
    /// The per-template NetworkPolicy of its render pods: no ingress, no egress (they render the stored snapshot). A
    /// Scaffold with a git or S3 output adds its own policy towards that host (policies add up).
    /// </summary>
    public static V1NetworkPolicy BuildRender(CookiecutterTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Policy(template, "render-egress", Scaffolds.ScaffoldRenderJobBuilder.Purpose, []);
    }

    /// <summary>Egress to DNS (UDP and TCP 53).</summary>
    public static V1NetworkPolicyEgressRule DnsRule() => new()
    {
        Ports = [new V1NetworkPolicyPort { Protocol = "UDP", Port = 53 }, new V1NetworkPolicyPort { Protocol = "TCP", Port = 53 }],
    };

    /// <summary>Egress to a host's TCP port (an IP literal alone, a name towards the configured CIDRs); null when no CIDR allows it.</summary>
    public static V1NetworkPolicyEgressRule? HostRule((string Host, int Port) endpoint, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A URI host is bracketed when it is an IPv6 literal.
        var peers = HostEgressPeers.For(endpoint.Host.Trim('[', ']'), options.GitEgressCidrs, options.GitEgressExcept);
        return peers.Count == 0 ? null : new V1NetworkPolicyEgressRule { Ports = [new V1NetworkPolicyPort { Protocol = "TCP", Port = endpoint.Port }], To = peers };
    }

    /// <summary>
    /// A NetworkPolicy owned by <paramref name="owner"/> (a template or a Scaffold) over its sandbox pods of
    /// <paramref name="purpose"/>: the given egress, and (with <paramref name="denyIngress"/>) no ingress; stamped with its spec hash.
    /// </summary>
    public static V1NetworkPolicy Policy<TOwner>(TOwner owner, string suffix, string purpose, List<V1NetworkPolicyEgressRule> egress, bool denyIngress = true)
        where TOwner : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(owner);
        var name = owner.Metadata.Name;
        var policy = new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta
            {
                Name = ChildNames.WithSuffix(name, suffix),
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(WellKnown.Labels.ForChildOf(owner.Kind, name), StringComparer.Ordinal),
                OwnerReferences = [SandboxJobBuilder.OwnerReference(owner.ApiVersion, owner.Kind, owner.Metadata)],
            },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector
                {
                    MatchLabels = new Dictionary<string, string>
                    {
                        [SandboxLabels.Sandbox] = "true",
                        [WellKnown.Labels.ForKind(owner.Kind)] = name,
                        [SandboxLabels.Purpose] = purpose,
                    },
                },
                PolicyTypes = denyIngress ? ["Ingress", "Egress"] : ["Egress"],
                Ingress = denyIngress ? [] : null,
                Egress = egress,
            },
        };
        policy.Metadata.Annotations = new Dictionary<string, string> { [WellKnown.Annotations.SpecHash] = ChildNames.Hash(policy.Spec) };
        return policy;
    }

    /// <summary>Host and TCP port of an http(s), ssh, git or scp-like URL; null for file:// and local paths (nothing to reach).</summary>
    public static (string Host, int Port)? Endpoint(string? url) => GitEndpoint(new TemplateSource { Git = new GitSource { Url = url ?? "" } });

    /// <summary>Host and TCP port of a git or archive URL; null for file:// and local paths (nothing to reach).</summary>
    public static (string Host, int Port)? GitEndpoint(TemplateSource source)
    {
        var url = source.Git?.Url ?? source.Archive?.Url;
        if (string.IsNullOrEmpty(url))
        {
            return null;
        }

        if (url.StartsWith("git+", StringComparison.Ordinal))
        {
            url = url[4..];
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
        {
            var port = uri.Port > 0 ? uri.Port : uri.Scheme switch
            {
                "https" => 443,
                "http" => 80,
                "ssh" => 22,
                "git" => 9418,
                _ => -1,
            };
            return uri.Scheme == "file" || port <= 0 ? null : (uri.IdnHost, port);
        }

        // scp-like user@host:path is ssh.
        var at = url.IndexOf('@', StringComparison.Ordinal);
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        return at > 0 && colon > at ? (url[(at + 1)..colon], 22) : null;
    }
}
