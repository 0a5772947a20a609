using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Controllers;
using DynamoMcp.Runtime.Events;
using k8s;
using k8s.Models;

namespace DynamoMcp.Runtime.Tests.Integration;

/// <summary>
/// A minimal level-based controller over ConfigMaps: marks each one seen with an annotation (a write that converges),
/// records a Normal event the first time, and logs what it saw for the tests.
/// </summary>
[EntityRbac(typeof(V1ConfigMap), Verbs = RbacVerbs.Get | RbacVerbs.List | RbacVerbs.Watch | RbacVerbs.Patch)]
internal sealed class SampleConfigMapController(ReconcileLog log, HostName host, IKubernetes client, IEventRecorder events)
    : IEntityController<V1ConfigMap>
{
    public const string SeenAnnotation = "sample.dynamo-mcp.io/seen";

    public async Task<ReconcileResult> ReconcileAsync(V1ConfigMap entity, CancellationToken cancellationToken)
    {
        var key = ObjectKey.From(entity);
        using var _ = log.Enter(key);
        var attempt = log.Attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
        string? value = null;
        entity.Data?.TryGetValue("value", out value);
        log.Reconciles.Enqueue(new ReconcileRecord(key, host.Value, value, entity.Metadata.ResourceVersion, DateTimeOffset.UtcNow));
        if (log.Behaviour is { } behaviour)
        {
            var result = await behaviour(key, attempt, host.Value, cancellationToken);
            if (result.Outcome != ReconcileOutcome.Done)
            {
                return result;
            }
        }

        if (entity.Metadata.Annotations?.ContainsKey(SeenAnnotation) != true)
        {
            var patch = System.Text.Json.JsonSerializer.Serialize(new { metadata = new { annotations = new Dictionary<string, string> { [SeenAnnotation] = "true" } } });
            await client.CoreV1.PatchNamespacedConfigMapAsync(
                new V1Patch(patch, V1Patch.PatchType.MergePatch), entity.Metadata.Name, entity.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            await events.RecordAsync(entity, EventTypes.Normal, "Seen", "The sample controller saw this ConfigMap", cancellationToken);
        }

        return ReconcileResult.Done;
    }

    public Task<ReconcileResult> DeletedAsync(V1ConfigMap entity, CancellationToken cancellationToken)
    {
        log.Deleted[ObjectKey.From(entity)] = entity;
        return Task.FromResult(ReconcileResult.Done);
    }
}
