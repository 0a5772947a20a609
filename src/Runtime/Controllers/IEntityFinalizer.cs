using k8s;
using k8s.Models;

namespace DynamoMcp.Runtime.Controllers;

/// <summary>
/// Cleans up before an entity is deleted. The runtime adds <see cref="Identifier"/> to metadata.finalizers on the
/// first reconcile, calls <see cref="FinalizeAsync"/> once deletionTimestamp is set, and removes the finalizer when it
/// returns <see cref="ReconcileResult.Done"/>.
/// </summary>
public interface IEntityFinalizer<in TEntity> where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>The finalizer name, a constant such as <c>dynamo-mcp.io/cleanup</c>.</summary>
    string Identifier { get; }

    Task<ReconcileResult> FinalizeAsync(TEntity entity, CancellationToken cancellationToken);
}
