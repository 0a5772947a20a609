using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Kubernetes;
using DynamoMcp.Runtime;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Templates;

/// <summary>Template reads (from the cache) and writes (as the caller, through impersonation).</summary>
public sealed class TemplateService(BridgeCaches caches, KubernetesClients clients, NamespaceAccessGuard guard, TimeProvider time)
{
    public IResourceCache<CookiecutterTemplate> Cache => caches.Templates;

    public async Task<IReadOnlyList<TemplateView>> ListAsync(BridgeIdentity caller, string @namespace, CancellationToken cancellationToken)
    {
        await guard.EnsureCanReadAsync(caller, @namespace, "list templates", cancellationToken).ConfigureAwait(false);
        return [.. caches.Templates.List(@namespace).Select(TemplateView.From)];
    }

    public async Task<TemplateView> GetAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await guard.EnsureCanReadAsync(caller, @namespace, "read templates", cancellationToken).ConfigureAwait(false);
        var template = caches.Templates.Get(@namespace, name)
            ?? throw new McpException(
                $"Template '{name}' was not found in namespace '{@namespace}'. Call list_templates to see the templates there, or add_template to add it.");
        return TemplateView.From(template);
    }

    public Task AddAsync(BridgeIdentity caller, CookiecutterTemplate template, CancellationToken cancellationToken) =>
        KubernetesErrors.Call(
            () => clients.Resources<CookiecutterTemplate>(caller).CreateAsync(template, cancellationToken),
            $"add template '{template.Metadata.Name}'",
            template.Metadata.NamespaceProperty,
            caller.Name);

    public async Task RequestRefreshAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await GetAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        await KubernetesErrors.Call(
            () => clients.Resources<CookiecutterTemplate>(caller).PatchAsync(
                new ObjectKey(@namespace, name), TemplateManifests.RefreshPatch(time.GetUtcNow()), cancellationToken),
            $"update template '{name}'",
            @namespace,
            caller.Name).ConfigureAwait(false);
    }

    public async Task RemoveAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await GetAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        var what = $"remove template '{name}'";
        var deleted = await KubernetesErrors.Call(
            () => clients.Resources<CookiecutterTemplate>(caller).DeleteAsync(new ObjectKey(@namespace, name), uid: null, cancellationToken),
            what,
            @namespace,
            caller.Name).ConfigureAwait(false);
        if (!deleted)
        {
            throw KubernetesErrors.NotFound(what, @namespace);
        }
    }
}
