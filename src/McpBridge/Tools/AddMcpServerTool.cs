using System.ComponentModel;
using DynamoMcp.Api.Conditions;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Servers;
using DynamoMcp.McpBridge.Templates;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace DynamoMcp.McpBridge.Tools;

[McpServerToolType]
public sealed class AddMcpServerTool(McpServerService servers, CallerResolver callers, IOptions<BridgeOptions> options)
{
    [McpServerTool(Name = "add_mcp_server", Title = "Add an MCP server", ReadOnly = false, Idempotent = false, Destructive = false, OpenWorld = true, UseStructuredContent = true)]
    [Description("Adds an MCP server (creates an McpServer): either a remote server at a url, or a container image the operator runs (e.g. image node:22-slim, command [npx, -y, @modelcontextprotocol/server-memory], transport stdio). The operator starts it and discovers its tools; with wait=true the call reports progress until it is ready or has failed. A server started with npx needs egress [registry.npmjs.org]. discover_mcp_servers lists known servers with these arguments filled in. Secrets never go through these arguments.")]
    public async Task<McpServerChangeResult> AddMcpServer(
        RequestContext<CallToolRequestParams> context,
        [Description("Name for the server: lower-case letters, digits and '-', at most 63 characters.")] string name,
        [Description("MCP endpoint of a server that runs elsewhere (http or https), e.g. https://mcp.example.com/mcp. Give this or image.")] string? url = null,
        [Description("Container image the operator runs, preferably pinned by digest. Give this or url.")] string? image = null,
        [Description("Entrypoint of the image, e.g. [\"npx\", \"-y\", \"@modelcontextprotocol/server-everything\"] (image only).")] string[]? command = null,
        [Description("Arguments to the entrypoint (image only).")] string[]? args = null,
        [Description("How the server speaks MCP: stdio (the operator adds a stdio-to-HTTP front), streamable-http (default) or sse. A remote url speaks streamable-http or sse.")] string? transport = null,
        [Description("Port the server (or, for stdio, its front) listens on, 1-65535; default 8080 (image only).")] int? port = null,
        [Description("HTTP path of the MCP endpoint; default /mcp (/sse for sse) (image only).")] string? path = null,
        [Description("Environment variables as NAME: value, plain values only: no API keys, tokens or passwords (an administrator puts those in a Secret) (image only).")] Dictionary<string, string>? env = null,
        [Description("Only offer these tools (names or globs such as get_*); all when empty.")] string[]? allow = null,
        [Description("Never offer these tools (names or globs); wins over allow.")] string[]? deny = null,
        [Description("Host names the server may reach on port 443, e.g. registry.npmjs.org for a server started with npx; everything but DNS is blocked otherwise (image only).")] string[]? egress = null,
        [Description("Wait until the operator reports the server ready or failed (reports progress).")] bool wait = false,
        [Description(ToolText.Namespace)] string? @namespace = null,
        CancellationToken cancellationToken = default)
    {
        var caller = callers.Resolve(context.User);
        var ns = CallerResolver.TargetNamespace(caller, @namespace);
        var server = McpServerManifests.McpServer(ns, new McpServerInput(name, url, image, command, args, transport, port, path, env, allow, deny, egress));
        await servers.AddAsync(caller, server, cancellationToken).ConfigureAwait(false);
        if (!wait)
        {
            return new McpServerChangeResult(name, ns, false, null, "created", 0, "The operator is starting it; call get_mcp_server to see when it is ready and which tools it offers.");
        }

        var done = await ResourceWaiter.WaitAsync(
            servers.Cache, ns, name, ObserveServer, ProgressSink.For(context), options.Value.WaitDeadline, cancellationToken).ConfigureAwait(false);
        var view = servers.Cache.Get(ns, name) is { } s ? McpServerView.From(s) : null;
        var ready = view?.Ready == true;
        var hint = ready
            ? $"Ready with {view!.ToolCount} tools; get_mcp_server '{name}' lists them."
            : done ? "The operator could not start it; get_mcp_server shows why. Fix the arguments with remove_mcp_server and add_mcp_server."
            : "Still starting when the wait ended (a first npx or uvx download is slow); call get_mcp_server later.";
        return new McpServerChangeResult(name, ns, ready, view?.Phase, view?.StatusMessage, view?.ToolCount ?? 0, hint);
    }

    /// <summary>Done when Ready, or when the operator reports it Stalled (needs a spec change).</summary>
    private static (bool Done, ProgressNotificationValue? Progress) ObserveServer(Api.V1Alpha1.McpServer? server)
    {
        if (server is null)
        {
            return (false, new ProgressNotificationValue { Progress = 0, Total = 2, Message = "McpServer created; waiting for the operator" });
        }

        var conditions = server.Status?.Conditions;
        if (conditions.IsTrue(ConditionTypes.Ready))
        {
            return (true, new ProgressNotificationValue { Progress = 2, Total = 2, Message = $"Ready: {server.Status!.ToolCount ?? 0} tools" });
        }

        if (conditions.IsTrue(ConditionTypes.Stalled))
        {
            return (true, new ProgressNotificationValue { Progress = 2, Total = 2, Message = "Stalled: " + conditions.Find(ConditionTypes.Stalled)!.Message.Split('\n', 2)[0] });
        }

        var reconciling = conditions.Find(ConditionTypes.Reconciling);
        return (false, new ProgressNotificationValue
        {
            Progress = conditions.IsTrue(ConditionTypes.Reconciling) ? 1 : 0,
            Total = 2,
            Message = reconciling?.Message ?? conditions.Find(ConditionTypes.Ready)?.Message ?? "Waiting for the operator",
        });
    }
}
