using System.ComponentModel;
namespace DynamoMcp.McpBridge.Hosting;

/// <summary>How callers authenticate (section <c>Bridge:Auth</c>).</summary>
public sealed class BridgeAuthOptions
{
    /// <summary>
    /// False disables authentication: every caller acts in <see cref="BridgeOptions.DefaultNamespace"/> with the
    /// bridge's own Kubernetes identity. Allowed only when every listening address is loopback.
    /// </summary>
    [Description("False disables authentication (then only loopback clients are served).")]
    public bool Enabled { get; set; } = true;

    /// <summary>The Secret (in <see cref="BridgeOptions.BridgeNamespace"/>) holding hashed API keys.</summary>
    [Description("Secret in BridgeNamespace holding the hashed API keys.")]
    public string ApiKeySecretName { get; set; } = "dynamo-mcp-bridge-api-keys";

    /// <summary>How often the API key Secret is re-read, so added or revoked keys apply without a restart.</summary>
    [Description("How often the API key Secret is re-read (add or revoke keys without a restart).")]
    public TimeSpan ApiKeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The public URL of the MCP endpoint, reported as <c>resource</c> in the protected-resource metadata.
    /// Null derives it from the request.
    /// </summary>
    [Description("Public URL of the MCP endpoint for the protected-resource metadata (default: from the request).")]
    public Uri? ResourceUri { get; set; }

    /// <summary>Authorization servers advertised in the protected-resource metadata (OIDC issuers).</summary>
    [Description("Authorization servers (OIDC issuers) advertised in the protected-resource metadata.")]
    public List<Uri> AuthorizationServers { get; set; } = [];

    /// <summary>OIDC / JWT bearer tokens besides API keys.</summary>
    public BridgeJwtOptions Jwt { get; set; } = new();
}
