using System.Diagnostics;
using k8s;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Jobs;

public sealed class LocalJobRunnerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failing_job_without_retries_fails_with_BackoffLimitExceeded_and_keeps_its_log()
    {
        await using var cluster = await JobRunnerCluster.StartAsync(Token);

        var (job, log) = await cluster.RunToEndAsync(JobRunnerCluster.Job("fails", JobRunnerCluster.Shell("echo hi; exit 3")), "Failed", Token);

        job.Status.Conditions.Should().Contain(c => c.Type == "Failed" && c.Reason == "BackoffLimitExceeded");
        job.Status.Failed.Should().Be(1);
        job.Status.Succeeded.Should().Be(0);
        job.Status.StartTime.Should().NotBeNull();
        log.Should().Be("hi\n");
        var pod = (await cluster.PodsAsync("fails", Token)).Should().ContainSingle().Subject;
        pod.Status.Phase.Should().Be("Failed");
        var terminated = pod.Status.ContainerStatuses.Should().ContainSingle().Subject.State.Terminated;
        terminated.ExitCode.Should().Be(3);
        terminated.Reason.Should().Be("Error");
        terminated.StartedAt.Should().NotBeNull();
        terminated.FinishedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task A_succeeding_job_completes_with_an_owned_labelled_pod()
    {
        await using var cluster = await JobRunnerCluster.StartAsync(Token);

        var (job, log) = await cluster.RunToEndAsync(JobRunnerCluster.Job("works", JobRunnerCluster.Shell("echo done")), "Complete", Token);

        job.Status.Succeeded.Should().Be(1);
        job.Status.Active.GetValueOrDefault().Should().Be(0);
        job.Status.CompletionTime.Should().NotBeNull();
        job.Status.Conditions.Should().Contain(c => c.Type == "SuccessCriteriaMet" && c.Status == "True");
        log.Should().Be("done\n");
        var pods = await cluster.PodsAsync("works", Token);
        // A second pod here was seen once in a loaded full run (backoffLimit 0, Job Complete): say how each ended.
        var pod = pods.Should().ContainSingle(string.Join("; ", pods.Select(p =>
            $"{p.Metadata.Name} {p.Status?.Phase} {p.Status?.Reason} {p.Status?.Message} created {p.Metadata.CreationTimestamp:O} " +
            string.Join(",", (p.Status?.ContainerStatuses ?? []).Select(c => $"{c.Name}: exit {c.State?.Terminated?.ExitCode} {c.State?.Terminated?.Reason} {c.State?.Terminated?.Message}"))))).Subject;
        pod.Metadata.Name.Should().MatchRegex("^works-[a-z0-9]{5}$");
        pod.Metadata.Labels.Should().Contain("batch.kubernetes.io/job-name", "works").And.Contain("controller-uid", job.Metadata.Uid);
        pod.Metadata.OwnerReferences.Should().ContainSingle(o => o.Uid == job.Metadata.Uid && o.Kind == "Job" && o.Controller == true);
        pod.Status.Phase.Should().Be("Succeeded");
        pod.Status.StartTime.Should().NotBeNull();
        pod.Status.ContainerStatuses.Single().State.Terminated.Reason.Should().Be("Completed");
    }

    [Fact]
    public async Task A_container_that_only_says_bubblewrap_could_not_build_its_sandbox_is_started_again_before_the_pod_fails()
    {
        Assert.SkipWhen(!File.Exists("/usr/bin/bwrap"), "needs bubblewrap (scripts/install-prereqs.sh installs it): the retry is for sandbox set-up failures");
        await using var cluster = await JobRunnerCluster.StartAsync(Token);

        // What bwrap prints when it cannot build the sandbox, and its exit code: the runner cannot tell this one apart.
        var (job, log) = await cluster.RunToEndAsync(JobRunnerCluster.Job("unlucky", JobRunnerCluster.Shell("echo 'bwrap: loopback: Failed RTM_NEWADDR: simulated' >&2; exit 1")), "Failed", Token);

        log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(4, "three retries after the first attempt, then it counts");
        job.Status.Failed.Should().Be(1);
        var pod = (await cluster.PodsAsync("unlucky", Token)).Should().ContainSingle().Subject;
        pod.Status.ContainerStatuses.Single().RestartCount.Should().Be(0, "a sandbox that was never built is no restart of the container");
    }

    [Fact]
    public async Task The_active_deadline_kills_the_process_and_fails_the_job()
    {
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        var marker = "60." + Random.Shared.Next(100_000, 999_999);
        var job = JobRunnerCluster.Job("slow", new V1Container { Name = "main", Image = "busybox", Command = ["sleep", marker] });
        job.Spec.ActiveDeadlineSeconds = 2;

        await cluster.CreateAsync(job, Token);
        var done = await cluster.WaitForConditionAsync("slow", "Failed", Token);

        done.Status.Conditions.Should().Contain(c => c.Type == "Failed" && c.Reason == "DeadlineExceeded");
        var pod = (await cluster.PodsAsync("slow", Token)).Should().ContainSingle().Subject;
        pod.Status.Phase.Should().Be("Failed");
        pod.Status.ContainerStatuses.Single().State.Terminated.ExitCode.Should().Be(137);
        SleepProcesses(marker).Should().BeEmpty("the deadline kills the whole process tree");
    }

    [Fact]
    public async Task Each_retry_gets_a_new_pod_up_to_the_backoff_limit()
    {
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        var job = JobRunnerCluster.Job("retries", JobRunnerCluster.Shell("echo attempt; exit 1"));
        job.Spec.BackoffLimit = 2;

        await cluster.CreateAsync(job, Token);
        var done = await cluster.WaitForConditionAsync("retries", "Failed", Token);

        done.Status.Failed.Should().Be(3);
        done.Status.Conditions.Should().Contain(c => c.Type == "Failed" && c.Reason == "BackoffLimitExceeded");
        var pods = await cluster.PodsAsync("retries", Token);
        pods.Should().HaveCount(3).And.OnlyContain(p => p.Status.Phase == "Failed");
        pods.Select(p => p.Metadata.Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_finished_job_is_deleted_after_its_ttl()
    {
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        var job = JobRunnerCluster.Job("short-lived", JobRunnerCluster.Shell("true"));
        job.Spec.TtlSecondsAfterFinished = 1;

        await cluster.CreateAsync(job, Token);
        await cluster.WaitForConditionAsync("short-lived", "Complete", Token);

        var exists = await JobRunnerCluster.WaitAsync(
            _ => JobRunnerCluster.ExistsAsync(() => cluster.Client.BatchV1.ReadNamespacedJobAsync("short-lived", cluster.Namespace, cancellationToken: Token)),
            e => !e,
            Token);
        exists.Should().BeFalse();
    }

    [Fact]
    public async Task Env_comes_from_configmap_keys_values_and_pod_fields()
    {
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "settings" }, Data = new Dictionary<string, string> { ["greeting"] = "hello from a configmap" } },
            cluster.Namespace,
            cancellationToken: Token);
        var container = JobRunnerCluster.Shell("echo \"$GREETING|$PLAIN|$POD_NS|$COMBINED\"");
        container.Env =
        [
            new V1EnvVar { Name = "GREETING", ValueFrom = new V1EnvVarSource { ConfigMapKeyRef = new V1ConfigMapKeySelector { Name = "settings", Key = "greeting" } } },
            new V1EnvVar { Name = "PLAIN", Value = "plain" },
            new V1EnvVar { Name = "POD_NS", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.namespace" } } },
            new V1EnvVar { Name = "COMBINED", Value = "$(PLAIN)-x" },
        ];

        var (_, log) = await cluster.RunToEndAsync(JobRunnerCluster.Job("env", container), "Complete", Token);

        log.Should().Be($"hello from a configmap|plain|{cluster.Namespace}|plain-x\n");
    }

    [Fact]
    public async Task Kubectl_logs_prints_a_runner_pods_output()
    {
        if (!File.Exists("/usr/bin/kubectl") && !File.Exists("/usr/local/bin/kubectl"))
        {
            Assert.Skip("kubectl is not installed");
        }

        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        await cluster.RunToEndAsync(JobRunnerCluster.Job("talks", JobRunnerCluster.Shell("echo 'line one'; echo 'line two' >&2")), "Complete", Token);
        var pod = (await cluster.PodsAsync("talks", Token)).Single().Metadata.Name;

        var info = new ProcessStartInfo("kubectl", ["--kubeconfig", cluster.Server.KubeconfigPath, "-n", cluster.Namespace, "logs", pod])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var kubectl = Process.Start(info)!;
        var output = await kubectl.StandardOutput.ReadToEndAsync(Token);
        var error = await kubectl.StandardError.ReadToEndAsync(Token);
        await kubectl.WaitForExitAsync(Token);

        kubectl.ExitCode.Should().Be(0, error);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().BeEquivalentTo("line one", "line two");
    }

    private static List<string> SleepProcesses(string marker) =>
        [.. Directory.GetDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out _))
            .Select(d =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
                }
                catch (IOException)
                {
                    return "";
                }
                catch (UnauthorizedAccessException)
                {
                    return "";
                }
            })
            .Where(c => c.Contains(marker, StringComparison.Ordinal))];
}
