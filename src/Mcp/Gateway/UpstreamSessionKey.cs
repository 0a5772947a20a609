namespace DynamoMcp.Mcp.Gateway;

/// <summary>One pooled upstream session: a caller and a server.</summary>
/// <param name="CallerKey">Opaque, derived by the bridge from the caller's identity (later with its MCP session id); never sent upstream.</param>
/// <param name="Server">The upstream server.</param>
public sealed record UpstreamSessionKey(string CallerKey, UpstreamServerKey Server);
