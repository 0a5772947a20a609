using k8s;
using k8s.Models;

namespace DynamoMcp.Runtime.Events;

/// <summary>Records core/v1 Events about an object; repeated identical events are aggregated into one with a count.</summary>
public interface IEventRecorder
{
    /// <summary>
    /// Best effort, like client-go: failures are logged (never the message, which may echo user data) and swallowed.
    /// Use <see cref="EventTypes"/> for <paramref name="type"/>; <paramref name="reason"/> is UpperCamelCase.
    /// </summary>
    Task RecordAsync(IKubernetesObject<V1ObjectMeta> involved, string type, string reason, string message, CancellationToken cancellationToken);
}
