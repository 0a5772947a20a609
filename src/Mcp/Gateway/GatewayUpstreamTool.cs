using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Gateway;

/// <summary>One tool a server offers after its filter: the definition to expose and the name the upstream knows it by.</summary>
/// <param name="UpstreamName">The name tools/call must use upstream (before any rename of the filter).</param>
/// <param name="Definition">The tool as the gateway offers it before prefixing: a filter's rename and description applied.</param>
public sealed record GatewayUpstreamTool(string UpstreamName, Tool Definition);
