using System.Collections.Concurrent;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.Runtime.Client;
using k8s;
using k8s.Models;

namespace DynamoMcp.McpBridge.Kubernetes;

/// <summary>
/// The bridge's own client (cache, API key Secret, result ConfigMaps) and one impersonating client per identity,
/// cached so a busy identity reuses its connection pool.
/// </summary>
public sealed class KubernetesClients(KubernetesClientConfiguration configuration) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<k8s.Kubernetes>> _impersonated = new(StringComparer.Ordinal);

    public IKubernetes Bridge { get; } = new k8s.Kubernetes(configuration);

    /// <summary>A client that acts as the identity; the bridge's own client when the identity does not impersonate (auth disabled).</summary>
    public IKubernetes For(BridgeIdentity identity)
    {
        if (identity.KubernetesUser is null)
        {
            return Bridge;
        }

        var key = identity.KubernetesUser + "\n" + string.Join('\n', identity.KubernetesGroups);
        return _impersonated.GetOrAdd(
            key,
            _ => new Lazy<k8s.Kubernetes>(() => new k8s.Kubernetes(
                configuration,
                new ImpersonationHandler(identity.KubernetesUser, identity.KubernetesGroups)))).Value;
    }

    /// <summary>The runtime's typed client for kind <typeparamref name="T"/>, acting as the identity (see <see cref="For"/>).</summary>
    public IResourceClient<T> Resources<T>(BridgeIdentity identity) where T : IKubernetesObject<V1ObjectMeta> => new ResourceClient<T>(For(identity));

    public void Dispose()
    {
        ((IDisposable)Bridge).Dispose();
        foreach (var client in _impersonated.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
