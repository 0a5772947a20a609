using DynamoMcp.LocalCluster.Tests.Jobs;
using k8s;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Deployments;

/// <summary>Builders and waits for the Deployment tests: a tiny HTTP server, Deployments, Services, host-side process checks.</summary>
internal static class DeploymentCluster
{
    /// <summary>Answers every GET with its pod name (HOSTNAME), on <paramref name="port"/> on all of the pod's addresses.</summary>
    public const string ServerScript = """
        import http.server, os, sys
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                body = os.environ.get("HOSTNAME", "?").encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        print("serving", flush=True)
        http.server.ThreadingHTTPServer(("", int(sys.argv[1])), H).serve_forever()
        """;

    public static Task<JobRunnerCluster> StartAsync(CancellationToken cancellationToken) =>
        JobRunnerCluster.StartAsync(cancellationToken, o =>
        {
            o.ContainerRestartBackoff = TimeSpan.FromMilliseconds(200);
            o.MaxContainerRestartBackoff = TimeSpan.FromSeconds(1);
        });

    /// <summary>The HTTP server on port 8080 (named <c>http</c>) with a readiness probe; <paramref name="marker"/> tags its host processes.</summary>
    public static V1Container Server(string marker) => new()
    {
        Name = "server",
        Image = "python:3.12-slim",
        Command = ["/usr/bin/python3", "-c", ServerScript, "8080", marker],
        Ports = [new V1ContainerPort { Name = "http", ContainerPort = 8080 }],
        ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Path = "/", Port = "http" }, PeriodSeconds = 1 },
        SecurityContext = new V1SecurityContext { ReadOnlyRootFilesystem = true, RunAsUser = 1000, RunAsNonRoot = true, AllowPrivilegeEscalation = false },
    };

    public static V1Deployment Deployment(string name, int replicas, V1Container container, string app) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app, ["deployment"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app, ["deployment"] = name } },
                Spec = new V1PodSpec { Containers = [container] },
            },
        },
    };

    public static V1Service Service(string name, string app, IntOrString targetPort) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = app },
            Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = targetPort }],
        },
    };

    public static async Task<V1Deployment> WaitForDeploymentAsync(JobRunnerCluster cluster, string name, Func<V1Deployment, bool> done, CancellationToken cancellationToken) =>
        (await JobRunnerCluster.WaitAsync<V1Deployment>(
            async ct => await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync(name, cluster.Namespace, cancellationToken: ct),
            d => d is not null && done(d),
            cancellationToken))!;

    public static bool IsAvailable(V1Deployment d) =>
        d.Status?.Conditions?.Any(c => c.Type == "Available" && c.Status == "True") == true && d.Status.ObservedGeneration == d.Metadata.Generation;

    public static async Task<IList<V1Pod>> PodsAsync(JobRunnerCluster cluster, string deployment, CancellationToken cancellationToken) =>
        (await cluster.Client.CoreV1.ListNamespacedPodAsync(cluster.Namespace, labelSelector: "deployment=" + deployment, cancellationToken: cancellationToken)).Items;

    public static async Task<IList<V1Pod>> WaitForPodsAsync(JobRunnerCluster cluster, string deployment, Func<IList<V1Pod>, bool> done, CancellationToken cancellationToken) =>
        (await JobRunnerCluster.WaitAsync<IList<V1Pod>>(async ct => await PodsAsync(cluster, deployment, ct), p => p is not null && done(p), cancellationToken))!;

    /// <summary>Host processes whose command line (arguments NUL-separated) holds <paramref name="marker"/>.</summary>
    public static int HostProcesses(string marker) =>
        Directory.GetDirectories("/proc").Count(d =>
        {
            try
            {
                return int.TryParse(Path.GetFileName(d), out _) && File.ReadAllText(Path.Combine(d, "cmdline")).Contains(marker, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        });

    public static async Task WaitForHostProcessesAsync(string marker, int count, CancellationToken cancellationToken) =>
        await JobRunnerCluster.WaitAsync<int?>(_ => Task.FromResult<int?>(HostProcesses(marker)), n => n == count, cancellationToken);

    /// <summary>GETs <paramref name="address"/> on a fresh TCP connection each time and returns the bodies.</summary>
    public static async Task<List<string>> GetManyAsync(Uri address, int times, CancellationToken cancellationToken)
    {
        var bodies = new List<string>();
        for (var i = 0; i < times; i++)
        {
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(10) };
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.ConnectionClose = true;
            using var response = await http.SendAsync(request, cancellationToken);
            bodies.Add(await response.Content.ReadAsStringAsync(cancellationToken));
        }

        return bodies;
    }
}
