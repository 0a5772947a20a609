using DynamoMcp.Runtime.Controllers;
using k8s.Models;

namespace DynamoMcp.Operator.Bench;

/// <summary>Does nothing but note the first reconcile of each object, so the figures measure the runtime alone.</summary>
internal sealed class NoOpConfigMapController(FirstReconcileRecorder recorder) : IEntityController<V1ConfigMap>
{
    public Task<ReconcileResult> ReconcileAsync(V1ConfigMap entity, CancellationToken cancellationToken)
    {
        recorder.Reconciled(entity.Metadata.Name);
        return Task.FromResult(ReconcileResult.Done);
    }

    public Task<ReconcileResult> DeletedAsync(V1ConfigMap entity, CancellationToken cancellationToken) => Task.FromResult(ReconcileResult.Done);
}
