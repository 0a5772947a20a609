using System.Text.Json.Nodes;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Kubernetes;
using k8s;
using k8s.Models;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>Template reads (from the cache) and writes (as the caller, through impersonation).</summary>
public sealed class TemplateService(BridgeCaches caches, KubernetesClients clients, NamespaceAccessGuard guard, TimeProvider time)
{
    private static readonly CustomResourceKind Kind = CustomResourceKind.CookiecutterTemplate;

    public IResourceCache Cache => caches.Templates;

    public async Task<IReadOnlyList<TemplateView>> ListAsync(BridgeIdentity caller, string @namespace, CancellationToken cancellationToken)
    {
        await guard.EnsureCanReadAsync(caller, @namespace, "list templates", cancellationToken).ConfigureAwait(false);
        return [.. caches.Templates.List(@namespace).Select(TemplateView.From)];
    }

    public async Task<TemplateView> GetAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await guard.EnsureCanReadAsync(caller, @namespace, "read templates", cancellationToken).ConfigureAwait(false);
        var resource = caches.Templates.Get(@namespace, name)
            ?? throw new McpException(
                $"Template '{name}' was not found in namespace '{@namespace}'. Call list_templates to see the templates there, or add_template to add it.");
        return TemplateView.From(resource);
    }

    public Task AddAsync(BridgeIdentity caller, string @namespace, JsonObject manifest, string name, CancellationToken cancellationToken) =>
        KubernetesErrors.Call(
            () => clients.For(caller).CustomObjects.CreateNamespacedCustomObjectAsync(
                manifest, Kind.Group, CustomResourceKind.Version, @namespace, Kind.Plural, cancellationToken: cancellationToken),
            $"add template '{name}'",
            @namespace,
            caller.Name);

    public async Task RequestRefreshAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await GetAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        await KubernetesErrors.Call(
            () => clients.For(caller).CustomObjects.PatchNamespacedCustomObjectAsync(
                new V1Patch(TemplateManifests.RefreshPatch(time.GetUtcNow()), V1Patch.PatchType.MergePatch),
                Kind.Group, CustomResourceKind.Version, @namespace, Kind.Plural, name, cancellationToken: cancellationToken),
            $"update template '{name}'",
            @namespace,
            caller.Name).ConfigureAwait(false);
    }

    public async Task RemoveAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await GetAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        await KubernetesErrors.Call(
            () => clients.For(caller).CustomObjects.DeleteNamespacedCustomObjectAsync(
                Kind.Group, CustomResourceKind.Version, @namespace, Kind.Plural, name, cancellationToken: cancellationToken),
            $"remove template '{name}'",
            @namespace,
            caller.Name).ConfigureAwait(false);
    }
}
