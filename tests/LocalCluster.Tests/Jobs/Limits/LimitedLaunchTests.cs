using DynamoMcp.LocalCluster.Jobs;
using DynamoMcp.LocalCluster.Jobs.Limits;

namespace DynamoMcp.LocalCluster.Tests.Jobs.Limits;

public sealed class LimitedLaunchTests
{
    private static readonly ContainerLaunch Bwrap = new()
    {
        FileName = "/usr/bin/bwrap",
        Arguments = ["--unshare-pid", "--", "python3", "-c", "print(1)"],
        Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin" },
        WorkingDirectory = "/",
        Sandboxed = true,
    };

    private static readonly ContainerLimits Limits = new(1000, 64L << 20, 32L << 20, 100);

    [Fact]
    public void With_cgroups_a_shell_joins_every_cgroup_then_execs_prlimit_with_the_file_size_cap_then_the_launch()
    {
        var launch = LimitedLaunch.Wrap(Bwrap, Limits, ["/cg/memory/x/cgroup.procs", "/cg/pids/x/cgroup.procs"], "/usr/bin/prlimit", memoryAndPidsByRlimit: false);

        launch.FileName.Should().Be("/bin/sh");
        launch.Arguments.Skip(2).Should().Equal(
            "dynamo-mcp-join", "2", "/cg/memory/x/cgroup.procs", "/cg/pids/x/cgroup.procs",
            "/usr/bin/prlimit", "--core=0", "--fsize=33554432", "--",
            "/usr/bin/bwrap", "--unshare-pid", "--", "python3", "-c", "print(1)");
        launch.Environment.Should().BeSameAs(Bwrap.Environment);
        launch.Sandboxed.Should().BeTrue();
    }

    [Fact]
    public void Without_cgroups_prlimit_also_caps_memory_and_processes()
    {
        var launch = LimitedLaunch.Wrap(Bwrap, Limits, [], "/usr/bin/prlimit", memoryAndPidsByRlimit: true);

        launch.FileName.Should().Be("/usr/bin/prlimit");
        launch.Arguments.Should().StartWith(["--core=0", "--fsize=33554432", "--data=67108864", "--nproc=100", "--", "/usr/bin/bwrap"]);
    }

    [Fact]
    public void Nothing_to_enforce_leaves_the_launch_alone() =>
        LimitedLaunch.Wrap(Bwrap, Limits, [], prlimitPath: null, memoryAndPidsByRlimit: false).Should().BeSameAs(Bwrap);

    [Fact]
    public async Task The_join_script_really_writes_its_own_pid_before_it_execs()
    {
        Assert.SkipUnless(File.Exists("/bin/sh"), "/bin/sh is needed");
        var folder = Directory.CreateTempSubdirectory("join-").FullName;
        try
        {
            var procs = Path.Combine(folder, "cgroup.procs");
            var launch = LimitedLaunch.Wrap(
                Bwrap with { FileName = "/bin/sh", Arguments = ["-c", "echo $$"], Sandboxed = false }, ContainerLimits.None, [procs], null, false);
            var info = new System.Diagnostics.ProcessStartInfo(launch.FileName) { RedirectStandardOutput = true };
            foreach (var argument in launch.Arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = System.Diagnostics.Process.Start(info)!;
            var printed = (await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)).Trim();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);

            (await File.ReadAllTextAsync(procs, TestContext.Current.CancellationToken)).Trim().Should().Be(printed, "the command runs as the very process that joined");
            printed.Should().Be(process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
