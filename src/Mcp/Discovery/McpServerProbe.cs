using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Mcp.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Discovery;

/// <summary>
/// Discovers an MCP server with the SDK's client: initialize, every page of tools/list, prompts/list and resources/list
/// when the server offers them, then closes the session. The whole probe, closing included, is bounded by the timeout.
/// </summary>
/// <param name="loggerFactory">Logs for the probe and the SDK's client (headers are never logged).</param>
/// <param name="httpClientFactory">Makes the HttpClient of one probe (tests pass their own handler); the probe disposes it.</param>
public sealed class McpServerProbe(ILoggerFactory? loggerFactory = null, Func<HttpClient>? httpClientFactory = null) : IMcpServerProbe
{
    /// <summary>A server that hands out cursors forever would never end a probe.</summary>
    internal const int MaxPages = 100;

    private readonly ILoggerFactory loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
    private readonly ILogger logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<McpServerProbe>();
    private readonly Func<HttpClient> httpClientFactory = httpClientFactory ?? CreateDefaultHttpClient;

    public async Task<McpProbeResult> ProbeAsync(McpEndpoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Transport == McpTransport.Stdio)
        {
            throw new ArgumentException("A stdio server is probed through its front, over Streamable HTTP; pass that endpoint.", nameof(endpoint));
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var phase = "initialize";
        var url = McpProbeFailureClassifier.Describe(endpoint.Url);
        logger.LogDebug("Probing MCP server at {Url} over {Transport} (timeout {Timeout})", url, endpoint.Transport, timeout);

        var started = Stopwatch.GetTimestamp();
        HttpClientTransport? transport = null;
        McpClient? client = null;
        try
        {
            transport = new HttpClientTransport(
                new HttpClientTransportOptions
                {
                    Endpoint = endpoint.Url,
                    TransportMode = endpoint.Transport == McpTransport.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
                    AdditionalHeaders = new Dictionary<string, string>(endpoint.Headers),
                    ConnectionTimeout = timeout,
                    // Discovery asks and leaves: no standing stream for unsolicited messages.
                    EnableStandaloneGetStream = false,
                    Name = "dynamo-mcp-probe",
                },
                httpClientFactory(),
                loggerFactory,
                ownsHttpClient: true);

            client = await McpClient.CreateAsync(
                transport,
                new McpClientOptions
                {
                    ClientInfo = new Implementation { Name = "dynamo-mcp-discovery", Version = typeof(McpServerProbe).Assembly.GetName().Version?.ToString() ?? "0" },
                    InitializationTimeout = timeout,
                },
                loggerFactory,
                deadline.Token).ConfigureAwait(false);

            phase = "tools/list";
            var tools = await ListToolsAsync(client, deadline.Token).ConfigureAwait(false);

            int? prompts = null;
            if (client.ServerCapabilities.Prompts is not null)
            {
                phase = "prompts/list";
                prompts = await CountPagesAsync(
                    cursor => client.ListPromptsAsync(new ListPromptsRequestParams { Cursor = cursor }, deadline.Token),
                    r => (r.Prompts.Count, r.NextCursor)).ConfigureAwait(false);
            }

            int? resources = null;
            if (client.ServerCapabilities.Resources is not null)
            {
                phase = "resources/list";
                resources = await CountPagesAsync(
                    cursor => client.ListResourcesAsync(new ListResourcesRequestParams { Cursor = cursor }, deadline.Token),
                    r => (r.Resources.Count, r.NextCursor)).ConfigureAwait(false);
            }

            var description = new McpServerDescription(
                client.NegotiatedProtocolVersion ?? "",
                client.ServerInfo?.Name ?? "",
                client.ServerInfo?.Version,
                tools,
                prompts,
                resources);
            logger.LogInformation(
                "Probed MCP server {ServerName} {ServerVersion} at {Url}: protocol {ProtocolVersion}, {ToolCount} tools, {PromptCount} prompts, {ResourceCount} resources",
                description.ServerName, description.ServerVersion, url, description.ProtocolVersion, tools.Count, prompts, resources);
            return McpProbeResult.Succeeded(description);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            var result = McpProbeFailureClassifier.TimedOut(endpoint, timeout, phase);
            logger.LogInformation("Probe of {Url} failed: {Reason}", url, result.Message);
            return result;
        }
        catch (Exception e)
        {
            // The SDK reports its own timeouts (initialization, connection) as TimeoutException or a cancellation of its own.
            var result = e is TimeoutException || e is OperationCanceledException
                ? McpProbeFailureClassifier.TimedOut(endpoint, timeout, phase)
                : McpProbeFailureClassifier.Classify(e, endpoint, phase);
            logger.LogInformation("Probe of {Url} failed ({FailureKind}): {Reason}", url, result.Failure, result.Message);
            logger.LogDebug(e, "Probe of {Url}: the exception behind {FailureKind}", url, result.Failure);
            return result;
        }
        finally
        {
            // Within what is left of the timeout (at most 5s): a server that hangs on DELETE must not hold the probe.
            var left = timeout - Stopwatch.GetElapsedTime(started);
            var grace = left <= TimeSpan.Zero ? TimeSpan.Zero : left < TimeSpan.FromSeconds(5) ? left : TimeSpan.FromSeconds(5);
            if (client is not null)
            {
                await CloseAsync(client.DisposeAsync(), grace, url).ConfigureAwait(false);
            }
            else if (transport is not null)
            {
                await CloseAsync(transport.DisposeAsync(), grace, url).ConfigureAwait(false);
            }
        }
    }

