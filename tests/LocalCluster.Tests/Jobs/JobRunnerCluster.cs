using System.Net;
using DynamoMcp.LocalCluster.Jobs;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace DynamoMcp.LocalCluster.Tests.Jobs;

/// <summary>A LocalClusterServer with the job runner on, a namespace of its own, and helpers to create and await Jobs.</summary>
internal sealed class JobRunnerCluster : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private JobRunnerCluster(LocalClusterServer server, Kubernetes client, string ns) => (Server, Client, Namespace) = (server, client, ns);

    public LocalClusterServer Server { get; }

    public Kubernetes Client { get; }

    public string Namespace { get; }

    public static bool HasBubblewrap => File.Exists("/usr/bin/bwrap");

    public static async Task<JobRunnerCluster> StartAsync(CancellationToken cancellationToken, Action<LocalJobRunnerOptions>? configure = null)
    {
        var runner = new LocalJobRunnerOptions { PodFailureBackoff = TimeSpan.FromMilliseconds(100), MaxPodFailureBackoff = TimeSpan.FromMilliseconds(500) };
        configure?.Invoke(runner);
        var server = await LocalClusterServer.StartAsync(new LocalClusterOptions { DataDirectory = null, JobRunner = runner }, NullLoggerFactory.Instance, cancellationToken);
        var client = server.CreateClient();
        var ns = "jobs-" + Guid.NewGuid().ToString("N")[..8];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: cancellationToken);
        return new JobRunnerCluster(server, client, ns);
    }

    public static V1Job Job(string name, params V1Container[] containers) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            BackoffLimit = 0,
            Template = new V1PodTemplateSpec { Spec = new V1PodSpec { RestartPolicy = "Never", Containers = containers } },
        },
    };

    public static V1Container Shell(string script, string name = "main") =>
        new() { Name = name, Image = "busybox:1.36", Command = ["sh", "-c", script] };

    public Task<V1Job> CreateAsync(V1Job job, CancellationToken cancellationToken) =>
        Client.BatchV1.CreateNamespacedJobAsync(job, Namespace, cancellationToken: cancellationToken);

    /// <summary>Reads the Job until it has a true condition of the type, and returns it.</summary>
    public async Task<V1Job> WaitForConditionAsync(string job, string condition, CancellationToken cancellationToken)
    {
        var latest = await WaitAsync<V1Job>(
            async ct => await Client.BatchV1.ReadNamespacedJobAsync(job, Namespace, cancellationToken: ct),
            j => j?.Status?.Conditions?.Any(c => c.Type == condition && c.Status == "True") == true,
            cancellationToken);
        return latest!;
    }

    public async Task<IList<V1Pod>> PodsAsync(string job, CancellationToken cancellationToken) =>
        (await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "job-name=" + job, cancellationToken: cancellationToken)).Items;

    public async Task<string> LogAsync(string pod, string? container, CancellationToken cancellationToken)
    {
        await using var stream = await Client.CoreV1.ReadNamespacedPodLogAsync(pod, Namespace, container: container, cancellationToken: cancellationToken);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    /// <summary>Runs a Job to its end and returns it with the log of its first pod's <paramref name="container"/>.</summary>
    public async Task<(V1Job Job, string Log)> RunToEndAsync(V1Job job, string condition, CancellationToken cancellationToken, string container = "main")
    {
        await CreateAsync(job, cancellationToken);
        var done = (await WaitAsync<V1Job>(
            async ct => await Client.BatchV1.ReadNamespacedJobAsync(job.Metadata.Name, Namespace, cancellationToken: ct),
            j => j?.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true,
            cancellationToken))!;
        var pods = await PodsAsync(job.Metadata.Name, cancellationToken);
        var log = await LogAsync(pods[0].Metadata.Name, container, cancellationToken);
        if (done.Status.Conditions.All(c => c.Type != condition || c.Status != "True"))
        {
            // The other end: say how its pods ended, so that a failure here can be understood from the test's output.
            throw new InvalidOperationException(
                $"Job {job.Metadata.Name} ended without {condition}: {KubernetesJson.Serialize(done.Status)}\n" +
                $"pods: {string.Join("\n", pods.Select(p => KubernetesJson.Serialize(p.Status)))}\nlog of {container}:\n{log}");
        }

        return (done, log);
    }

    public static async Task<T?> WaitAsync<T>(Func<CancellationToken, Task<T?>> read, Func<T?, bool> done, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Patience);
        T? last = default;
        while (true)
        {
            try
            {
                last = await read(timeout.Token);
                if (done(last))
                {
                    return last;
                }

                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Gave up after {Patience}; last seen: {(last is null ? "nothing" : KubernetesJson.Serialize(last))}");
            }
        }
    }

    public static async Task<bool> ExistsAsync(Func<Task> read)
    {
        try
        {
            await read();
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
