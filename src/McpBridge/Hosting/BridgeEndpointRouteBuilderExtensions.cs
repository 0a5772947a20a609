using System.Net;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Gateway;
using DynamoMcp.Runtime.DnsRebinding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.McpBridge.Hosting;

public static partial class BridgeEndpointRouteBuilderExtensions
{
    /// <summary>How a refused client can allow its Host or Origin, in the 403 answer of the DNS-rebinding protection.</summary>
    public const string AllowHostSetting = "--allowed-host (setting Bridge:AllowedHosts, Helm value bridge.allowedHosts)";

    public const string AllowOriginSetting = "--allowed-origin (setting Bridge:AllowedOrigins, Helm value bridge.allowedOrigins)";

    /// <summary>
    /// Adds the bridge's middleware and endpoints: Streamable HTTP at <c>/mcp</c>, legacy SSE at <c>/sse</c> +
    /// <c>/message</c> (stateful mode), <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c> and the protected-resource metadata.
    /// </summary>
    public static WebApplication MapDynamoMcpBridge(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<BridgeOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DynamoMcp.McpBridge");

        // First, for every endpoint: a page that rebinds its domain to the bridge's address must not reach even the
        // authentication (a 401 tells it what runs here) — least of all when authentication is off.
        app.UseDnsRebindingProtection(new DnsRebindingProtectionOptions
        {
            AllowedHosts = options.AllowedHosts,
            AllowedOrigins = options.AllowedOrigins,
            AllowHostSetting = AllowHostSetting,
            AllowOriginSetting = AllowOriginSetting,
        });
        // An agent's token is reviewed first, in every mode: the agent's identity (parent, allowlist) rests on it.
        app.Use(AgentTokenMiddleware.InvokeAsync);
        if (options.Auth.Enabled)
        {
            app.UseAuthentication();
        }
        else
        {
            LogAuthDisabled(logger, options.DefaultNamespace);

            // Without authentication anyone who can connect acts with the bridge's own rights: only loopback may.
            app.Use((context, next) =>
            {
                var remote = context.Connection.RemoteIpAddress;
                if (remote is not null && !IPAddress.IsLoopback(remote))
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return context.Response.WriteAsync("Authentication is disabled on this bridge, so it only serves loopback clients.");
                }

                return next(context);
            });
        }

        // A disabled limit costs nothing: without the middleware no partition is looked up per request.
        if (options.RateLimit.Enabled)
        {
            app.UseRateLimiter();
        }

        if (options.Auth.Enabled)
        {
            app.UseAuthorization();
        }

        var streamable = app.MapMcp("/mcp");
        if (options.RateLimit.Enabled)
        {
            streamable.RequireRateLimiting(BridgeServiceCollectionExtensions.RateLimitPolicy);
        }

        if (options.Auth.Enabled)
        {
            streamable.RequireAuthorization();
        }

        if (options.EnableLegacySse && !options.Stateless)
        {
            // MapMcp serves legacy SSE under its own prefix; mapping the root gives the conventional /sse and /message.
            var legacy = app.MapMcp("");
            if (options.RateLimit.Enabled)
            {
                legacy.RequireRateLimiting(BridgeServiceCollectionExtensions.RateLimitPolicy);
            }

            if (options.Auth.Enabled)
            {
                legacy.RequireAuthorization();
            }
        }

        if (options.Gateway.Enabled)
        {
            // Every method: POST, GET (the server's stream) and DELETE (ending the session) all go to the server.
            var perServer = app.Map(
                "/servers/{namespace}/{name}/mcp",
                (HttpContext context, string @namespace, string name, ServerProxy proxy) => proxy.HandleAsync(context, @namespace, name));
            if (options.RateLimit.Enabled)
            {
                perServer.RequireRateLimiting(BridgeServiceCollectionExtensions.RateLimitPolicy);
            }

            if (options.Auth.Enabled)
            {
                perServer.RequireAuthorization();
            }
        }

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (BridgeCaches caches, ApiKeyStore keys) =>
            caches.IsSynced && keys.Loaded.IsCompleted
                ? Results.Text("ready")
                : Results.Text("waiting for the resource caches to sync", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    [LoggerMessage(LogLevel.Warning, "Authentication is DISABLED: every caller acts in namespace {Namespace} with the bridge's own Kubernetes rights. Only loopback clients are served; never expose this bridge.")]
    private static partial void LogAuthDisabled(ILogger logger, string @namespace);
}
