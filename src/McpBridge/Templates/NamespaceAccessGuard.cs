using System.Collections.Concurrent;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;
using k8s.Autorest;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>
/// Reads come from the bridge's cluster-wide cache, so before serving another namespace's data the bridge asks the
/// API server, as the caller, whether the caller may list that kind there (templates unless told): RBAC decides, not the bridge.
/// </summary>
public sealed class NamespaceAccessGuard(KubernetesClients clients, TimeProvider time)
{
    private static readonly TimeSpan DecisionLifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string User, string Namespace, string Plural), (bool Allowed, DateTimeOffset At)> _decisions = new();

    public async Task EnsureCanReadAsync(
        BridgeIdentity caller, string @namespace, string what, CancellationToken cancellationToken, CustomResourceKind? kind = null)
    {
        kind ??= CustomResourceKind.CookiecutterTemplate;
        if (caller.KubernetesUser is null || @namespace == caller.Namespace)
        {
            return;
        }

        var key = (caller.KubernetesUser + "|" + string.Join(',', caller.KubernetesGroups), @namespace, kind.Plural);
        if (!_decisions.TryGetValue(key, out var decision) || time.GetUtcNow() - decision.At > DecisionLifetime)
        {
            decision = (await ProbeAsync(caller, @namespace, kind, cancellationToken).ConfigureAwait(false), time.GetUtcNow());
            _decisions[key] = decision;
        }

        if (!decision.Allowed)
        {
            throw KubernetesErrors.AccessDenied(what, @namespace, caller.Name);
        }
    }

    private async Task<bool> ProbeAsync(BridgeIdentity caller, string @namespace, CustomResourceKind kind, CancellationToken cancellationToken)
    {
        try
        {
            await clients.For(caller).CustomObjects.ListNamespacedCustomObjectAsync(
                kind.Group, CustomResourceKind.Version, @namespace, kind.Plural, limit: 1, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Unauthorized)
        {
            return false;
        }
    }
}
