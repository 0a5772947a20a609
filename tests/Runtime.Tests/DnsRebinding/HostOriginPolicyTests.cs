using System.Net;
using DynamoMcp.Runtime.DnsRebinding;
using Microsoft.Extensions.Primitives;

namespace DynamoMcp.Runtime.Tests.DnsRebinding;

public sealed class HostOriginPolicyTests
{
    private const bool Loopback = true;
    private const bool Network = false;

    private static readonly HostOriginPolicy InCluster = HostOriginPolicy.Create(
        ["dynamo-mcp-bridge", "dynamo-mcp-bridge.dynamo-mcp-system.svc.cluster.local", "*.mcp.example.com", "MCP.Example.COM."],
        ["https://console.example.com", "https://*.apps.example.com", "http://dev.example.com:3000/", "chrome-extension://abcdefghijklmnop"]);

    public static TheoryData<string?, bool, bool> Hosts() => new()
    {
        // Loopback listener: loopback names and addresses, any port, any case, a trailing dot.
        { "localhost", Loopback, true },
        { "localhost:8765", Loopback, true },
        { "LocalHost:8765", Loopback, true },
        { "localhost.:8765", Loopback, true },
        { "127.0.0.1:8765", Loopback, true },
        { "127.0.0.1", Loopback, true },
        { "[::1]:8765", Loopback, true },
        { "[::1]", Loopback, true },
        { "[0:0:0:0:0:0:0:1]:80", Loopback, true },
        { "evil.example.com", Loopback, false },
        { "evil.example.com:8765", Loopback, false },
        { "evil.example.com.", Loopback, false },
        { "localhost.evil.example.com", Loopback, false },
        { "evillocalhost", Loopback, false },
        { "bridge.localhost", Loopback, false },
        // Malformed or non-canonical forms no browser sends.
        { "::1", Loopback, false },
        { "[::1", Loopback, false },
        { "[::1]x", Loopback, false },
        { "[fe80::1%25eth0]", Loopback, false },
        { "localhost:", Loopback, false },
        { "localhost:65536", Loopback, false },
        { "localhost:80:80", Loopback, false },
        { "user@localhost", Loopback, false },
        { "local host", Loopback, false },
        { "localhost/mcp", Loopback, false },
        { "127.1", Loopback, false },
        { "2130706433", Loopback, false },
        { "..", Loopback, false },
        // No Host at all (HTTP/1.0): no browser sends that.
        { null, Loopback, true },
        { "", Network, true },
        // IP literals cannot be rebound: the pod IP of kubelet probes and Prometheus, a LoadBalancer IP.
        { "10.42.0.17:8080", Network, true },
        { "[2001:db8::17]:8080", Network, true },
        { "203.0.113.5", Loopback, true },
        // A network listener answers only to its allowed names; localhost is not one of them.
        { "localhost:8080", Network, false },
        { "dynamo-mcp-bridge", Network, true },
        { "dynamo-mcp-bridge:80", Network, true },
        { "DYNAMO-MCP-BRIDGE.dynamo-mcp-system.svc.cluster.local.", Network, true },
        { "dynamo-mcp-bridge.dynamo-mcp-system", Network, false },
        { "evil.example.com", Network, false },
        // Wildcards: subdomains at any depth, not the parent itself (listed separately here, with its trailing dot).
        { "a.mcp.example.com", Network, true },
        { "a.b.mcp.example.com:443", Network, true },
        { "mcp.example.com", Network, true },
        { "amcp.example.com", Network, false },
        { "mcp.example.com.evil.com", Network, false },
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Host_header(string? host, bool loopbackConnection, bool allowed)
    {
        var decision = InCluster.Evaluate(host, StringValues.Empty, loopbackConnection);

        decision.IsAllowed.Should().Be(allowed, decision.ToString());
        if (!allowed)
        {
            decision.Header.Should().Be(RefusedHeader.Host);
            decision.Value.Should().Be(host);
        }
    }

    public static TheoryData<string, string, bool, bool> Origins() => new()
    {
        // On loopback: loopback pages on any port and scheme, the server's own host.
        { "127.0.0.1:8765", "http://127.0.0.1:8765", Loopback, true },
        { "localhost:8765", "http://localhost:6274", Loopback, true },
        { "localhost:8765", "https://LOCALHOST", Loopback, true },
        { "localhost:8765", "http://127.0.0.2:3000", Loopback, true },
        { "localhost:8765", "http://[::1]:3000", Loopback, true },
        { "localhost:8765", "http://evil.example.com", Loopback, false },
        { "localhost:8765", "http://localhost.evil.example.com", Loopback, false },
        { "localhost:8765", "http://bridge.localhost:3000", Loopback, false },
        { "localhost:8765", "http://203.0.113.5", Loopback, false },
        { "localhost:8765", "null", Loopback, false },
        { "localhost:8765", "", Loopback, false },
        { "localhost:8765", "localhost:3000", Loopback, false },
        { "localhost:8765", "http://localhost:3000/path", Loopback, false },
        { "localhost:8765", "http://user@localhost:3000", Loopback, false },
        { "localhost:8765", "file://", Loopback, false },
        // A network listener: no loopback pages (they are someone else's machine), its own host, the allowlist.
        { "mcp.example.com", "http://localhost:3000", Network, false },
        { "mcp.example.com", "https://mcp.example.com", Network, true },
        { "mcp.example.com:8080", "https://mcp.example.com", Network, true },
        { "10.42.0.17:8080", "http://10.42.0.17:8080", Network, true },
        { "10.42.0.17:8080", "http://10.42.0.18:8080", Network, false },
        { "mcp.example.com", "https://console.example.com", Network, true },
        { "mcp.example.com", "https://console.example.com:443", Network, true },
        { "mcp.example.com", "https://Console.Example.com.", Network, true },
        { "mcp.example.com", "http://console.example.com", Network, false },
        { "mcp.example.com", "https://console.example.com:8443", Network, false },
        { "mcp.example.com", "https://a.apps.example.com", Network, true },
        { "mcp.example.com", "https://a.b.apps.example.com", Network, true },
        { "mcp.example.com", "https://apps.example.com", Network, false },
        { "mcp.example.com", "http://dev.example.com:3000", Network, true },
        { "mcp.example.com", "http://dev.example.com", Network, false },
        { "mcp.example.com", "chrome-extension://abcdefghijklmnop", Network, true },
        { "mcp.example.com", "chrome-extension://ponmlkjihgfedcba", Network, false },
        { "mcp.example.com", "null", Network, false },
    };

    [Theory]
    [MemberData(nameof(Origins))]
    public void Origin_header(string host, string origin, bool loopbackConnection, bool allowed)
    {
        var decision = InCluster.Evaluate(host, origin, loopbackConnection);

        decision.IsAllowed.Should().Be(allowed, decision.ToString());
        if (!allowed)
        {
            decision.Header.Should().Be(RefusedHeader.Origin);
            decision.Value.Should().Be(origin);
        }
    }

    [Fact]
    public void A_refused_host_is_reported_before_its_origin()
    {
        // The conformance suite's probe: a rebinding page sends both.
        var decision = HostOriginPolicy.LoopbackOnly.Evaluate("evil.example.com", "http://evil.example.com", Loopback);

        decision.Header.Should().Be(RefusedHeader.Host);
        decision.Value.Should().Be("evil.example.com");
    }

    [Fact]
    public void Two_origin_headers_are_refused()
    {
        var decision = HostOriginPolicy.LoopbackOnly.Evaluate("localhost", new StringValues(["http://localhost", "http://evil.example.com"]), Loopback);

        decision.Header.Should().Be(RefusedHeader.Origin);
    }

    [Fact]
    public void Star_turns_each_check_off_on_its_own()
    {
        var anyHost = HostOriginPolicy.Create(["*"], []);
        anyHost.Evaluate("evil.example.com", StringValues.Empty, Network).IsAllowed.Should().BeTrue();
        anyHost.Evaluate("evil.example.com", "http://evil.example.com", Network).IsAllowed.Should().BeTrue("the page is on the host it asks for");
        anyHost.Evaluate("evil.example.com", "http://other.example.com", Network).Header.Should().Be(RefusedHeader.Origin);

        var anyOrigin = HostOriginPolicy.Create([], ["*"]);
        anyOrigin.Evaluate("localhost", "null", Loopback).IsAllowed.Should().BeTrue();
        anyOrigin.Evaluate("evil.example.com", "http://localhost", Loopback).Header.Should().Be(RefusedHeader.Host);
    }

    [Fact]
    public void The_loopback_only_policy_is_what_the_conformance_suite_expects()
    {
        var policy = HostOriginPolicy.LoopbackOnly;

        policy.Evaluate("evil.example.com", "http://evil.example.com", Loopback).IsAllowed.Should().BeFalse();
        policy.Evaluate("localhost:8765", "http://evil.example.com", Loopback).IsAllowed.Should().BeFalse();
        policy.Evaluate("127.0.0.1:8765", "http://127.0.0.1:8765", Loopback).IsAllowed.Should().BeTrue();
        policy.Evaluate("localhost:8765", "http://localhost:8765", Loopback).IsAllowed.Should().BeTrue();
        policy.Evaluate("[::1]:8765", "http://[::1]:8765", Loopback).IsAllowed.Should().BeTrue();
    }

    public static TheoryData<string, bool> Addresses() => new()
    {
        { "127.0.0.1", true },
        { "127.10.20.30", true },
        { "::1", true },
        { "::ffff:127.0.0.1", true },
        { "10.42.0.17", false },
        { "::ffff:10.42.0.17", false },
        { "0.0.0.0", false },
        { "::", false },
        { "2001:db8::1", false },
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public void Loopback_connections(string address, bool loopback) =>
        HostOriginPolicy.IsLoopback(IPAddress.Parse(address)).Should().Be(loopback);

    [Fact]
    public void No_address_is_no_loopback_connection() => HostOriginPolicy.IsLoopback(null).Should().BeFalse();

    public static TheoryData<string, string> BadHosts() => new()
    {
        { "https://mcp.example.com", "is a URL" },
        { "mcp.example.com:443", "has a port" },
        { "*.10.0.0.1", "not an IP address" },
        { "mcp.*.example.com", "is not a host name" },
        { "*example.com", "is not a host name" },
        { "", "is not a host name" },
        { "two words", "is not a host name" },
    };

    [Theory]
    [MemberData(nameof(BadHosts))]
    public void A_bad_allowed_host_is_named_with_what_to_write(string entry, string problem)
    {
        var create = () => HostOriginPolicy.Create([entry], []);

        create.Should().Throw<ArgumentException>().WithMessage($"Allowed host '{entry}'*{problem}*");
    }

    public static TheoryData<string, string> BadOrigins() => new()
    {
        { "console.example.com", "is not an origin" },
        { "https://console.example.com/app", "is not an origin" },
        { "https://*.10.0.0.1", "not an IP address" },
        { "null", "cannot be allowed" },
    };

    [Theory]
    [MemberData(nameof(BadOrigins))]
    public void A_bad_allowed_origin_is_named_with_what_to_write(string entry, string problem)
    {
        var create = () => HostOriginPolicy.Create([], [entry]);

        create.Should().Throw<ArgumentException>().WithMessage($"Allowed origin '{entry}'*{problem}*");
    }

    [Fact]
    public void Every_bad_entry_is_reported_at_once()
    {
        HostOriginPolicy.HostProblems(["ok.example.com", "bad:1", "https://x"]).Should().HaveCount(2);
        HostOriginPolicy.OriginProblems(["https://ok.example.com", "nope"]).Should().ContainSingle().Which.Should().StartWith("'nope'");
        var create = () => HostOriginPolicy.Create(["bad:1", "https://x"], ["nope"]);
        create.Should().Throw<ArgumentException>().WithMessage("Allowed host 'bad:1'*Allowed host 'https://x'*Allowed origin 'nope'*");
    }

    [Fact]
    public void Entries_are_normalized_and_deduplicated()
    {
        var policy = HostOriginPolicy.Create(["MCP.example.com.", "mcp.example.com", " *.Example.com "], ["HTTPS://Console.example.com:443/", "https://console.example.com"]);

        policy.AllowedHosts.Select(h => h.ToString()).Should().Equal("mcp.example.com", "*.example.com");
        policy.AllowedOrigins.Select(o => o.ToString()).Should().Equal("https://console.example.com");
    }
}
