using k8s;
using k8s.Models;

namespace DynamoMcp.Runtime.Controllers;

/// <summary>
/// Reconciles one kind (KubeOps surface, controller-runtime semantics). The entity passed in is a private copy
/// of the cached object: mutate it freely, write its status through <c>IStatusWriter&lt;TEntity&gt;</c>.
/// Throwing counts as a transient failure.
/// </summary>
public interface IEntityController<in TEntity> where TEntity : IKubernetesObject<V1ObjectMeta>
{
    Task<ReconcileResult> ReconcileAsync(TEntity entity, CancellationToken cancellationToken);

    /// <summary>Called once the object is gone from the cache, with its last known state.</summary>
    Task<ReconcileResult> DeletedAsync(TEntity entity, CancellationToken cancellationToken);
}
