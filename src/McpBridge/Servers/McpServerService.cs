using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.McpBridge.Auth;
using DynamoMcp.McpBridge.Cache;
using DynamoMcp.McpBridge.Kubernetes;
using DynamoMcp.McpBridge.Templates;
using DynamoMcp.Runtime;
using ModelContextProtocol;

namespace DynamoMcp.McpBridge.Servers;

/// <summary>McpServer reads (from the cache) and writes (as the caller, through impersonation) for the registry tools.</summary>
public sealed class McpServerService(BridgeCaches caches, KubernetesClients clients, NamespaceAccessGuard guard)
{
    public IResourceCache<McpServer> Cache => caches.McpServers;

    public async Task<IReadOnlyList<McpServerView>> ListAsync(BridgeIdentity caller, string @namespace, CancellationToken cancellationToken)
    {
        await guard.EnsureCanReadAsync(caller, @namespace, "list MCP servers", cancellationToken, CustomResourceKind.McpServer).ConfigureAwait(false);
        await EnsureSyncedAsync(cancellationToken).ConfigureAwait(false);
        return [.. caches.McpServers.List(@namespace).Select(McpServerView.From)];
    }

    public async Task<McpServerView> GetAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await guard.EnsureCanReadAsync(caller, @namespace, "read MCP servers", cancellationToken, CustomResourceKind.McpServer).ConfigureAwait(false);
        await EnsureSyncedAsync(cancellationToken).ConfigureAwait(false);
        var server = caches.McpServers.Get(@namespace, name)
            ?? throw new McpException(
                $"MCP server '{name}' was not found in namespace '{@namespace}'. Call list_mcp_servers to see the servers there, or add_mcp_server to add it.");
        return McpServerView.From(server);
    }

    public Task AddAsync(BridgeIdentity caller, McpServer server, CancellationToken cancellationToken) =>
        KubernetesErrors.Call(
            () => clients.Resources<McpServer>(caller).CreateAsync(server, cancellationToken),
            $"add MCP server '{server.Metadata.Name}'",
            server.Metadata.NamespaceProperty,
            caller.Name);

    public async Task RemoveAsync(BridgeIdentity caller, string @namespace, string name, CancellationToken cancellationToken)
    {
        await GetAsync(caller, @namespace, name, cancellationToken).ConfigureAwait(false);
        var what = $"remove MCP server '{name}'";
        var deleted = await KubernetesErrors.Call(
            () => clients.Resources<McpServer>(caller).DeleteAsync(new ObjectKey(@namespace, name), uid: null, cancellationToken),
            what,
            @namespace,
            caller.Name).ConfigureAwait(false);
        if (!deleted)
        {
            throw KubernetesErrors.NotFound(what, @namespace);
        }
    }

    private Task EnsureSyncedAsync(CancellationToken cancellationToken) =>
        caches.McpServers.EnsureSyncedAsync(
            "The bridge has not loaded the McpServers yet: it cannot list them from the Kubernetes API. Retry in a moment; if it persists, ask an administrator to check that the McpServer CRD is installed and that the bridge may list and watch mcpservers.",
            cancellationToken);
}
