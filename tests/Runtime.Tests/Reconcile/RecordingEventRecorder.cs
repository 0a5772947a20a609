using DynamoMcp.Runtime.Events;
using k8s;
using k8s.Models;

namespace DynamoMcp.Runtime.Tests.Reconcile;

internal sealed record RecordedEvent(string InvolvedName, string Type, string Reason, string Message);

/// <summary>An <see cref="IEventRecorder"/> that keeps what it is asked to record.</summary>
internal sealed class RecordingEventRecorder : IEventRecorder
{
    public List<RecordedEvent> Events { get; } = [];

    public Task RecordAsync(IKubernetesObject<V1ObjectMeta> involved, string type, string reason, string message, CancellationToken cancellationToken)
    {
        Events.Add(new RecordedEvent(involved.Metadata.Name, type, reason, message));
        return Task.CompletedTask;
    }
}
