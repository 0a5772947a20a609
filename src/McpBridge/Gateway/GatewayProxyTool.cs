using DynamoMcp.Mcp.Gateway;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Gateway;

/// <summary>
/// One upstream tool offered on <c>/mcp</c> as <c>server__tool</c>: its definition is the upstream's (annotations,
/// output schema, icons and <c>_meta</c> included; a filter's rename and description applied); a call is forwarded by
/// <see cref="GatewayForwarder"/>.
/// </summary>
public sealed class GatewayProxyTool : McpServerTool
{
    public GatewayProxyTool(string @namespace, GatewayTool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        Namespace = @namespace;
        Tool = tool;
        Fingerprint = System.Text.Json.JsonSerializer.Serialize(tool.Definition, ModelContextProtocol.McpJsonUtilities.DefaultOptions) + "\n" + tool.UpstreamName;
    }

    /// <summary>The namespace of the server (and of every caller who sees the tool).</summary>
    public string Namespace { get; }

    /// <summary>The gateway name, the server and the upstream name.</summary>
    public GatewayTool Tool { get; }

    /// <summary>What a client sees of the tool and where it goes; a new fingerprint means the tool must be replaced.</summary>
    public string Fingerprint { get; }

    public override Tool ProtocolTool => Tool.Definition;

    public override IReadOnlyList<object> Metadata => [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        var services = request.Services ?? throw new InvalidOperationException("The MCP request carries no services.");
        return await services.GetRequiredService<GatewayForwarder>().CallAsync(request, this, cancellationToken).ConfigureAwait(false);
    }
}
