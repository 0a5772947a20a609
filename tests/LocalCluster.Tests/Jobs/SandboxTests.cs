using k8s;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Jobs;

public sealed class SandboxTests
{
    private const string RunnerSecret = "DYNAMO_MCP_TEST_RUNNER_SECRET";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sandboxed_container_cannot_write_the_host_see_the_network_host_processes_or_the_runners_env()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap (/usr/bin/bwrap) is not installed");
        Environment.SetEnvironmentVariable(RunnerSecret, "must-not-leak");
        var hostDirectory = Directory.CreateTempSubdirectory("sandbox-probe-").FullName;
        try
        {
            await using var cluster = await JobRunnerCluster.StartAsync(Token);
            var script = string.Join("; ",
                "touch /etc/x 2>/dev/null && echo etc=writable || echo etc=denied",
                $"mkdir -p {hostDirectory} 2>/dev/null; echo leaked > {hostDirectory}/file 2>/dev/null; echo host-probe-done",
                "echo > /tmp/ok && echo tmp=writable",
                "echo interfaces=$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\\n' ,)",
                "echo pids=$(ls /proc | grep -c '^[0-9]')",
                "env | grep -c " + RunnerSecret + " | sed 's/^/secret=/'");
            var container = JobRunnerCluster.Shell(script);
            container.SecurityContext = new V1SecurityContext { ReadOnlyRootFilesystem = true, RunAsUser = 1000 };

            var (_, log) = await cluster.RunToEndAsync(JobRunnerCluster.Job("probe", container), "Complete", Token);

            log.Should().Contain("etc=denied").And.Contain("tmp=writable").And.Contain("host-probe-done");
            File.Exists(Path.Combine(hostDirectory, "file")).Should().BeFalse("writes outside volumes stay inside the sandbox");
            log.Should().Contain("interfaces=lo,\n", "the sandbox has only a private loopback");
            var pids = int.Parse(log.Split('\n').Single(l => l.StartsWith("pids=", StringComparison.Ordinal))[5..], System.Globalization.CultureInfo.InvariantCulture);
            pids.Should().BeLessThan(10, "only the sandbox's own processes are visible");
            log.Should().Contain("secret=0");
        }
        finally
        {
            Environment.SetEnvironmentVariable(RunnerSecret, null);
            Directory.Delete(hostDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task An_empty_dir_is_shared_between_init_container_and_container()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap (/usr/bin/bwrap) is needed to mount volumes at their paths");
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        var init = JobRunnerCluster.Shell("echo from-init > /shared/message; echo init-ran", "prepare");
        init.VolumeMounts = [new V1VolumeMount { Name = "shared", MountPath = "/shared" }];
        var main = JobRunnerCluster.Shell("cat /shared/message");
        main.VolumeMounts = [new V1VolumeMount { Name = "shared", MountPath = "/shared" }];
        var job = JobRunnerCluster.Job("handoff", main);
        job.Spec.Template.Spec.InitContainers = [init];
        job.Spec.Template.Spec.Volumes = [new V1Volume { Name = "shared", EmptyDir = new V1EmptyDirVolumeSource() }];

        var (_, log) = await cluster.RunToEndAsync(job, "Complete", Token);

        log.Should().Be("from-init\n");
        var pod = (await cluster.PodsAsync("handoff", Token)).Single();
        (await cluster.LogAsync(pod.Metadata.Name, "prepare", Token)).Should().Be("init-ran\n");
        pod.Status.InitContainerStatuses.Should().ContainSingle().Which.State.Terminated.ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Secret_and_configmap_volumes_are_read_only_files()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap (/usr/bin/bwrap) is needed to mount volumes at their paths");
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "creds" }, Data = new Dictionary<string, byte[]> { ["token"] = "t0ken"u8.ToArray() } },
            cluster.Namespace,
            cancellationToken: Token);
        var main = JobRunnerCluster.Shell("cat /secrets/token; echo; (echo x > /secrets/token) 2>/dev/null && echo writable || echo read-only");
        main.VolumeMounts = [new V1VolumeMount { Name = "creds", MountPath = "/secrets" }];
        var job = JobRunnerCluster.Job("reads-secret", main);
        job.Spec.Template.Spec.Volumes = [new V1Volume { Name = "creds", Secret = new V1SecretVolumeSource { SecretName = "creds" } }];

        var (_, log) = await cluster.RunToEndAsync(job, "Complete", Token);

        log.Should().Be("t0ken\nread-only\n");
    }
}
