using System.Net;
using DynamoMcp.Runtime.Hosting;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DynamoMcp.Runtime.Events;

/// <summary>Writes core/v1 Events with client-go recorder semantics: create once, then bump count and lastTimestamp by patch.</summary>
public sealed partial class EventRecorder(
    IKubernetes client,
    IOptions<ControllerRuntimeOptions> options,
    TimeProvider time,
    ILogger<EventRecorder> logger) : IEventRecorder
{
    private const int MaxMessageLength = 1024;
    private readonly EventCorrelator _correlator = new(time);
    private readonly string _instance = Environment.MachineName;

    public EventCorrelator Correlator => _correlator;

    public async Task RecordAsync(
        IKubernetesObject<V1ObjectMeta> involved, string type, string reason, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(involved);
        if (message.Length > MaxMessageLength)
        {
            message = message[..(MaxMessageLength - 3)] + "...";
        }

        var meta = involved.Metadata;
        var ns = string.IsNullOrEmpty(meta.NamespaceProperty) ? "default" : meta.NamespaceProperty;
        var key = new EventKey(involved.ApiVersion, involved.Kind, meta.NamespaceProperty, meta.Name, meta.Uid, type, reason, message);
        var observation = _correlator.Observe(key);
        try
        {
            if (!observation.IsNew)
            {
                try
                {
                    var patch = KubernetesJson.Serialize(new Corev1Event { Count = observation.Count, LastTimestamp = observation.LastTimestamp.UtcDateTime });
                    await client.CoreV1.PatchNamespacedEventAsync(
                        new V1Patch(patch, V1Patch.PatchType.MergePatch), observation.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    // The Event expired or was deleted: start a new one.
                    _correlator.Forget(key);
                    observation = _correlator.Observe(key);
                }
            }

            await client.CoreV1.CreateNamespacedEventAsync(
                new Corev1Event
                {
                    ApiVersion = "v1",
                    Kind = "Event",
                    Metadata = new V1ObjectMeta { Name = observation.Name, NamespaceProperty = ns },
                    InvolvedObject = new V1ObjectReference
                    {
                        ApiVersion = involved.ApiVersion,
                        Kind = involved.Kind,
                        Name = meta.Name,
                        NamespaceProperty = meta.NamespaceProperty,
                        Uid = meta.Uid,
                        ResourceVersion = meta.ResourceVersion,
                    },
                    Type = type,
                    Reason = reason,
                    Message = message,
                    Count = observation.Count,
                    FirstTimestamp = observation.FirstTimestamp.UtcDateTime,
                    LastTimestamp = observation.LastTimestamp.UtcDateTime,
                    Source = new V1EventSource { Component = options.Value.EventSource, Host = _instance },
                    ReportingComponent = options.Value.EventSource,
                    ReportingInstance = _instance,
                },
                ns,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The message is deliberately left out: it may carry user data.
            LogRecordFailed(ex.GetType().Name, type, reason, involved.Kind, ns, meta.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record {Type} event {Reason} on {Kind} {Namespace}/{Name} ({Error})")]
    private partial void LogRecordFailed(string error, string type, string reason, string kind, string @namespace, string name);
}
