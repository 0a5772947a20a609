using DynamoMcp.Mcp.Gateway;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Gateway;

// Sampling and roots are deprecated as of 2026-07-28 (SEP-2577), but servers and clients on 2025-11-25 still use them.
#pragma warning disable MCP9005

/// <summary>
/// Passes an upstream server's requests to its client (sampling, elicitation, roots) on to the bridge's own client
/// session that made the call, when that client declared the capability; otherwise refuses with a message the
/// upstream can show.
/// </summary>
/// <param name="caller">The bridge's MCP session with the calling client.</param>
/// <param name="server">The upstream, as messages name it.</param>
internal sealed class CallerRequestRouter(McpServer caller, UpstreamServerKey server) : IUpstreamRequestRouter
{
    public async ValueTask<CreateMessageResult> SampleAsync(CreateMessageRequestParams request, IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken)
    {
        Require(caller.ClientCapabilities?.Sampling is not null, "sampling", "sampling/createMessage");
        return await caller.SampleAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ElicitResult> ElicitAsync(ElicitRequestParams request, CancellationToken cancellationToken)
    {
        Require(caller.ClientCapabilities?.Elicitation is not null, "elicitation", "elicitation/create");
        return await caller.ElicitAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ListRootsResult> ListRootsAsync(ListRootsRequestParams request, CancellationToken cancellationToken)
    {
        Require(caller.ClientCapabilities?.Roots is not null, "roots", "roots/list");
        return await caller.RequestRootsAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void Require(bool declared, string capability, string method)
    {
        if (!declared)
        {
            throw new McpException(
                $"The client calling McpServer {server} through the Dynamo MCP gateway did not declare the '{capability}' capability, so the gateway cannot pass {method} to it.");
        }
    }
}
#pragma warning restore MCP9005
