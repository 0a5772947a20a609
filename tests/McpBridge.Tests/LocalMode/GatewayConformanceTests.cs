using System.Net;
using System.Text;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Tests.Fixtures;
using DynamoMcp.McpBridge.Tests.Integration;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Client;
using k8s.Models;
using ModelContextProtocol.Client;

namespace DynamoMcp.McpBridge.Tests.LocalMode;

/// <summary>
/// The per-server endpoint is transparent to the official MCP conformance suite: the real server-everything, applied as
/// a remote McpServer that the real operator probes, passes through <c>/servers/default/{name}/mcp</c> every scenario it
/// passes when the suite talks to it directly, and it keeps the server's GET stream as the server does.
/// </summary>
[Collection(LocalModeCollection.Name)]
public sealed class GatewayConformanceTests(LocalModeFixture local)
{
    private const string Namespace = "default";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_per_server_endpoint_passes_every_scenario_the_server_passes_directly()
    {
        Assert.SkipWhen(ConformanceSuite.Missing() is not null, ConformanceSuite.Missing() ?? "");
        await using var everything = await ServerEverythingHttp.StartAsync(Ct);
        await using var server = await ReadyServerAsync(everything.Url, timeoutSeconds: null);

        var direct = await ConformanceSuite.RunServerSuiteAsync(everything.Url, Ct);
        var proxied = await ConformanceSuite.RunServerSuiteAsync(server.Endpoint, Ct);

        var lost = direct.Passed.Except(proxied.Passed).ToList();
        var report = Report(direct, proxied, lost);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        proxied.Passed.Should().NotBeEmpty(report);
        proxied.Passed.Should().Contain(direct.Passed.Where(s => s.StartsWith("tools-call-", StringComparison.Ordinal)), report)
            .And.Contain(s => s.StartsWith("tools-call-", StringComparison.Ordinal), report);
        lost.Should().BeEmpty(report);
    }

    /// <summary>
    /// What the suite does not look at: the GET stream a client opens for the server's own messages. The server sends
    /// its headers at once and keeps it open while it has nothing to say; so must the proxy, past the server's call
    /// timeout (spec.timeoutSeconds bounds calls, not this stream), until the session ends.
    /// </summary>
    [Fact]
    public async Task A_get_stream_opens_at_once_and_stays_open_past_the_servers_call_timeout_until_the_session_ends()
    {
        await using var everything = await ServerEverythingHttp.StartAsync(Ct);
        await using var server = await ReadyServerAsync(everything.Url, timeoutSeconds: 1);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

        using var initialize = await http.SendAsync(Post(server.Endpoint, null, """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"gateway-conformance-tests","version":"1"}}}"""), Ct);
        initialize.StatusCode.Should().Be(HttpStatusCode.OK, await initialize.Content.ReadAsStringAsync(Ct));
        var session = initialize.Headers.GetValues("Mcp-Session-Id").Single();
        await initialize.Content.ReadAsStringAsync(Ct);
        using var initialized = await http.SendAsync(Post(server.Endpoint, session, """{"jsonrpc":"2.0","method":"notifications/initialized"}"""), Ct);
        initialized.StatusCode.Should().Be(HttpStatusCode.Accepted);

        using var open = new HttpRequestMessage(HttpMethod.Get, server.Endpoint);
        open.Headers.Add("Accept", "text/event-stream");
        open.Headers.Add("Mcp-Session-Id", session);
        open.Headers.Add("Mcp-Protocol-Version", "2025-11-25");
        using var stream = await http.SendAsync(open, HttpCompletionOption.ResponseHeadersRead, Ct);
        stream.StatusCode.Should().Be(HttpStatusCode.OK, "the headers come while the stream is still quiet");
        stream.Content.Headers.ContentType?.MediaType.Should().Be("text/event-stream");
        var events = stream.Content.ReadAsStringAsync(Ct);

        // Quiet for longer than the server's call timeout: the proxy must not take that for a server that stopped answering.
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        using var end = new HttpRequestMessage(HttpMethod.Delete, server.Endpoint);
        end.Headers.Add("Mcp-Session-Id", session);
        end.Headers.Add("Mcp-Protocol-Version", "2025-11-25");
        using var ended = await http.SendAsync(end, Ct);
        ended.IsSuccessStatusCode.Should().BeTrue(await ended.Content.ReadAsStringAsync(Ct));

        var received = await events;
        received.Should().NotContain("\"error\"", "the stream ends because the session did, not with an error of the proxy");
    }

