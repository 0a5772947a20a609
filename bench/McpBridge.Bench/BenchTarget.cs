using ModelContextProtocol.Client;

namespace DynamoMcp.McpBridge.Bench;

/// <summary>One side of the comparison: where to connect and which tool to call.</summary>
public sealed record BenchTarget(string Label, Uri Endpoint, string Tool, string ApiKey, IReadOnlyDictionary<string, object?>? Arguments = null)
{
    /// <summary>The revision the client asks for: 2025-11-25 gets a session (the stateful run); null is the SDK's default (2026-07-28, sessionless).</summary>
    public string? ProtocolVersion { get; init; }

    public Task<McpClient> ConnectAsync(CancellationToken ct) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = Endpoint,
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ApiKey },
            }),
            new McpClientOptions { ProtocolVersion = ProtocolVersion },
            cancellationToken: ct);

    public async Task CallAsync(McpClient client, CancellationToken ct)
    {
        var result = await client.CallToolAsync(Tool, Arguments, cancellationToken: ct).ConfigureAwait(false);
        if (result.IsError == true)
        {
            throw new InvalidOperationException($"{Label}: {Tool} returned an error; the benchmark would measure the error path.");
        }
    }
}
