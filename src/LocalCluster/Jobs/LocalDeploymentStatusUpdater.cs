using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Jobs;

/// <summary>
/// Reports every Deployment as rolled out and available (observedGeneration, replicas = ready = available = updated
/// = <c>spec.replicas ?? 1</c>, conditions Available and Progressing true), so controllers that wait on
/// Deployments progress in LocalCluster. It does not run their containers: no ReplicaSets, no pods, no processes.
/// </summary>
public sealed class LocalDeploymentStatusUpdater(IKubernetes client, ILoggerFactory loggerFactory, TimeProvider? time = null) : IAsyncDisposable
{
    private readonly ILogger logger = loggerFactory.CreateLogger<LocalDeploymentStatusUpdater>();
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private CancellationTokenSource? stopping;
    private Task? watch;

    /// <summary>The status a Deployment gets; unchanged conditions keep their transition times.</summary>
    public static V1DeploymentStatus DesiredStatus(V1Deployment deployment, DateTime now)
    {
        var replicas = deployment.Spec?.Replicas ?? 1;
        V1DeploymentCondition Condition(string type, string reason, string message)
        {
            var previous = deployment.Status?.Conditions?.FirstOrDefault(c => c.Type == type && c.Status == "True" && c.Reason == reason);
            return new V1DeploymentCondition
            {
                Type = type,
                Status = "True",
                Reason = reason,
                Message = message,
                LastTransitionTime = previous?.LastTransitionTime ?? now,
                LastUpdateTime = previous?.LastUpdateTime ?? now,
            };
        }

        return new V1DeploymentStatus
        {
            ObservedGeneration = deployment.Metadata?.Generation,
            Replicas = replicas,
            ReadyReplicas = replicas,
            AvailableReplicas = replicas,
            UpdatedReplicas = replicas,
            UnavailableReplicas = 0,
            Conditions =
            [
                Condition("Available", "MinimumReplicasAvailable", "Deployment has minimum availability."),
                Condition("Progressing", "NewReplicaSetAvailable", $"Deployment \"{deployment.Metadata?.Name}\" has successfully progressed."),
            ],
        };
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stopping.Token;
        var deployments = new ResourceWatch<V1Deployment, V1DeploymentList>(
            "deployments",
            ct => client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct),
            (rv, ct) => client.AppsV1.ListDeploymentForAllNamespacesWithHttpMessagesAsync(
                watch: true, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 300, cancellationToken: ct),
            async list =>
            {
                foreach (var d in list)
                {
                    await UpdateAsync(d, token).ConfigureAwait(false);
                }
            },
            (type, d) => type == WatchEventType.Deleted ? Task.CompletedTask : UpdateAsync(d, token),
            logger);
        watch = Task.Run(() => deployments.RunAsync(token), token);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping is null)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await (watch ?? Task.CompletedTask).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
    }

    private async Task UpdateAsync(V1Deployment deployment, CancellationToken cancellationToken)
    {
        if (deployment.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        var desired = DesiredStatus(deployment, clock.GetUtcNow().UtcDateTime);
        if (KubernetesJson.Serialize(desired) == KubernetesJson.Serialize(deployment.Status))
        {
            return;
        }

        deployment.Status = desired;
        try
        {
            await client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(deployment, deployment.Name(), deployment.Namespace(), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            // A newer version is on its way through the watch (or the Deployment is gone): that event updates it.
        }
        catch (HttpOperationException e)
        {
            logger.LogWarning(e, "Could not write the status of Deployment {Namespace}/{Name}", deployment.Namespace(), deployment.Name());
        }
    }
}