    private static HttpRequestMessage Post(Uri endpoint, string? session, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Accept", "application/json, text/event-stream");
        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
            request.Headers.Add("Mcp-Protocol-Version", "2025-11-25");
        }

        return request;
    }

    /// <summary>
    /// <paramref name="url"/> as a remote McpServer in local mode's default namespace, once the real operator has
    /// probed it Ready and the bridge's gateway serves it (its cache follows the API server: its tools appear on /mcp).
    /// </summary>
    private async Task<AppliedServer> ReadyServerAsync(Uri url, int? timeoutSeconds)
    {
        var name = $"everything-{Guid.NewGuid():N}"[..19];
        var admin = local.Host.Cluster.CreateClient();
        var servers = new ResourceClient<McpServer>(admin);
        await servers.CreateAsync(
            new McpServer
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
                Spec = new McpServerSpec { Remote = new McpRemote { Url = url.ToString() }, Transport = McpTransport.StreamableHttp, TimeoutSeconds = timeoutSeconds },
            },
            Ct);
        var applied = new AppliedServer(admin, servers, name, new Uri(local.McpEndpoint, $"/servers/{Namespace}/{name}/mcp"));
        try
        {
            var wait = await Kubectl.RunAsync(local.Host.Cluster.KubeconfigPath, null, Ct, "wait", "--for=condition=Ready", $"mcps/{name}", "-n", Namespace, "--timeout=90s");
            wait.ExitCode.Should().Be(0, $"the operator probes the remote server and reports it Ready: {wait.Output}");
            await using var client = await McpClient.CreateAsync(
                new HttpClientTransport(new HttpClientTransportOptions { Endpoint = local.McpEndpoint, TransportMode = HttpTransportMode.StreamableHttp }),
                cancellationToken: Ct);
            await ClientWaits.ToolAsync(client, name + "__echo", present: true, Ct);
            return applied;
        }
        catch
        {
            await applied.DisposeAsync();
            throw;
        }
    }

    /// <summary>An McpServer this class applied; deleted when disposed.</summary>
    private sealed record AppliedServer(k8s.Kubernetes Admin, ResourceClient<McpServer> Servers, string Name, Uri Endpoint) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Servers.DeleteAsync(new ObjectKey(Namespace, Name), uid: null, CancellationToken.None);
            Admin.Dispose();
        }
    }

    private static string Report(SuiteRun direct, SuiteRun proxied, IReadOnlyList<string> lost)
    {
        var text = new StringBuilder()
            .AppendLine($"Passed directly ({direct.Url}): {string.Join(", ", direct.Passed)}")
            .AppendLine($"Passed through the proxy ({proxied.Url}): {string.Join(", ", proxied.Passed)}");
        foreach (var scenario in lost)
        {
            text.AppendLine($"{scenario} passes directly, not through the proxy:");
            var before = direct.Scenarios[scenario].ToDictionary(c => c.Id, c => c.Status);
            foreach (var check in proxied.Scenarios[scenario].Where(c => before.GetValueOrDefault(c.Id) != c.Status || c.Status is "FAILURE" or "WARNING"))
            {
                text.AppendLine($"  {check} (directly: {before.GetValueOrDefault(check.Id) ?? "absent"})");
            }

            if (proxied.Scenarios[scenario].Count == 0)
            {
                text.AppendLine("  it saved no checks through the proxy");
            }
        }

        text.AppendLine("Checks that differ (any scenario):");
        foreach (var (scenario, checks) in proxied.Scenarios)
        {
            var before = direct.Scenarios[scenario].Select(c => $"{c.Id} {c.Status} {c.ErrorMessage}").ToList();
            foreach (var check in checks.Where(c => !before.Contains($"{c.Id} {c.Status} {c.ErrorMessage}")))
            {
                text.AppendLine($"  {scenario}: {check} | directly: {string.Join("; ", direct.Scenarios[scenario].Where(c => c.Id == check.Id))}");
            }
        }

        return text.AppendLine("Suite output through the proxy:").Append(proxied.Output).ToString();
    }
}
