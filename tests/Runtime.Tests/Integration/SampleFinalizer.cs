using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Controllers;
using k8s.Models;

namespace DynamoMcp.Runtime.Tests.Integration;

internal sealed class SampleFinalizer(ReconcileLog log) : IEntityFinalizer<V1ConfigMap>
{
    public const string Name = "sample.dynamo-mcp.io/cleanup";

    public string Identifier => Name;

    public Task<ReconcileResult> FinalizeAsync(V1ConfigMap entity, CancellationToken cancellationToken)
    {
        log.Finalized.Enqueue(ObjectKey.From(entity));
        return Task.FromResult(ReconcileResult.Done);
    }
}
