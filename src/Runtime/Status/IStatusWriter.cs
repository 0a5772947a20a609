using k8s;
using k8s.Models;

namespace DynamoMcp.Runtime.Status;

/// <summary>Writes an entity's status only when it differs from the cached one (no write-on-every-reconcile loops).</summary>
public interface IStatusWriter<in TEntity> where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Patches /status with the difference from the cached object; returns false when there was none (no request made).</summary>
    Task<bool> UpdateAsync(TEntity entity, CancellationToken cancellationToken);
}
