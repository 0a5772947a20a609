using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DynamoMcp.McpBridge.Auth;

/// <summary>
/// Before any other authentication: a bearer that is an agent token (<see cref="AgentTokenAuthenticator.IsAgentToken"/>)
/// is the agent's and nothing else's — valid, the request runs as that agent (also where people need no key, local
/// mode); not valid, it is refused with 401 and why. Other requests pass untouched.
/// </summary>
public static class AgentTokenMiddleware
{
    public const string AgentPrincipalItem = "dynamo-mcp.agent-principal";

    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        string? header = context.Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            || header["Bearer ".Length..].Trim() is not { Length: > 0 } token || !AgentTokenAuthenticator.IsAgentToken(token))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var authenticator = context.RequestServices.GetRequiredService<AgentTokenAuthenticator>();
        var (identity, problem) = await authenticator.AuthenticateAsync(token, context.RequestAborted).ConfigureAwait(false);
        if (identity is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync(problem ?? "The agent token was not accepted.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.User = identity.ToPrincipal(AgentTokenAuthenticator.SchemeName);
        context.Items[AgentPrincipalItem] = context.User;
        await next(context).ConfigureAwait(false);
    }
}
