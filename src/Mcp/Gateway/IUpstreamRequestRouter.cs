using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Gateway;

// Sampling and roots are deprecated as of 2026-07-28 (SEP-2577), but servers on 2025-11-25 and before still send them.
#pragma warning disable MCP9005

/// <summary>
/// Where an upstream server's requests to its client (sampling, elicitation, roots) go: the bridge sets one per
/// session key (<see cref="UpstreamSessionPool.SetRouter"/>) that forwards them to the calling MCP client. Throw
/// <see cref="McpException"/> with a message the upstream can show when the caller cannot answer.
/// </summary>
public interface IUpstreamRequestRouter
{
    /// <summary>sampling/createMessage from the upstream.</summary>
    ValueTask<CreateMessageResult> SampleAsync(CreateMessageRequestParams request, IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken);

    /// <summary>elicitation/create from the upstream.</summary>
    ValueTask<ElicitResult> ElicitAsync(ElicitRequestParams request, CancellationToken cancellationToken);

    /// <summary>roots/list from the upstream.</summary>
    ValueTask<ListRootsResult> ListRootsAsync(ListRootsRequestParams request, CancellationToken cancellationToken);
}
#pragma warning restore MCP9005