    private static async Task<IReadOnlyList<DiscoveredTool>> ListToolsAsync(McpClient client, CancellationToken cancellationToken)
    {
        var tools = new List<DiscoveredTool>();
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await client.ListToolsAsync(new ListToolsRequestParams { Cursor = cursor }, cancellationToken).ConfigureAwait(false);
            tools.AddRange(result.Tools.Select(ToDiscoveredTool));
            if (string.IsNullOrEmpty(result.NextCursor) || result.NextCursor == cursor)
            {
                return tools;
            }

            cursor = result.NextCursor;
        }

        throw new McpProtocolException($"the server still hands out a next cursor after {MaxPages} pages of tools/list", McpErrorCode.InternalError);
    }

    private static async Task<int> CountPagesAsync<TResult>(Func<string?, ValueTask<TResult>> list, Func<TResult, (int Count, string? NextCursor)> read)
    {
        var count = 0;
        string? cursor = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var (pageCount, next) = read(await list(cursor).ConfigureAwait(false));
            count += pageCount;
            if (string.IsNullOrEmpty(next) || next == cursor)
            {
                return count;
            }

            cursor = next;
        }

        throw new McpProtocolException($"the server still hands out a next cursor after {MaxPages} pages", McpErrorCode.InternalError);
    }

    internal static DiscoveredTool ToDiscoveredTool(Tool tool)
    {
        var inputSchema = JsonNode.Parse(tool.InputSchema.GetRawText()) as JsonObject ?? [];
        var outputSchema = tool.OutputSchema is { ValueKind: JsonValueKind.Object } output ? JsonNode.Parse(output.GetRawText()) as JsonObject : null;
        var annotations = tool.Annotations is null
            ? null
            : JsonSerializer.SerializeToNode(tool.Annotations, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ToolAnnotations))) as JsonObject;
        return new DiscoveredTool(tool.Name, tool.Title, tool.Description, annotations, inputSchema, CanonicalJson.Digest(inputSchema), outputSchema);
    }

    private async Task CloseAsync(ValueTask closing, TimeSpan grace, string url)
    {
        // Closing a session sends DELETE; past the grace it finishes in the background.
        try
        {
            await closing.AsTask().WaitAsync(grace).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or HttpRequestException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogDebug(e, "Closing the probe's session with {Url} did not finish cleanly", url);
        }
    }

    private static HttpClient CreateDefaultHttpClient() =>
        new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        {
            // The probe's own deadline bounds every request.
            Timeout = Timeout.InfiniteTimeSpan,
        };
}
