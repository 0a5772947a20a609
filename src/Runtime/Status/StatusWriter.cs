using DynamoMcp.Runtime.Client;
using DynamoMcp.Runtime.Informers;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace DynamoMcp.Runtime.Status;

/// <summary>Compares the status of the entity a reconciler changed against the cache and sends a merge patch to /status.</summary>
public sealed class StatusWriter<TEntity>(IResourceClient<TEntity> client, InformerRegistry informers) : IStatusWriter<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    public async Task<bool> UpdateAsync(TEntity entity, CancellationToken cancellationToken)
    {
        var key = ObjectKey.From(entity);
        var cached = informers.Cache<TEntity>().Get(key);
        var patch = StatusPatch.Compute(cached, entity, entity is Api.V1Alpha1.IOptimisticStatus ? cached?.Metadata.ResourceVersion : null);
        if (patch is null)
        {
            return false;
        }

        try
        {
            await client.PatchStatusAsync(key, new V1Patch(patch, V1Patch.PatchType.MergePatch), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // Deleted meanwhile (or by this reconcile, e.g. a TTL): there is no status left to write.
            return false;
        }
    }
}
