using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DynamoMcp.Api.Agents;
using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Hosting;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.McpBridge.Auth;

/// <summary>
/// Authenticates agents: the bearer is the projected service-account token of the agent's Job (audience
/// <see cref="AgentRuntimeContract.TokenAudience"/>), checked with a TokenReview (signature, expiry, audience, and that
/// its pod still exists: a deleted pod's token no longer works), then matched to the running Agent whose Job runs under
/// that service account. Reviews are remembered for <see cref="ReviewTtl"/> by the token's hash; the Agent's phase is
/// checked on every request, so a finished or terminated agent is refused at once.
/// </summary>
public sealed partial class AgentTokenAuthenticator(
    KubernetesClients clients,
    BridgeCaches caches,
    IOptions<BridgeOptions> options,
    TimeProvider clock,
    ILogger<AgentTokenAuthenticator> logger)
{
    /// <summary>The authentication type of an agent's principal.</summary>
    public const string SchemeName = "AgentToken";

    public static readonly TimeSpan ReviewTtl = TimeSpan.FromSeconds(30);

    /// <summary>Whom the bridge impersonates for an agent's calls (authentication on).</summary>
    public const string AgentUser = "dynamo-mcp:agent";

    public const string AgentGroup = "dynamo-mcp:agents";

    private const string ServiceAccountPrefix = "system:serviceaccount:";

    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, string? Username, IReadOnlyList<string> Groups, string? Error)> _reviews = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="token"/> is a JWT issued for the bridge's agent audience (not verified: that is the review's job).</summary>
    public static bool IsAgentToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[1].Length is 0 or > 8192)
        {
            return false;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Convert.FromBase64String(payload));
            // A service-account token (the kubelet's) says whose pod it is; an OIDC login does not.
            if (!document.RootElement.TryGetProperty("aud", out var aud) || !document.RootElement.TryGetProperty("kubernetes.io", out _))
            {
                return false;
            }

            return aud.ValueKind switch
            {
                JsonValueKind.String => aud.GetString() == AgentRuntimeContract.TokenAudience,
                JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == AgentRuntimeContract.TokenAudience),
                _ => false,
            };
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    /// <returns>The agent's identity, or null with why it is refused (for the 401's body: no token in it).</returns>
    public async Task<(BridgeIdentity? Identity, string? Problem)> AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = clock.GetUtcNow();
        if (!_reviews.TryGetValue(key, out var review) || review.Until <= now)
        {
            review = await ReviewAsync(token, now, cancellationToken).ConfigureAwait(false);
            _reviews[key] = review;
            foreach (var stale in _reviews.Where(r => r.Value.Until <= now).Select(r => r.Key).ToList())
            {
                _reviews.TryRemove(stale, out _);
            }
        }

        if (review.Error is { } error)
        {
            return (null, error);
        }

        // system:serviceaccount:<namespace>:<name>
        var parts = review.Username![ServiceAccountPrefix.Length..].Split(':', 2);
        var (ns, account) = (parts[0], parts.Length > 1 ? parts[1] : "");
        var agent = caches.Agents.List(ns).FirstOrDefault(a => a.Status?.Job == account);
        if (agent is null)
        {
            return (null, $"The service account {ns}/{account} runs no agent known to the bridge.");
        }

        if (agent.Status?.Phase is AgentPhase.Succeeded or AgentPhase.Failed or AgentPhase.Terminated || agent.Spec.Terminate == true)
        {
            return (null, $"Agent {ns}/{agent.Metadata.Name} has ended ({agent.Status?.Phase}); its credential no longer works.");
        }

        // With authentication on, an agent acts as the user AgentUser in the group AgentGroup, only in its own namespace
        // (the bridge pins it): RBAC decides through a binding of that group there. Not as its service account: a
        // bridge allowed to impersonate any service account could act as any of the cluster's. Without, as the bridge.
        var identity = new BridgeIdentity(
            $"agent:{ns}/{agent.Metadata.Name}",
            ns,
            options.Value.Auth.Enabled ? AgentUser : null,
            options.Value.Auth.Enabled ? [AgentGroup] : [])
        {
            Agent = new AgentCaller(agent.Metadata.Name, [.. agent.Spec.Tools ?? []]),
        };
        return (identity, null);
    }

    private async Task<(DateTimeOffset, string?, IReadOnlyList<string>, string?)> ReviewAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        V1TokenReview reviewed;
        try
        {
            reviewed = await clients.Bridge.AuthenticationV1.CreateTokenReviewAsync(
                new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token, Audiences = [AgentRuntimeContract.TokenAudience] } },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            LogReviewFailed(logger, (int)e.Response.StatusCode);
            // Not remembered: the next request asks again.
            return (now, null, [], $"The bridge could not review the agent's token (the Kubernetes API answered {(int)e.Response.StatusCode}).");
        }

        var status = reviewed.Status;
        var username = status?.User?.Username;
        if (status?.Authenticated != true || username is null || !username.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))
        {
            return (now + ReviewTtl, null, [], $"The agent token was not accepted: {status?.Error ?? "not a service-account token"}.");
        }

        return (now + ReviewTtl, username, [.. status.User!.Groups ?? []], null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A TokenReview for an agent token failed with HTTP {Status}")]
    private static partial void LogReviewFailed(ILogger logger, int status);
}
