using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using DynamoMcp.LocalCluster.Jobs;
using DynamoMcp.LocalCluster.Networking;
using DynamoMcp.LocalCluster.Pods;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace DynamoMcp.LocalCluster.Deployments;

/// <summary>
/// Kubernetes' Deployment controller and the kubelet's part for its pods, for LocalCluster: keeps
/// <c>spec.replicas</c> pods of each Deployment's template running as sandboxed processes (through
/// <see cref="PodExecution"/>, like Job pods: same sandbox, volumes and limits), replaces them when the template
/// changes (new pods first, the old ones go once the new ones are ready), deletes extras on scale-down, and writes
/// the Deployment's status as the real controller does.
/// </summary>
/// <remarks>
/// <para>
/// <b>No ReplicaSets.</b> Pods are owned by the Deployment directly and carry <c>pod-template-hash</c>, which is all a
/// ReplicaSet adds for the clients we serve (selectors, rollouts, status); rollback history (<c>kubectl rollout undo</c>)
/// is not modelled. Deleting the Deployment garbage-collects its pods through their owner reference; their processes
/// are killed at once.
/// </para>
/// <para>
/// <b>No slots.</b> Deployment pods run for as long as the Deployment exists, so they do not take the Job runner's
/// sandbox slots (<see cref="LocalJobRunnerOptions.MaxParallelPods"/>): servers never starve Jobs, and Jobs never keep a
/// server from starting. Their resource limits still hold.
/// </para>
/// <para>
/// Pods whose process is gone (the local cluster restarted) are deleted and made again. Not modelled: minReadySeconds,
/// maxSurge (new pods are made all at once), paused, revisionHistoryLimit.
/// </para>
/// </remarks>
public sealed class LocalDeploymentController : IAsyncDisposable
{
    private readonly IKubernetes client;
    private readonly IPodLogStore logs;
    private readonly LocalJobRunnerOptions options;
    private readonly LocalJobRunner kubelet;
    private readonly LocalPodEndpoints endpoints;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, RunningPod> running = new(StringComparer.Ordinal);
    private readonly Channel<string> queue = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, byte> queued = new(StringComparer.Ordinal);
    private readonly PodSlots unlimited = new(int.MaxValue);
    private CancellationTokenSource? stopping;
    private Task? work;

    internal LocalDeploymentController(
        IKubernetes client, IPodLogStore logs, LocalJobRunnerOptions options, LocalJobRunner kubelet, LocalPodEndpoints endpoints, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        (this.client, this.logs, this.options, this.kubelet, this.endpoints) = (client, logs, options, kubelet, endpoints);
        logger = loggerFactory.CreateLogger<LocalDeploymentController>();
        this.time = time ?? TimeProvider.System;
    }

    private sealed record RunningPod(PodExecution Execution, string Deployment, Task Run);

