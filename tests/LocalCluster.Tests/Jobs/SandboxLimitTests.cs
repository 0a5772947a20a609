using DynamoMcp.LocalCluster.Jobs.Limits;
using k8s;
using k8s.Models;

namespace DynamoMcp.LocalCluster.Tests.Jobs;

/// <summary>
/// Hostile containers against the local runner's limits. Each test watches the host itself (<see cref="HostProcessSampler"/>):
/// the processes and memory the container really held, the bytes it really wrote, not only the phase it ended in.
/// </summary>
public sealed class SandboxLimitTests
{
    private const long Mi = 1024 * 1024;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_container_over_its_memory_limit_is_OOMKilled_and_never_holds_more_than_the_limit()
    {
        SkipUnlessCgroups();
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        var marker = Marker();
        // 8 MiB every 50 ms: slow enough that the host sampler sees it grow before the kernel kills it.
        var container = Python(marker, "chunks = []\nfor i in range(50):\n    chunks.append(b'\\x01' * (8 << 20))\n    print('allocated', (i + 1) * 8, 'MiB', flush=True)\n    __import__('time').sleep(0.05)\n");
        container.Resources = Limits(memory: "64Mi");

        await using var sampler = new HostProcessSampler(marker);
        await cluster.CreateAsync(JobRunnerCluster.Job("hog", container), Token);
        await cluster.WaitForConditionAsync("hog", "Failed", Token);
        await sampler.StopAsync();

        var terminated = (await cluster.PodsAsync("hog", Token)).Single().Status.ContainerStatuses.Single().State.Terminated;
        terminated.Reason.Should().Be("OOMKilled");
        terminated.ExitCode.Should().Be(137);
        sampler.Samples.Should().BeGreaterThan(3);
        sampler.PeakResidentBytes.Should().BeGreaterThan(16 * Mi, "the script did allocate").And.BeLessThanOrEqualTo(64 * Mi, "the kernel held it to its limit");
        (await cluster.LogAsync((await cluster.PodsAsync("hog", Token)).Single().Metadata.Name, null, Token)).Should().NotContain("allocated 400 MiB");
    }

