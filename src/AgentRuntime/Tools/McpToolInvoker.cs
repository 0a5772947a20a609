using DynamoMcp.Api.Agents;
using Microsoft.Extensions.AI;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.AgentRuntime.Tools;

/// <summary>The bridge's tools over MCP (Streamable HTTP), those the agent's allowlist permits.</summary>
internal sealed class McpToolInvoker : IToolInvoker, IAsyncDisposable
{
    private readonly McpClient client;
    private readonly HttpClient http;

    private McpToolInvoker(McpClient client, HttpClient http, IReadOnlyList<AITool> tools)
    {
        this.client = client;
        this.http = http;
        Tools = tools;
    }

    public IReadOnlyList<AITool> Tools { get; }

    /// <summary>Connects to <see cref="AgentRunConfig.BridgeUrl"/> with the credential of <see cref="AgentRunConfig.TokenPath"/> and lists the allowed tools.</summary>
    /// <exception cref="BridgeUnavailableException">The bridge cannot be reached, refuses the credential or fails to list its tools.</exception>
    public static async Task<McpToolInvoker> ConnectAsync(AgentRunConfig config, CancellationToken cancellationToken)
    {
#pragma warning disable CA2000 // The HttpClient owns the handler; the invoker owns the HttpClient (or it is disposed below).
        var http = new HttpClient(new BridgeTokenHandler(config.TokenPath)) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
        McpClient? client = null;
        try
        {
            var transport = new HttpClientTransport(
                new HttpClientTransportOptions
                {
                    Endpoint = new Uri(config.BridgeUrl),
                    Name = "bridge",
                    TransportMode = HttpTransportMode.StreamableHttp,

                    // The agent lists the tools once and wants no server-pushed messages: no idle stream held open on the bridge per agent.
                    EnableStandaloneGetStream = false,
                },
                http,
                ownsHttpClient: false);
            client = await McpClient.CreateAsync(
                transport,
                new McpClientOptions { ClientInfo = new Implementation { Name = "dynamo-agent", Version = "1.0.0" } },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            var all = await client.ListToolsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var allowed = all.Where(t => ToolAllowlist.Permits(config.Tools, t.Name)).Cast<AITool>().ToList();
            return new McpToolInvoker(client, http, allowed);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }

            http.Dispose();
            throw new BridgeUnavailableException($"the bridge at {config.BridgeUrl} is unavailable: {e.Message}", e);
        }
        catch
        {
            if (client is not null)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }

            http.Dispose();
            throw;
        }
    }

    public async Task<ToolResult> InvokeAsync(string name, IReadOnlyDictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        try
        {
            var result = await client.CallToolAsync(name, arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new ToolResult(CallToolResultText.Of(result), result.IsError == true);
        }
        catch (McpException e)
        {
            return new ToolResult(e.Message, IsError: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await client.DisposeAsync().ConfigureAwait(false);
        http.Dispose();
    }
}
