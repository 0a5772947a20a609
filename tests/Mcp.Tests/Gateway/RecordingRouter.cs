using System.Text.Json;
using DynamoMcp.Mcp.Gateway;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Tests.Gateway;

#pragma warning disable MCP9005 // sampling and roots: deprecated in 2026-07-28, still sent by servers on 2025-11-25
/// <summary>Answers elicitation with a fixed name and records what ambient context it ran under.</summary>
internal sealed class RecordingRouter(AsyncLocal<string?> marker) : IUpstreamRequestRouter
{
    public List<string?> SeenMarkers { get; } = [];

    public ValueTask<ElicitResult> ElicitAsync(ElicitRequestParams request, CancellationToken cancellationToken)
    {
        lock (SeenMarkers)
        {
            SeenMarkers.Add(marker.Value);
        }

        return ValueTask.FromResult(new ElicitResult
        {
            Action = "accept",
            Content = new Dictionary<string, JsonElement> { ["name"] = JsonSerializer.SerializeToElement("Grace Hopper") },
        });
    }

    public ValueTask<CreateMessageResult> SampleAsync(CreateMessageRequestParams request, IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken) =>
        throw new McpException("no sampling here");

    public ValueTask<ListRootsResult> ListRootsAsync(ListRootsRequestParams request, CancellationToken cancellationToken) =>
        throw new McpException("no roots here");
}
#pragma warning restore MCP9005
