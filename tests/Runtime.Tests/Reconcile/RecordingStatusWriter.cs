using DynamoMcp.Api.V1Alpha1;
using DynamoMcp.Runtime.Status;
using k8s;

namespace DynamoMcp.Runtime.Tests.Reconcile;

/// <summary>An <see cref="IStatusWriter{TEntity}"/> that keeps a copy of every status it is asked to write.</summary>
internal sealed class RecordingStatusWriter : IStatusWriter<Scaffold>
{
    public List<ScaffoldStatus> Written { get; } = [];

    public Task<bool> UpdateAsync(Scaffold entity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // A copy: the entity is mutated by later runs, what was sent must stay as it was.
        Written.Add(KubernetesJson.Deserialize<ScaffoldStatus>(KubernetesJson.Serialize(entity.Status)));
        return Task.FromResult(true);
    }
}