    /// <summary>Starts watching Deployments and Pods (after the Job runner started: it shares its sandbox and limits).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stopping.Token;
        var timeoutSeconds = (int)options.WatchTimeout.TotalSeconds;
        var deployments = new ResourceWatch<V1Deployment, V1DeploymentList>(
            "deployments",
            ct => client.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct),
            (rv, ct) => client.AppsV1.ListDeploymentForAllNamespacesWithHttpMessagesAsync(
                watch: true, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: timeoutSeconds, cancellationToken: ct),
            list =>
            {
                var present = list.Select(Key).ToHashSet(StringComparer.Ordinal);
                foreach (var key in list.Select(Key).Concat(running.Values.Select(r => r.Deployment).Where(k => !present.Contains(k))))
                {
                    Enqueue(key);
                }

                return Task.CompletedTask;
            },
            (_, d) =>
            {
                Enqueue(Key(d));
                return Task.CompletedTask;
            },
            logger);
        var pods = new ResourceWatch<V1Pod, V1PodList>(
            "pods",
            ct => client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct),
            (rv, ct) => client.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(
                watch: true, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: timeoutSeconds, cancellationToken: ct),
            async list =>
            {
                var present = list.Select(p => p.Uid()).ToHashSet(StringComparer.Ordinal);
                foreach (var (uid, pod) in running.Where(r => !present.Contains(r.Key)).ToList())
                {
                    if (!await PodPresence.ExistsAsync(client, pod.Execution, CancellationToken.None).ConfigureAwait(false))
                    {
                        pod.Execution.Kill("Deleted", "The pod was deleted.");
                        Enqueue(pod.Deployment);
                    }
                }
            },
            (type, pod) =>
            {
                if ((type == WatchEventType.Deleted || pod.Metadata.DeletionTimestamp is not null) && running.TryGetValue(pod.Uid(), out var entry))
                {
                    entry.Execution.Kill("Deleted", "The pod was deleted.");
                }

                if (pod.OwnerReferences()?.FirstOrDefault(o => o.Kind == "Deployment" && o.Controller == true) is { } owner)
                {
                    Enqueue(pod.Namespace() + "/" + owner.Name);
                }

                return Task.CompletedTask;
            },
            logger);
        work = Task.WhenAll(
            Task.Run(() => deployments.RunAsync(token), token),
            Task.Run(() => pods.RunAsync(token), token),
            Task.Run(() => WorkAsync(token), token));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (stopping is not null)
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            foreach (var pod in running.Values)
            {
                pod.Execution.Kill("Deleted", "The local cluster stopped.");
            }

            await Quietly(Task.WhenAll(running.Values.Select(r => r.Run).Append(work ?? Task.CompletedTask))).ConfigureAwait(false);
            stopping.Dispose();
        }

        unlimited.Dispose();
    }

    private static string Key(V1Deployment d) => d.Namespace() + "/" + d.Name();

    private void Enqueue(string key)
    {
        if (queued.TryAdd(key, 0))
        {
            queue.Writer.TryWrite(key);
        }
    }

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        await foreach (var key in queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            queued.TryRemove(key, out _);
            try
            {
                await ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Any failure (API, an unexpected pod spec) is retried; the worker must outlive it.
                logger.LogWarning(e, "Reconciling Deployment {Deployment} failed; retrying", key);
                _ = Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ContinueWith(_ => Enqueue(key), TaskScheduler.Default);
            }
        }
    }

    private async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var (ns, name) = (key[..key.IndexOf('/', StringComparison.Ordinal)], key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..]);
        V1Deployment? deployment;
        try
        {
            deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            deployment = null;
        }

        if (deployment is null || deployment.Metadata.DeletionTimestamp is not null)
        {
            // The garbage collector deletes the pods through their owner reference; their processes go now.
            foreach (var pod in running.Values.Where(r => r.Deployment == key))
            {
                pod.Execution.Kill("Deleted", "The pod's Deployment was deleted.");
            }

            return;
        }

        var hash = DeploymentStatusCalculator.TemplateHash(deployment.Spec.Template);
        var desired = deployment.Spec.Replicas ?? 1;
        var pods = (await client.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: cancellationToken).ConfigureAwait(false)).Items
            .Where(p => p.Metadata.DeletionTimestamp is null && p.OwnerReferences()?.Any(o => o.Uid == deployment.Uid() && o.Controller == true) == true)
            .ToList();
        foreach (var lost in pods.Where(p => !running.TryGetValue(p.Uid(), out var r) || r.Run.IsCompleted).ToList())
        {
            // No process behind it (a restart of the local cluster, or it ended): replace it like a pod of a lost node.
            await DeletePodAsync(lost, cancellationToken).ConfigureAwait(false);
            pods.Remove(lost);
        }

        bool Ready(V1Pod p) => running.TryGetValue(p.Uid(), out var r) && r.Execution.ContainersReady;
        bool Current(V1Pod p) => p.Labels()?.TryGetValue(DeploymentStatusCalculator.PodTemplateHashLabel, out var h) == true && h == hash;
        var current = pods.Where(Current).ToList();
        var old = pods.Where(p => !Current(p)).ToList();
        if (deployment.Spec.Strategy?.Type == "Recreate" && old.Count > 0)
        {
            foreach (var pod in old)
            {
                await DeletePodAsync(pod, cancellationToken).ConfigureAwait(false);
            }

            old.Clear();
        }

        for (var i = current.Count; i < desired; i++)
        {
            current.Add(await CreatePodAsync(deployment, hash, cancellationToken).ConfigureAwait(false));
        }

        // Scale down: unready pods first, then the newest.
        foreach (var extra in current.OrderBy(Ready).ThenByDescending(p => p.Metadata.CreationTimestamp).Take(Math.Max(0, current.Count - desired)).ToList())
        {
            await DeletePodAsync(extra, cancellationToken).ConfigureAwait(false);
            current.Remove(extra);
        }

        // Rolling update: the old pods go once the new ones are ready (or at once, when nothing is wanted).
        if (old.Count > 0 && current.Count(Ready) >= desired)
        {
            foreach (var pod in old)
            {
                await DeletePodAsync(pod, cancellationToken).ConfigureAwait(false);
            }

            old.Clear();
        }

        var counts = new DeploymentPodCounts(current.Count + old.Count, current.Count, current.Count(Ready) + old.Count(Ready), current.Count(Ready));
        await WriteStatusAsync(deployment, DeploymentStatusCalculator.Compute(deployment, hash, counts, time.GetUtcNow().UtcDateTime), cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task<V1Pod> CreatePodAsync(V1Deployment deployment, string hash, CancellationToken cancellationToken)
    {
        var template = deployment.Spec.Template;
        var spec = KubernetesJson.Deserialize<V1PodSpec>(KubernetesJson.Serialize(template.Spec));
        spec.NodeName ??= options.NodeName;
        spec.RestartPolicy ??= "Always";
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [DeploymentStatusCalculator.PodTemplateHashLabel] = hash,
        };
        var baseName = deployment.Name().Length > 40 ? deployment.Name()[..40] : deployment.Name();
        var pod = Pods.ControlledPod.Build(
            $"{baseName}-{hash}-{Guid.NewGuid().ToString("N")[..5]}", deployment.Namespace(), labels, template.Metadata?.Annotations, spec,
            "apps/v1", "Deployment", deployment.Name(), deployment.Uid());
        var created = await client.CoreV1.CreateNamespacedPodAsync(pod, deployment.Namespace(), cancellationToken: cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Deployment {Namespace}/{Deployment} started pod {Pod}", deployment.Namespace(), deployment.Name(), created.Name());
        var key = Key(deployment);
        var execution = new PodExecution(
            client, logs, created, Path.Combine(kubelet.VolumeRoot, created.Uid()), options, kubelet.Sandbox, kubelet.Limits, unlimited, logger, time);
        execution.Changed += () => Enqueue(key);
        endpoints.Add(execution);
        var run = Task.Run(
            async () =>
            {
                try
                {
                    await execution.RunAsync(stopping!.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Running pod {Namespace}/{Pod} failed", created.Namespace(), created.Name());
                }
                finally
                {
                    endpoints.Remove(execution);
                    running.TryRemove(created.Uid(), out _);
                    execution.Dispose();
                    Enqueue(key);
                }
            },
            CancellationToken.None);
        running[created.Uid()] = new RunningPod(execution, key, run);
        return created;
    }

    private async Task DeletePodAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        if (running.TryGetValue(pod.Uid(), out var entry))
        {
            entry.Execution.Kill("Deleted", "The pod was deleted.");
        }

        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(pod.Name(), pod.Namespace(), cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Deleted pod {Namespace}/{Pod}", pod.Namespace(), pod.Name());
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    private async Task WriteStatusAsync(V1Deployment deployment, V1DeploymentStatus status, CancellationToken cancellationToken)
    {
        if (deployment.Status is not null && KubernetesJson.Serialize(status) == KubernetesJson.Serialize(deployment.Status))
        {
            return;
        }

        deployment.Status = status;
        try
        {
            await client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(deployment, deployment.Name(), deployment.Namespace(), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            // A newer version is on its way through the watch, which reconciles again.
            Enqueue(Key(deployment));
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopping: failures were logged where they happened.
        }
    }
}
