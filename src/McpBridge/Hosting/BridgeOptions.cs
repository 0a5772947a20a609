using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.AspNetCore;

namespace DynamoMcp.McpBridge.Hosting;

/// <summary>Options of the MCP bridge, bound from the <c>Bridge</c> configuration section.</summary>
public sealed class BridgeOptions
{
    public const string SectionName = "Bridge";

    /// <summary>
    /// How Streamable HTTP keeps state. <c>StatefulForInitializeClients</c> (default): clients of 2025-11-25 and
    /// earlier (initialize handshake) get a session with <c>notifications/tools/list_changed</c>, clients of
    /// 2026-07-28 are served per request on the same endpoint; sessions pin a client to one process.
    /// <c>Stateless</c>: every request on its own, any replica serves any request, no push and no legacy SSE.
    /// <c>Stateful</c>: sessions only; 2026-07-28 requests are refused with -32022 so clients fall back to initialize.
    /// </summary>
    [Description("StatefulForInitializeClients (sessions for initialize clients, 2026-07-28 clients per request), Stateless (any replica, no push, no legacy SSE) or Stateful (sessions only).")]
    public HttpServerSessionMode SessionMode { get; set; } = HttpServerSessionMode.StatefulForInitializeClients;

    /// <summary>True when no request has a session: no push, no legacy SSE.</summary>
    internal bool Stateless => SessionMode == HttpServerSessionMode.Stateless;

    /// <summary>Serve the legacy SSE transport at <c>/sse</c> + <c>/message</c>; needs sessions (not <c>Stateless</c>).</summary>
    [Description("Serve the legacy SSE transport at /sse + /message (not with SessionMode Stateless).")]
    public bool EnableLegacySse { get; set; } = true;

    /// <summary>Hard limit on every tool call; a call past it ends with a tool error.</summary>
    [Description("Hard limit on every tool call; past it the call ends with a tool error.")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ToolDeadline { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// How long create_project / add_template wait for the operator before returning the name to poll.
    /// Kept below <see cref="ToolDeadline"/> so the caller gets a useful answer rather than a timeout.
    /// </summary>
    [Description("How long create_project / update_project / add_template wait before returning the name to poll (below ToolDeadline).")]
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan WaitDeadline { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Namespace used by callers when authentication is disabled (local mode).</summary>
    [Description("Namespace of callers when authentication is disabled.")]
    [Required]
    public string DefaultNamespace { get; set; } = "default";

    /// <summary>Namespace of the bridge itself: where the API key Secret and the catalog ConfigMap live.</summary>
    [Description("Where the API key Secret and the catalog ConfigMap live.")]
    [Required]
    public string BridgeNamespace { get; set; } = "dynamo-mcp-system";

    /// <summary>
    /// Host names the bridge answers to besides IP addresses and, on loopback, <c>localhost</c> (DNS-rebinding
    /// protection: any other Host gets 403). <c>*.example.com</c> matches subdomains; <c>*</c> turns the check off.
    /// </summary>
    [Description("Host names answered besides IP addresses and, on loopback, localhost (--allowed-host; *.example.com, *); other Hosts get 403.")]
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) of web pages that may call the bridge from a browser, besides pages on
    /// the bridge's own host and, on loopback, loopback pages. Clients that send no Origin need no entry.
    /// </summary>
    [Description("Browser origins allowed besides the bridge's own host and, on loopback, loopback pages (--allowed-origin; https://console.example.com, *).")]
    public List<string> AllowedOrigins { get; set; } = [];

    public BridgeAuthOptions Auth { get; set; } = new();

    public BridgeRateLimitOptions RateLimit { get; set; } = new();

    public BridgeCatalogOptions Catalog { get; set; } = new();

    public BridgeGatewayOptions Gateway { get; set; } = new();
}