    [Fact]
    public async Task In_rlimit_mode_processes_that_together_exceed_the_memory_limit_are_OOMKilled()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap && File.Exists("/usr/bin/prlimit"), "bubblewrap and util-linux prlimit are needed");
        await using var cluster = await JobRunnerCluster.StartAsync(Token, o => o.ResourceControl = ResourceControlMode.Rlimits);
        var marker = Marker();
        // Four processes growing to 40 MiB each, 2 MiB every 100 ms: every one under the per-process rlimit, together
        // over the 64 MiB limit after about 0.8 s and at 160 MiB after 2 s, unless the runner stops them.
        var container = Python(marker,
            "import os, time\nfor _ in range(4):\n    if os.fork() == 0:\n        blocks = []\n        for _ in range(20):\n            blocks.append(b'\\x01' * (2 << 20))\n            time.sleep(0.1)\n" +
            "        time.sleep(30)\n        os._exit(0)\ntime.sleep(30)\n");
        container.Resources = Limits(memory: "64Mi");

        await using var sampler = new HostProcessSampler(marker);
        await cluster.CreateAsync(JobRunnerCluster.Job("together", container), Token);
        await cluster.WaitForConditionAsync("together", "Failed", Token);
        await sampler.StopAsync();

        var pod = (await cluster.PodsAsync("together", Token)).Single();
        pod.Status.ContainerStatuses.Single().State.Terminated.Reason.Should().Be("OOMKilled");
        (await cluster.LogAsync(pod.Metadata.Name, null, Token)).Should().Contain("over the limit 64Mi");
        sampler.PeakResidentBytes.Should().BeGreaterThan(32 * Mi, "the processes did allocate")
            .And.BeLessThan(128 * Mi, "the runner stopped the container soon after 64 MiB, long before the 160 MiB it was heading for");
        ProcessCount(marker).Should().Be(0, "no process of the container outlives it");
    }

    [Fact]
    public async Task A_fork_bomb_stops_at_the_pids_limit()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap (/usr/bin/bwrap) is not installed");
        await using var cluster = await JobRunnerCluster.StartAsync(Token, o => o.PodPidsLimit = 40);
        var marker = Marker();
        var container = Python(marker,
            "import os, sys, time\nn = 0\ntry:\n    for _ in range(2000):\n        if os.fork() == 0:\n            time.sleep(5)\n            os._exit(0)\n        n += 1\n" +
            "except OSError as e:\n    print('fork failed after', n, e, flush=True)\n    sys.exit(0)\nprint('forked', n, flush=True)\n");

        await using var sampler = new HostProcessSampler(marker);
        var (_, log) = await cluster.RunToEndAsync(JobRunnerCluster.Job("bomb", container), "Complete", Token);
        await sampler.StopAsync();

        if (Enforcement().Cgroups is not null)
        {
            log.Should().Contain("fork failed after", "pids.max refuses the fork past the limit");
            sampler.PeakProcesses.Should().BeLessThanOrEqualTo(40);
        }
        else
        {
            sampler.PeakProcesses.Should().BeLessThan(2000);
        }

        ProcessCount(marker).Should().Be(0, "the children die with the sandbox");
    }

    [Fact]
    public async Task A_pod_writing_past_its_ephemeral_storage_limit_is_evicted_while_it_writes()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap (/usr/bin/bwrap) is needed to mount the emptyDir");
        var volumes = Directory.CreateTempSubdirectory("limit-volumes-").FullName;
        try
        {
            await using var cluster = await JobRunnerCluster.StartAsync(Token, o => (o.VolumeRoot, o.LimitSampleInterval) = (volumes, TimeSpan.FromMilliseconds(20)));
            var marker = Marker();
            // 4 MiB per 50 ms: fast enough to pass 32Mi within a second, slow enough that a sampler slowed by a busy
            // machine still sees the folder before it doubles (a run caught 64 MiB + 20 bytes writing flat out).
            var container = Python(marker,
                "import os, time\nfor i in range(256):\n    with open(f'/work/part-{i}', 'wb') as f:\n        f.write(b'\\x01' * (4 << 20))\n        f.flush()\n        os.fsync(f.fileno())\n    print('wrote', (i + 1) * 4, 'MiB', flush=True)\n    time.sleep(0.05)\n");
            container.Resources = Limits(storage: "32Mi");
            container.VolumeMounts = [new V1VolumeMount { Name = "work", MountPath = "/work" }];
            var job = JobRunnerCluster.Job("filler", container);
            job.Spec.Template.Spec.Volumes = [new V1Volume { Name = "work", EmptyDir = new V1EmptyDirVolumeSource() }];

            await using var sampler = new HostProcessSampler(marker, volumes);
            await cluster.CreateAsync(job, Token);
            await cluster.WaitForConditionAsync("filler", "Failed", Token);
            await sampler.StopAsync();

            var pod = (await cluster.PodsAsync("filler", Token)).Single();
            pod.Status.Reason.Should().Be("Evicted");
            pod.Status.Message.Should().Be("Pod ephemeral local storage usage exceeds the total limit of containers 32Mi.");
            // The script would write 1 GiB. Stopped soon after passing 32Mi: a busy machine delays both the runner's
            // sampling and this test's (a full parallel run saw 80 MiB), so the bound is far below 1 GiB, not at 2 × 32Mi.
            sampler.PeakFolderBytes.Should().BeGreaterThan(16 * Mi, "the script did write")
                .And.BeLessThan(256 * Mi, "it was stopped soon after passing 32Mi, not after writing 1 GiB");
        }
        finally
        {
            Directory.Delete(volumes, recursive: true);
        }
    }

    [Fact]
    public async Task An_empty_dir_over_its_size_limit_evicts_the_pod()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap (/usr/bin/bwrap) is needed to mount the emptyDir");
        await using var cluster = await JobRunnerCluster.StartAsync(Token, o => o.LimitSampleInterval = TimeSpan.FromMilliseconds(20));
        var container = Python(Marker(), "import time\nfor i in range(64):\n    open(f'/scratch/part-{i}', 'wb').write(b'\\x01' * (1 << 20))\n    time.sleep(0.01)\ntime.sleep(30)\n");
        container.VolumeMounts = [new V1VolumeMount { Name = "scratch", MountPath = "/scratch" }];
        var job = JobRunnerCluster.Job("sized", container);
        job.Spec.Template.Spec.Volumes = [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("8Mi") } }];

        await cluster.CreateAsync(job, Token);
        await cluster.WaitForConditionAsync("sized", "Failed", Token);

        var pod = (await cluster.PodsAsync("sized", Token)).Single();
        pod.Status.Reason.Should().Be("Evicted");
        pod.Status.Message.Should().Be("Usage of EmptyDir volume \"scratch\" exceeds the limit \"8Mi\". ");
    }

    [Fact]
    public async Task A_single_file_cannot_grow_past_the_ephemeral_storage_limit()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap && File.Exists("/usr/bin/prlimit"), "bubblewrap and util-linux prlimit are needed");
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        var container = Python(Marker(), "try:\n    with open('/tmp/one', 'wb') as f:\n        f.write(b'\\x01' * (48 << 20))\nexcept OSError as e:\n    print('refused:', e.strerror, flush=True)\n");
        container.Resources = Limits(storage: "16Mi", memory: "256Mi");

        var (_, log) = await cluster.RunToEndAsync(JobRunnerCluster.Job("one-file", container), "Complete", Token);

        // Seen once under the full parallel suite: an empty log from a Complete Job. Say what the pod reported if again.
        var pod = (await cluster.PodsAsync("one-file", Token)).Single();
        log.Should().Contain("refused: File too large",
            $"RLIMIT_FSIZE holds every file to the limit (pod {pod.Metadata.Name}: {k8s.KubernetesJson.Serialize(pod.Status.ContainerStatuses)})");
    }

    [Fact]
    public async Task A_busy_container_gets_no_more_cpu_than_its_limit()
    {
        SkipUnlessCgroups();
        Assert.SkipUnless(Enforcement().Cgroups!.EnforcesCpu, "the cpu controller is not available to this process");
        await using var cluster = await JobRunnerCluster.StartAsync(Token);
        var container = Python(Marker(), "import os, time\nend = time.monotonic() + 2\nwhile time.monotonic() < end:\n    pass\nt = os.times()\nprint(f'cpu={t.user + t.system:.3f}', flush=True)\n");
        container.Resources = Limits(cpu: "200m");

        var (_, log) = await cluster.RunToEndAsync(JobRunnerCluster.Job("spinner", container), "Complete", Token);

        var cpu = double.Parse(log.Split('\n').Single(l => l.StartsWith("cpu=", StringComparison.Ordinal))[4..], System.Globalization.CultureInfo.InvariantCulture);
        // Unthrottled, two seconds of spinning take two CPU seconds; at 200m the kernel allows about 0.4.
        cpu.Should().BeLessThan(0.8);
    }

    private static V1Container Python(string marker, string script) =>
        new() { Name = "main", Image = "python:3", Command = ["/usr/bin/python3", "-c", script, marker] };

    private static V1ResourceRequirements Limits(string? memory = null, string? cpu = null, string? storage = null)
    {
        var limits = new Dictionary<string, ResourceQuantity>();
        if (memory is not null)
        {
            limits["memory"] = new ResourceQuantity(memory);
        }

        if (cpu is not null)
        {
            limits["cpu"] = new ResourceQuantity(cpu);
        }

        if (storage is not null)
        {
            limits["ephemeral-storage"] = new ResourceQuantity(storage);
        }

        return new V1ResourceRequirements { Limits = limits };
    }

    private static string Marker() => "dynamo-limit-test-" + Guid.NewGuid().ToString("N")[..12];

    private static int ProcessCount(string marker) =>
        Directory.EnumerateDirectories("/proc").Count(d =>
        {
            try
            {
                return int.TryParse(Path.GetFileName(d), out _) && File.ReadAllText(Path.Combine(d, "cmdline")).Contains(marker, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false;
            }
        });

    private static readonly Lazy<LimitEnforcement> Detected = new(() => LimitEnforcement.Detect(ResourceControlMode.Auto, "/usr/bin/prlimit"));

    private static LimitEnforcement Enforcement() => Detected.Value;

    private static void SkipUnlessCgroups()
    {
        Assert.SkipUnless(JobRunnerCluster.HasBubblewrap, "bubblewrap (/usr/bin/bwrap) is not installed");
        Assert.SkipUnless(Enforcement().Cgroups is not null, "this process may not create cgroups here: " + Enforcement().Description);
    }
}
