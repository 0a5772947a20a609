using System.Threading.RateLimiting;
using DynamoMcp.Api.Scaffolds;
using DynamoMcp.McpBridge.Agents;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Catalog;
using DynamoMcp.McpBridge.Completions;
using DynamoMcp.Mcp.Gateway;
using DynamoMcp.McpBridge.DynamicTools;
using DynamoMcp.McpBridge.Gateway;
using DynamoMcp.McpBridge.Kubernetes;
using DynamoMcp.McpBridge.Observability;
using DynamoMcp.McpBridge.Prompts;
using DynamoMcp.McpBridge.Resources;
using DynamoMcp.McpBridge.Servers;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.McpBridge.Tools;
using DynamoMcp.McpBridge.Workflows;
using k8s;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ModelContextProtocol.AspNetCore.Authentication;
using ModelContextProtocol.Authentication;
using OpenTelemetry.Metrics;

namespace DynamoMcp.McpBridge.Hosting;

public static class BridgeServiceCollectionExtensions
{
    public const string RateLimitPolicy = "dynamo-mcp-identity";

    private const string BearerSelectorScheme = "DynamoMcpBearer";

    /// <summary>
    /// Adds the MCP bridge: options from <c>Bridge</c>, caches, tools, auth, rate limits and metrics.
    /// <paramref name="kubernetes"/> null reads <c>--kubeconfig</c> / <c>Bridge:Kubeconfig</c>, in-cluster or ~/.kube/config.
    /// </summary>
    public static IServiceCollection AddDynamoMcpBridge(
        this IServiceCollection services, IConfiguration configuration, KubernetesClientConfiguration? kubernetes = null)
    {
        var section = configuration.GetSection(BridgeOptions.SectionName);
        services.AddOptions<BridgeOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .Validate(o => !(o.Stateless && o.EnableLegacySse), "Bridge:EnableLegacySse needs sessions: set Bridge:SessionMode to StatefulForInitializeClients (the default) or Stateful, or Bridge:EnableLegacySse=false.")
            .Validate(o => !o.Auth.Jwt.Enabled || !string.IsNullOrWhiteSpace(o.Auth.Jwt.Audience), "Bridge:Auth:Jwt:Audience is required when JWTs are accepted: set it to the audience your identity provider puts in tokens for this bridge.")
            .Validate(o => SessionIdBinding.IsValidKey(o.Gateway.SessionKey), "Bridge:Gateway:SessionKey must be base64 of 32 bytes or more (for example: openssl rand -base64 32), the same on every replica.")
            .Validate(o => o.WaitDeadline < o.ToolDeadline, "Bridge:WaitDeadline must be shorter than Bridge:ToolDeadline, so waiting tools can still answer with the name to poll.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BridgeOptions>, BridgeAllowlistValidator>();
        var options = section.Get<BridgeOptions>() ?? new BridgeOptions();

        services.AddSingleton(_ => new KubernetesClients(
            kubernetes ?? KubernetesConfigurationLoader.Load(configuration["kubeconfig"] ?? configuration["Bridge:Kubeconfig"])));
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSingleton<BridgeCaches>();
        services.AddHostedService(sp => sp.GetRequiredService<BridgeCaches>());
        services.AddSingleton<ApiKeyStore>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyStore>());
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<AgentTokenAuthenticator>();
        services.AddSingleton<NamespaceAccessGuard>();
        services.AddSingleton<TemplateService>();
        services.AddSingleton<McpServerService>();
        services.AddSingleton<ProjectService>();
        services.AddSingleton(sp => new ScaffoldResultReader(sp.GetRequiredService<KubernetesClients>().Bridge));
        services.AddSingleton<ProjectResults>();
        services.AddSingleton<ProjectPatchReader>();
        services.AddSingleton<ProjectUpdateService>();
        services.AddSingleton<WorkflowService>();
        services.AddSingleton<AgentService>();
        services.AddSingleton<TemplateCatalog>();
        services.AddSingleton<NamespaceToolCatalog>();
        services.AddSingleton<BridgeCompletions>();
        services.AddSingleton<BridgeMetrics>();
        AddGateway(services);

        services.AddMcpServer(o =>
            {
                o.ServerInfo = new() { Name = "dynamo-mcp", Version = typeof(BridgeOptions).Assembly.GetName().Version?.ToString() ?? "0.0.0" };
                o.ServerInstructions = "Dynamo MCP generates projects from cookiecutter templates. list_templates shows them, get_template_variables their variables, create_project (or a scaffold_<template> tool) generates a project, read_project_file reads its files. list_mcp_servers, get_mcp_server, add_mcp_server, remove_mcp_server and discover_mcp_servers manage the MCP servers the platform runs. list_workflows shows the workflows, run_workflow (or a workflow_<name> tool) runs one, get_workflow_run follows a run and cancel_workflow_run stops it. spawn_agent starts an LLM agent with a goal, a tool allowlist and budgets (an agent's own spawns become its children), get_agent_status and get_agent_result follow it, terminate_agent stops it and its children, list_agents shows the agents as trees.";
            })
            .WithHttpTransport(http =>
            {
                http.SessionMode = options.SessionMode;
#pragma warning disable MCP9004 // Legacy SSE is a requirement for older clients; README documents that it lacks backpressure.
                http.EnableLegacySse = options.EnableLegacySse && !options.Stateless;
#pragma warning restore MCP9004
                http.ConfigureSessionOptions = (context, serverOptions, _) =>
                {
                    var services = context.RequestServices;
                    var bridge = services.GetRequiredService<IOptions<BridgeOptions>>().Value;
                    var ns = bridge.Auth.Enabled ? BridgeIdentity.FromPrincipal(context.User)?.Namespace : bridge.DefaultNamespace;
                    if (ns is not null)
                    {
                        serverOptions.ToolCollection = services.GetRequiredService<NamespaceToolCatalog>().ForNamespace(ns);
                    }
                    return Task.CompletedTask;
                };
                if (!options.Stateless)
                {
#pragma warning disable MCPEXP002 // The only hook that sees a session end; needed for the active-sessions gauge.
                    http.RunSessionHandler = async (context, server, cancellationToken) =>
                    {
                        if (server.SessionId is null)
                        {
                            // A 2026-07-28 request in StatefulForInitializeClients mode: served on its own, not a session.
                            await server.RunAsync(cancellationToken).ConfigureAwait(false);
                            return;
                        }

                        // The initialize request's context is gone by the time the session ends: take what the end needs now.
                        var metrics = context.RequestServices.GetRequiredService<BridgeMetrics>();
                        var caller = context.RequestServices.GetRequiredService<CallerResolver>().Resolve(context.User);
                        var gateway = context.RequestServices.GetRequiredService<GatewayForwarder>();
                        var sessionId = server.SessionId;
                        metrics.SessionStarted();
                        try
                        {
                            await server.RunAsync(cancellationToken).ConfigureAwait(false);
                        }
                        finally
                        {
                            metrics.SessionEnded();
                            await gateway.SessionEndedAsync(caller, sessionId).ConfigureAwait(false);
                        }
                    };
#pragma warning restore MCPEXP002
                }
            })
            .WithTools<ListTemplatesTool>()
            .WithTools<GetTemplateVariablesTool>()
            .WithTools<AddTemplateTool>()
            .WithTools<UpdateTemplateTool>()
            .WithTools<RemoveTemplateTool>()
            .WithTools<DiscoverTemplatesTool>()
            .WithTools<CreateProjectTool>()
            .WithTools<GetProjectStatusTool>()
            .WithTools<GetProjectFilesTool>()
            .WithTools<ReadProjectFileTool>()
            .WithTools<UpdateProjectTool>()
            .WithTools<CheckProjectUpdateTool>()
            .WithTools<ListMcpServersTool>()
            .WithTools<GetMcpServerTool>()
            .WithTools<AddMcpServerTool>()
            .WithTools<RemoveMcpServerTool>()
            .WithTools<DiscoverMcpServersTool>()
            .WithTools<ListWorkflowsTool>()
            .WithTools<RunWorkflowTool>()
            .WithTools<GetWorkflowRunTool>()
            .WithTools<CancelWorkflowRunTool>()
            .WithTools<SpawnAgentTool>()
            .WithTools<GetAgentStatusTool>()
            .WithTools<GetAgentResultTool>()
            .WithTools<TerminateAgentTool>()
            .WithTools<ListAgentsTool>()
            .WithResources<TemplateResources>()
            .WithResources<ScaffoldResources>()
            .WithResources<McpServerResources>()
            .WithPrompts<NewProjectPrompt>()
            .WithCompleteHandler((context, cancellationToken) =>
                context.Services!.GetRequiredService<BridgeCompletions>().CompleteAsync(context, cancellationToken))
            .WithRequestFilters(filters => filters
                .AddCallToolFilter(ToolCallFilter.Wrap)
                .AddCallToolFilter(AgentToolFilter.Call)
                .AddListToolsFilter(AgentToolFilter.List));

        if (options.Auth.Enabled)
        {
            var jwt = options.Auth.Jwt;
            var authentication = services.AddAuthentication(o =>
                {
                    o.DefaultAuthenticateScheme = BearerSelectorScheme;
                    o.DefaultChallengeScheme = McpAuthenticationDefaults.AuthenticationScheme;
                })
                .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
                .AddScheme<AuthenticationSchemeOptions, AgentPrincipalHandler>(AgentTokenAuthenticator.SchemeName, null)
                // One Authorization header, three kinds of bearer: an agent's token (checked by AgentTokenMiddleware
                // already), a JWT (when configured), anything else an API key.
                .AddPolicyScheme(BearerSelectorScheme, "Agent token, API key or JWT", o => o.ForwardDefaultSelector = context =>
                    context.Items.ContainsKey(AgentTokenMiddleware.AgentPrincipalItem) ? AgentTokenAuthenticator.SchemeName
                    : jwt.Enabled && LooksLikeJwt(context.Request.Headers.Authorization.ToString()) ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
                .AddMcp(o => o.ResourceMetadata = new ProtectedResourceMetadata
                {
                    Resource = options.Auth.ResourceUri?.ToString()!,
                    AuthorizationServers = [.. options.Auth.AuthorizationServers.Select(u => u.ToString())],
                    BearerMethodsSupported = ["header"],
                    ResourceName = "Dynamo MCP",
                });
            if (jwt.Enabled)
            {
                authentication.AddJwtBearer(o => ConfigureJwt(o, jwt));
            }

            services.AddAuthorization();
        }

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimitPolicy, context =>
            {
                var key = BridgeIdentity.FromPrincipal(context.User)?.Name is { } name
                    ? "identity:" + name
                    : "address:" + context.Connection.RemoteIpAddress;
                return options.RateLimit.Enabled
                    ? RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.RateLimit.TokenLimit,
                        TokensPerPeriod = options.RateLimit.TokensPerPeriod,
                        ReplenishmentPeriod = options.RateLimit.ReplenishmentPeriod,
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(key);
            });
            o.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.RateLimit.ReplenishmentPeriod;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
        });

        services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(BridgeMetrics.MeterName).AddPrometheusExporter());
        return services;
    }

    /// <summary>The gateway: upstream sessions, the directory of Ready servers' tools, forwarding and the per-server endpoint.</summary>
    private static void AddGateway(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var gateway = sp.GetRequiredService<IOptions<BridgeOptions>>().Value.Gateway;
            var pool = new UpstreamSessionPool(
                new UpstreamSessionPoolOptions { MaxSessions = gateway.MaxUpstreamSessions, IdleTimeout = gateway.UpstreamIdleTimeout },
                sp.GetRequiredService<ILoggerFactory>());
            BridgeMetrics.Track(pool);
            return pool;
        });
        services.AddSingleton(sp => new UpstreamToolCall(sp.GetRequiredService<UpstreamSessionPool>(), sp.GetRequiredService<ILogger<UpstreamToolCall>>()));
        services.AddSingleton<UpstreamHeaderSource>();
        services.AddSingleton<GatewayDirectory>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayDirectory>());
        services.AddSingleton<GatewayForwarder>();
        services.AddSingleton<SessionIdBinding>();
        services.AddSingleton<ServerProxy>();
        services.AddHttpForwarder();
    }

    private static bool LooksLikeJwt(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header["Bearer ".Length..].Trim().Count(c => c == '.') == 2;

    private static void ConfigureJwt(JwtBearerOptions o, BridgeJwtOptions jwt)
    {
        // Keep claim names as the token has them, so the configured claim names match.
        o.MapInboundClaims = false;
        if (jwt.Authority is not null)
        {
            o.Authority = jwt.Authority.ToString();
        }

        SecurityKey? localKey = jwt.SymmetricKey is not null
            ? new SymmetricSecurityKey(Convert.FromBase64String(jwt.SymmetricKey))
            : jwt.RsaPublicKeyPem is not null ? RsaKey(jwt.RsaPublicKeyPem) : null;
        var issuer = jwt.Issuer ?? jwt.Authority?.ToString();
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = jwt.Audience,
            ValidateAudience = true,
            ValidIssuer = issuer,
            ValidateIssuer = issuer is not null,
            IssuerSigningKey = localKey,
            ValidateIssuerSigningKey = true,
            NameClaimType = jwt.UserClaim,
        };
        o.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                var (identity, problem) = JwtIdentityMapper.Map(context.Principal!, jwt);
                if (identity is null)
                {
                    context.Fail(problem!);
                }
                else
                {
                    context.Principal = identity.ToPrincipal(JwtBearerDefaults.AuthenticationScheme);
                }

                return Task.CompletedTask;
            },
        };
    }

    private static RsaSecurityKey RsaKey(string pem)
    {
        var rsa = System.Security.Cryptography.RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa);
    }
}
