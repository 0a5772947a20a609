using DynamoMcp.Api.V1Alpha1;

namespace DynamoMcp.Mcp.Discovery;

/// <summary>Where and how to reach an MCP server: its URL, transport, and headers (already resolved from Secrets; never logged).</summary>
/// <param name="Url">The MCP endpoint, e.g. <c>http://everything.default.svc:8080/mcp</c>.</param>
/// <param name="Transport">Streamable HTTP or legacy SSE (a stdio server is reached through its front, over Streamable HTTP).</param>
/// <param name="Headers">Extra request headers (Authorization of a remote server); values are secrets.</param>
public sealed record McpEndpoint(Uri Url, McpTransport Transport, IReadOnlyDictionary<string, string> Headers);
