using System.Text.Json.Nodes;
using DynamoMcp.LocalCluster.Resources;

namespace DynamoMcp.LocalCluster.Hosting;

/// <summary>What every cluster has from the start: the <c>default</c>, <c>kube-system</c> and <c>kube-public</c> namespaces.</summary>
internal static class ClusterBootstrap
{
    public static async Task EnsureDefaultsAsync(ResourceService service)
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            if (service.Store.Get(BuiltInResources.Namespaces.StorageKey, "", ns) is null)
            {
                await service.CreateAsync(BuiltInResources.Namespaces, "v1", "", new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "Namespace",
                    ["metadata"] = new JsonObject { ["name"] = ns },
                }, dryRun: false);
            }
        }
    }
}
