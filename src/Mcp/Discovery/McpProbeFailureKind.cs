namespace DynamoMcp.Mcp.Discovery;

/// <summary>Why a probe failed, for a condition reason a person can act on.</summary>
public enum McpProbeFailureKind
{
    /// <summary>No connection: refused, DNS, TLS.</summary>
    Unreachable,

    /// <summary>An HTTP status that is not an MCP answer (404 wrong path, 401/403 credentials, 5xx).</summary>
    HttpError,

    /// <summary>The server answered initialize (or a list call) with a JSON-RPC error.</summary>
    InitializeFailed,

    /// <summary>No answer within the probe's timeout.</summary>
    TimedOut,

    /// <summary>An answer that is not MCP (not JSON-RPC, wrong content type).</summary>
    ProtocolError,
}
