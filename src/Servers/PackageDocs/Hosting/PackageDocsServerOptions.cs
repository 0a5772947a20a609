namespace DynamoMcp.PackageDocs.Hosting;

/// <summary>The server's own settings (section <c>Server</c>).</summary>
public sealed class PackageDocsServerOptions
{
    public const string Section = "Server";

    /// <summary>
    /// API keys and hourly limits in front of /mcp and /api (section <c>Protection</c>). On when the server runs on its own;
    /// off behind the Dynamo MCP gateway, which authenticates and limits its callers itself (every call would otherwise
    /// arrive as one anonymous caller, the bridge).
    /// </summary>
    public bool Protect { get; set; } = true;

    /// <summary>Where MCP (Streamable HTTP) is served.</summary>
    public string McpPath { get; set; } = "/mcp";

    /// <summary>Stateless Streamable HTTP (no sessions), so any replica answers any request; the tools need no session.</summary>
    public bool Stateless { get; set; } = true;
}
