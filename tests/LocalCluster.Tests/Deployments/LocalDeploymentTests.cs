using DynamoMcp.LocalCluster.Networking;
using DynamoMcp.LocalCluster.Tests.Jobs;
using k8s;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Deployments;

public sealed class LocalDeploymentTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Marker() => "dynamo-mcp-test-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Two_replicas_on_the_same_port_become_available_and_the_Service_address_reaches_both()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap gives each pod its own network namespace; without it two replicas cannot bind one port");
        await using var cluster = await DeploymentCluster.StartAsync(Token);
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(DeploymentCluster.Deployment("web", 2, DeploymentCluster.Server(Marker()), "web"), cluster.Namespace, cancellationToken: Token);
        await cluster.Client.CoreV1.CreateNamespacedServiceAsync(DeploymentCluster.Service("web", "web", "http"), cluster.Namespace, cancellationToken: Token);

        var deployment = await DeploymentCluster.WaitForDeploymentAsync(cluster, "web", DeploymentCluster.IsAvailable, Token);

        deployment.Status.ReadyReplicas.Should().Be(2);
        deployment.Status.AvailableReplicas.Should().Be(2);
        deployment.Status.UpdatedReplicas.Should().Be(2);
        deployment.Status.UnavailableReplicas.Should().Be(0);
        deployment.Status.Conditions.Should().Contain(c => c.Type == "Available" && c.Reason == "MinimumReplicasAvailable");
        var pods = await DeploymentCluster.WaitForPodsAsync(cluster, "web", p => p.Count(x => x.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true) == 2, Token);
        pods.Should().OnlyContain(p => p.Labels().ContainsKey("pod-template-hash") && p.OwnerReferences().Single().Kind == "Deployment");
        var deploymentReady = await DeploymentCluster.WaitForDeploymentAsync(cluster, "web", d => d.Status?.Conditions?.Any(c => c.Reason == "NewReplicaSetAvailable") == true, Token);
        deploymentReady.Status.Conditions.Should().Contain(c => c.Type == "Progressing" && c.Status == "True");

        var service = await JobRunnerCluster.WaitAsync<V1Service>(
            async ct => await cluster.Client.CoreV1.ReadNamespacedServiceAsync("web", cluster.Namespace, cancellationToken: ct),
            s => s?.GetAnnotation(LocalServiceProxy.AddressAnnotation) is not null,
            Token);
        var address = cluster.Server.ServiceEndpoint(cluster.Namespace, "web", 80);
        address.Should().NotBeNull();
        service!.GetAnnotation(LocalServiceProxy.AddressAnnotation).Should().Be($"127.0.0.1:{address!.Port}");
        service.GetAnnotation(LocalServiceProxy.AddressesAnnotation).Should().Be($"80=127.0.0.1:{address.Port}");

        var bodies = await DeploymentCluster.GetManyAsync(address, 8, Token);

        bodies.Distinct().Should().BeEquivalentTo(pods.Select(p => p.Name()), "each new connection goes to the next ready pod");
    }

    [Fact]
    public async Task A_container_that_exits_at_once_crash_loops_with_its_last_log_lines_readable()
    {
        await using var cluster = await DeploymentCluster.StartAsync(Token);
        var container = JobRunnerCluster.Shell("echo starting; echo the-last-words; exit 3", "crash");
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(DeploymentCluster.Deployment("crash", 1, container, "crash"), cluster.Namespace, cancellationToken: Token);

        var pods = await DeploymentCluster.WaitForPodsAsync(
            cluster,
            "crash",
            p => p.Count == 1 && p[0].Status?.ContainerStatuses?.SingleOrDefault() is { RestartCount: >= 2, State.Waiting.Reason: "CrashLoopBackOff" },
            Token);

        var status = pods[0].Status.ContainerStatuses.Single();
        status.LastState.Terminated.ExitCode.Should().Be(3);
        status.LastState.Terminated.Reason.Should().Be("Error");
        status.Ready.Should().BeFalse();
        pods[0].Status.Phase.Should().Be("Running", "a restartPolicy Always pod stays Running while its container restarts");
        (await cluster.LogAsync(pods[0].Name(), "crash", Token)).Should().Contain("the-last-words");
        var deployment = await DeploymentCluster.WaitForDeploymentAsync(cluster, "crash", d => d.Status?.Conditions is not null, Token);
        deployment.Status.Conditions.Should().Contain(c => c.Type == "Available" && c.Status == "False" && c.Reason == "MinimumReplicasUnavailable");
        deployment.Status.UnavailableReplicas.Should().Be(1);
    }

    [Fact]
    public async Task An_init_container_that_succeeds_runs_once_and_one_that_fails_is_restarted_before_the_containers_start()
    {
        await using var cluster = await DeploymentCluster.StartAsync(Token);
        var once = DeploymentCluster.Deployment("init-once", 1, JobRunnerCluster.Shell("sleep 600", "main"), "init-once");
        once.Spec.Template.Spec.InitContainers = [JobRunnerCluster.Shell("echo prepared", "prepare")];
        var failing = DeploymentCluster.Deployment("init-fails", 1, JobRunnerCluster.Shell("sleep 600", "main"), "init-fails");
        failing.Spec.Template.Spec.InitContainers = [JobRunnerCluster.Shell("echo not-yet >&2; exit 4", "prepare")];
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(once, cluster.Namespace, cancellationToken: Token);
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(failing, cluster.Namespace, cancellationToken: Token);

        var ready = await DeploymentCluster.WaitForDeploymentAsync(cluster, "init-once", DeploymentCluster.IsAvailable, Token);
        var crashing = await DeploymentCluster.WaitForPodsAsync(
            cluster,
            "init-fails",
            p => p.Count == 1 && p[0].Status?.InitContainerStatuses?.SingleOrDefault() is { RestartCount: >= 2 },
            Token);

        ready.Status.ReadyReplicas.Should().Be(1);
        var pod = (await DeploymentCluster.PodsAsync(cluster, "init-once", Token)).Single();
        var init = pod.Status.InitContainerStatuses.Single();
        init.RestartCount.Should().Be(0, "an init container that exited 0 is done, even in a restartPolicy Always pod");
        init.State.Terminated.Reason.Should().Be("Completed");
        pod.Status.ContainerStatuses.Single().State.Running.Should().NotBeNull();
        var stuck = crashing[0].Status;
        stuck.InitContainerStatuses.Single().LastState.Terminated.ExitCode.Should().Be(4);
        stuck.ContainerStatuses.Single().State.Running.Should().BeNull("the containers wait until every init container succeeded");
        stuck.Conditions.Should().Contain(c => c.Type == "Initialized" && c.Status == "False");
    }

    [Fact]
    public async Task Scale_down_a_template_change_and_deleting_the_Deployment_each_end_the_right_processes()
    {
        await using var cluster = await DeploymentCluster.StartAsync(Token);
        // The container's own process is `sleep <unique number>` (sh execs it); the sandbox's wrappers carry it in one argument.
        var seconds = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var marker = $"sleep\0{seconds}\0";
        var deployment = DeploymentCluster.Deployment("sleeper", 2, JobRunnerCluster.Shell("sleep " + seconds), "sleeper");
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(deployment, cluster.Namespace, cancellationToken: Token);
        await DeploymentCluster.WaitForDeploymentAsync(cluster, "sleeper", d => DeploymentCluster.IsAvailable(d) && d.Status.ReadyReplicas == 2, Token);
        await DeploymentCluster.WaitForHostProcessesAsync(marker, 2, Token);
        var first = await DeploymentCluster.PodsAsync(cluster, "sleeper", Token);

        // Scale down: one pod and its processes go.
        await cluster.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"replicas\":1}}", V1Patch.PatchType.MergePatch), "sleeper", cluster.Namespace, cancellationToken: Token);
        var scaled = await DeploymentCluster.WaitForPodsAsync(cluster, "sleeper", p => p.Count == 1, Token);
        await DeploymentCluster.WaitForHostProcessesAsync(marker, 1, Token);
        scaled.Single().Name().Should().BeOneOf(first.Select(p => p.Name()));
        await DeploymentCluster.WaitForDeploymentAsync(cluster, "sleeper", d => d.Status?.Replicas == 1 && d.Status.ReadyReplicas == 1 && d.Status.ObservedGeneration == d.Metadata.Generation, Token);

        // A template change replaces the pod with one of the new template.
        var current = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("sleeper", cluster.Namespace, cancellationToken: Token);
        current.Spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "REVISION", Value = "2" }];
        await cluster.Client.AppsV1.ReplaceNamespacedDeploymentAsync(current, "sleeper", cluster.Namespace, cancellationToken: Token);
        var replaced = await DeploymentCluster.WaitForPodsAsync(
            cluster, "sleeper", p => p.Count == 1 && p[0].Name() != scaled[0].Name() && p[0].Status?.Phase == "Running", Token);
        replaced[0].Labels()["pod-template-hash"].Should().NotBe(scaled[0].Labels()["pod-template-hash"]);
        replaced[0].Spec.Containers[0].Env.Should().ContainSingle(e => e.Name == "REVISION");
        await DeploymentCluster.WaitForHostProcessesAsync(marker, 1, Token);
        await DeploymentCluster.WaitForDeploymentAsync(cluster, "sleeper", d => DeploymentCluster.IsAvailable(d) && d.Status.UpdatedReplicas == 1 && d.Status.Replicas == 1, Token);

        // Deleting the Deployment ends everything.
        await cluster.Client.AppsV1.DeleteNamespacedDeploymentAsync("sleeper", cluster.Namespace, cancellationToken: Token);
        await DeploymentCluster.WaitForPodsAsync(cluster, "sleeper", p => p.Count == 0, Token);
        await DeploymentCluster.WaitForHostProcessesAsync(marker, 0, Token);
    }

    [Fact]
    public async Task A_pod_whose_readiness_probe_fails_stays_unready_and_out_of_the_Service()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap gives each pod its own network namespace; without it two servers cannot bind one port");
        await using var cluster = await DeploymentCluster.StartAsync(Token);
        var unready = DeploymentCluster.Server(Marker());
        unready.ReadinessProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = 9999 }, PeriodSeconds = 1, FailureThreshold = 1 };
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(DeploymentCluster.Deployment("good", 1, DeploymentCluster.Server(Marker()), "mixed"), cluster.Namespace, cancellationToken: Token);
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(DeploymentCluster.Deployment("bad", 1, unready, "mixed"), cluster.Namespace, cancellationToken: Token);
        await cluster.Client.CoreV1.CreateNamespacedServiceAsync(DeploymentCluster.Service("mixed", "mixed", 8080), cluster.Namespace, cancellationToken: Token);
        await DeploymentCluster.WaitForDeploymentAsync(cluster, "good", DeploymentCluster.IsAvailable, Token);
        var bad = await DeploymentCluster.WaitForPodsAsync(cluster, "bad", p => p.Count == 1 && p[0].Status?.ContainerStatuses?.SingleOrDefault()?.State?.Running is not null, Token);
        var good = await DeploymentCluster.PodsAsync(cluster, "good", Token);
        var address = await JobRunnerCluster.WaitAsync<Uri>(_ => Task.FromResult(cluster.Server.ServiceEndpoint(cluster.Namespace, "mixed", 80)), a => a is not null, Token);

        var bodies = await DeploymentCluster.GetManyAsync(address!, 6, Token);

        bodies.Should().OnlyContain(b => b == good.Single().Name(), "the unready pod gets no traffic");
        var badPod = await cluster.Client.CoreV1.ReadNamespacedPodAsync(bad[0].Name(), cluster.Namespace, cancellationToken: Token);
        badPod.Status.Conditions.Should().Contain(c => c.Type == "Ready" && c.Status == "False");
        badPod.Status.ContainerStatuses.Single().Ready.Should().BeFalse();
        var badDeployment = await cluster.Client.AppsV1.ReadNamespacedDeploymentAsync("bad", cluster.Namespace, cancellationToken: Token);
        badDeployment.Status.Conditions.Should().Contain(c => c.Type == "Available" && c.Status == "False");
    }

    [Fact]
    public async Task An_unmapped_image_without_a_command_waits_with_CreateContainerError_naming_the_fix()
    {
        await using var cluster = await DeploymentCluster.StartAsync(Token);
        var container = new V1Container { Name = "server", Image = "ghcr.io/acme/unknown-server:1.0" };
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(DeploymentCluster.Deployment("unmapped", 1, container, "unmapped"), cluster.Namespace, cancellationToken: Token);

        var pods = await DeploymentCluster.WaitForPodsAsync(
            cluster, "unmapped", p => p.Count == 1 && p[0].Status?.ContainerStatuses?.SingleOrDefault()?.State?.Waiting?.Reason == "CreateContainerError", Token);

        pods[0].Status.ContainerStatuses.Single().State.Waiting.Message.Should().Contain("ghcr.io/acme/unknown-server:1.0").And.Contain("--image-map");
        pods[0].Status.Phase.Should().Be("Pending", "as with the kubelet, a container that cannot be created keeps its pod Pending");
    }

    [Fact]
    public async Task A_node_image_runs_the_hosts_node_with_egress()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/node"), "the host has no node (/usr/bin/node)");
        await using var cluster = await JobRunnerCluster.StartAsync(Token, o =>
        {
            o.ContainerRestartBackoff = TimeSpan.FromSeconds(30);
            DynamoMcp.LocalCluster.LocalMode.LocalSandboxImages.AddServerImages(o);
        });
        var container = new V1Container
        {
            Name = "fetch",
            Image = "node:22-slim",
            Args = ["-e", "require('https').get('https://registry.npmjs.org/', r => { console.log('registry-status=' + r.statusCode); setInterval(() => {}, 1000); }).on('error', e => console.log('registry-error=' + e.message))"],
        };
        await cluster.Client.AppsV1.CreateNamespacedDeploymentAsync(DeploymentCluster.Deployment("egress", 1, container, "egress"), cluster.Namespace, cancellationToken: Token);
        var pods = await DeploymentCluster.WaitForPodsAsync(cluster, "egress", p => p.Count == 1 && p[0].Status?.Phase == "Running", Token);

        var log = await JobRunnerCluster.WaitAsync<string>(async ct => await cluster.LogAsync(pods[0].Name(), "fetch", ct), l => l?.Contains("registry-") == true, Token);

        log.Should().Contain("registry-status=200", "node images are allowed the network (the host's, in local mode)");
    }
}
